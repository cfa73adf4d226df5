// The aggregate method's forward pass (docs/admm.md, "Speed"): the hard-spike simulation of the
// float model, computing only what the aggregate blocks and the monitor read, never the spike
// trains of every step.
//
// For a stack of layers (every layer but possibly the last spikes; the last may be an integrator)
// and every sample, it returns
//   features[l]      n_l × N   f_l = Σ_t δ^{T−1−t} s_{l,t}, the discounted spike count of spiking layer l
//                               (δ = `feature_leak`, what readout::layer_features computes);
//   spike_counts[l]  n_l       spikes of layer l summed over samples and steps (what core::simulate counts);
//   output           n_L × N   v_{L,T} of an integrator last layer (empty when every layer spikes);
//   predictions      N         argmax of `output`, ties → the lowest index (empty without an integrator).
//
// The arithmetic is core::simulate's (core/float_sim.cpp): per sample and step a neuron's input
// current is the sum of the weights of its active inputs in ascending input order, starting from
// zero, then the bias; v = δ v + i − θ s (subtract) or v = δ(1 − s) v + i (zero); s = [v > θ]. Only
// the loop order differs: a tile of neurons runs all T steps of one sample with its state in
// registers, so the floats are the same (the test compares bit for bit with core::simulate +
// discounting). Memory: the outputs plus, per block of samples, the spikes of one layer.
// Samples are split into blocks run in parallel (OpenMP); spike counts are integers summed
// exactly, so results do not depend on the thread count.
#pragma once
#include <vector>

#include <Eigen/Core>

#include "core/network.hpp"
#include "core/spikes.hpp"

namespace spikeforge::trainer::admm {

struct FeaturePass {
  std::vector<Eigen::MatrixXf> features;      ///< Per spiking layer, n_l × N.
  std::vector<Eigen::VectorXd> spike_counts;  ///< Per spiking layer, n_l.
  Eigen::MatrixXf output;                     ///< n_L × N (integrator last layer) or empty.
  std::vector<int> predictions;               ///< N (integrator last layer) or empty.
};

/// The forward pass of `layers` on `data` (see the header comment). Throws ConfigError when the
/// layers do not chain, the data's inputs differ from the first layer's, or a non-last layer does
/// not spike.
FeaturePass feature_pass(const std::vector<core::Layer>& layers, const core::SpikeBatch& data, double feature_leak);

}  // namespace spikeforge::trainer::admm

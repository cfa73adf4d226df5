// Float simulator of the float model (docs/architecture.md, "Float model"), vectorized over the samples of a batch (Eigen).
//
// Per step t and layer l (column = sample):
//   i = W_l s_{l-1,t} + b_l
//   subtract: v = δ v + i − θ s_prev          zero: v = δ (1 − s_prev) ⊙ v + i
//   s = [v > θ]  (spiking layers; the integrator output never spikes or resets)
// Prediction: argmax of v_{L,T} for an integrator output, of the spike count for a spiking output
// (ties → the lowest index). Layers have no delay: layer l sees layer l−1's step-t spikes at step t.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "core/network.hpp"
#include "core/spikes.hpp"

namespace spikeforge::core {

struct SimOptions {
  bool record_spikes = false;     ///< Keep every layer's spikes per step (dense, n_l × N per step).
  bool record_potentials = false; ///< Keep every layer's v per step (n_l × N per step).
  std::size_t chunk = 1024;       ///< Samples simulated together (memory ∝ chunk); > 0.
};

struct SimResult {
  std::vector<int> predictions;            ///< One per sample.
  Eigen::MatrixXf output;                  ///< n_L × N: v_{L,T} (integrator) or spike counts.
  std::vector<Eigen::VectorXd> spike_counts;  ///< Per layer, per neuron: spikes summed over samples and steps.
  /// Filled on request: [layer][t] is n_l × N.
  std::vector<std::vector<Eigen::MatrixXf>> spikes;
  std::vector<std::vector<Eigen::MatrixXf>> potentials;
};

/// Simulates every sample of `batch`. Throws ConfigError if the batch's inputs differ from the
/// network's or options are invalid.
SimResult simulate(const FloatNetwork& net, const SpikeBatch& batch, const SimOptions& options = {});

/// Plain reference twin: one sample, scalar loops, no Eigen products. Returns the output vector
/// (v_{L,T} or spike counts) and fills `spikes_out[l][t]` (list of spiking neurons) if non-null.
Eigen::VectorXf simulate_reference(const FloatNetwork& net, const SpikeBatch& batch, std::size_t sample,
                                   std::vector<std::vector<std::vector<std::uint32_t>>>* spikes_out = nullptr);

}  // namespace spikeforge::core

// Quantization-aware fine-tuning hooks shared by the trainers (BPTT straight-through, ADMM
// projection block). The trainer knows nothing of chips: it is handed a WeightProjection that maps
// a layer's float weights and bias onto the values some target can represent (float units, the
// same units as core::Layer), and a network to start from. cli/ builds both (from quantizer/grid.hpp).
//
// Contract of `project(layer, w, bias)`: w is n_out × n_in and bias n_out of layer `layer`
// (0 = first layer); both are overwritten in place with their projections; shapes are unchanged.
// A projection is idempotent (projecting twice = projecting once).
#pragma once
#include <cstddef>
#include <functional>

#include <Eigen/Core>

#include "core/network.hpp"

namespace spikeforge::trainer {

struct WeightProjection {
  std::function<void(std::size_t layer, Eigen::MatrixXf& w, Eigen::VectorXf& bias)> project;

  [[nodiscard]] bool enabled() const { return static_cast<bool>(project); }

  /// Projects every layer of `net` in place (no-op when disabled).
  void apply(core::FloatNetwork& net) const {
    if (!enabled()) return;
    for (std::size_t l = 0; l < net.layers.size(); ++l) project(l, net.layers[l].weights, net.layers[l].bias);
  }
};

/// Keeps the `max_fan_in` largest-magnitude weights of every row of `w` (every neuron's fan-in) and
/// zeroes the others (ties: the lower column index stays). The exact Euclidean projection onto
/// "at most K nonzeros per row". ConfigError "max_fan_in = <K> must be >= 1" for K < 1.
///
/// With group = G > 1 the rows form consecutive groups of G neurons (the last one may be smaller)
/// that share one fan-in set: per group, the K columns with the largest Σ_rows w² stay and the
/// others are zeroed in every row of the group (ties: the lower column). The exact projection onto
/// "each group uses at most K inputs" (a group-sparse constraint: ||W − X||² splits over columns).
/// G = the RTL core's lanes P makes whole rows of its sparse weight layout empty, which the core
/// skips (docs/formats-rtl.md); G = 1 is the per-neuron projection. ConfigError for G < 1.
void keep_largest_per_row(Eigen::MatrixXf& w, int max_fan_in, int group = 1);

/// A second projection for chips with limited synapse memory: keep_largest_per_row, then `inner`
/// (e.g. the chip's weight grid; disabled = sparsity only). Zeros stay zero under a grid (0 is
/// on every grid), so the result has at most K nonzeros per neuron and projecting twice equals
/// projecting once. It is the exact projection onto the intersection only when inner is the
/// identity; with a grid it is the composition (sparsify, then round). ConfigError for K < 1.
WeightProjection with_max_fan_in(WeightProjection inner, int max_fan_in, int group = 1);

/// Nonzero weights per neuron (per row) of one layer: the largest count and the mean.
struct FanIn {
  Eigen::Index max = 0;
  double mean = 0.0;
};
FanIn nonzeros_per_neuron(const Eigen::MatrixXf& w);

/// Where a trainer starts and what it trains onto: fine-tuning instead of training from scratch.
struct FineTune {
  const core::FloatNetwork* start = nullptr;  ///< nullptr: the trainer's own initial network.
  WeightProjection projection;               ///< Disabled: plain float training.

  [[nodiscard]] bool active() const { return start != nullptr || projection.enabled(); }
};

}  // namespace spikeforge::trainer

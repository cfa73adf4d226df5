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

/// Where a trainer starts and what it trains onto: fine-tuning instead of training from scratch.
struct FineTune {
  const core::FloatNetwork* start = nullptr;  ///< nullptr: the trainer's own initial network.
  WeightProjection projection;               ///< Disabled: plain float training.

  [[nodiscard]] bool active() const { return start != nullptr || projection.enabled(); }
};

}  // namespace spikeforge::trainer

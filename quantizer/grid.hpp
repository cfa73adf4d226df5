// The chip's weight grid, in float units: for a network, profile and MappingOptions, the exact
// float values map_network (quantizer/mapping.hpp) produces for each layer's weights and biases
// once dequantized. Quantization-aware fine-tuning (cli `quantize --finetune`) projects a
// trainer's weights onto it (trainer/projection.hpp).
//
// Dequantization of a mapped layer (q = weight quantum, s = scale = q / 2^weight_exp):
//   weight  w_int · q          (w_int the chip's effective weight: clipped and truncated)
//   bias    bias_mant · 2^bias_exp · s / 64
// The grid of a layer depends on the layer's own weights (q = max|w| / top, the sign mode comes
// from the weights' signs, weight_exp and bias_exp from the integer sums and the bias range), so a
// projection is computed by mapping the layer and dequantizing it; it is repeated until nothing
// changes (a sign-mode or exponent flip caused by the rounding itself takes a second pass), so the
// result is a fixed point: map_network of a projected network dequantizes back to it exactly.
// Thresholds and leaks are not projected (they are not trained; the mapping rounds them itself).
#pragma once
#include <cstddef>

#include <Eigen/Core>

#include "core/network.hpp"
#include "quantizer/fixed_network.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"

namespace spikeforge::quantizer {

/// The float weights (n_out × n_in) and biases (n_out) a fixed layer represents, given its
/// weight quantum q (float weight per integer weight step; LayerMappingReport::weight_quantum).
struct DequantizedLayer {
  Eigen::MatrixXf weights;
  Eigen::VectorXf bias;
};
DequantizedLayer dequantize_layer(const FixedLayer& layer, double weight_quantum);

/// Projections onto the grid map_network uses for networks shaped and configured like `net`.
class WeightGrid {
 public:
  /// Checks the profile, options and that `net` maps at all (map_network's ConfigErrors: reset
  /// mode, limits, weight bits). Keeps the neuron parameters and encoding of `net`.
  WeightGrid(const core::FloatNetwork& net, ChipProfile profile, MappingOptions options);

  /// Projects layer `l`'s weights and bias in place (shapes must match the network's layer l;
  /// ConfigError otherwise). Idempotent.
  void project_layer(std::size_t l, Eigen::MatrixXf& weights, Eigen::VectorXf& bias) const;

  /// A copy of `net` (same shapes as the constructor's) with every layer projected.
  [[nodiscard]] core::FloatNetwork project(const core::FloatNetwork& net) const;

  [[nodiscard]] const ChipProfile& profile() const { return profile_; }
  [[nodiscard]] const MappingOptions& options() const { return options_; }

 private:
  core::FloatNetwork shape_;  ///< Layers without weights: neuron parameters and sizes; encoding.
  std::vector<Eigen::Index> rows_, cols_;
  ChipProfile profile_;
  MappingOptions options_;
};

}  // namespace spikeforge::quantizer

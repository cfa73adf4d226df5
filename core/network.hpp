// FloatNetwork: the float LIF network every stage shares (docs/architecture.md, "Neuron semantics").
//
// Layers l = 1..L, fully connected, in input -> output order. Layer l has
//   weights  W_l : n_l × n_{l-1}   (dimensionless; input to the membrane per presynaptic spike)
//   bias     b_l : n_l             (added to the input current every step)
//   neuron   leak δ ∈ (0, 1] (per step), threshold θ > 0, reset mode, spiking or integrator.
// Hidden layers spike; the output layer is usually a non-spiking leaky integrator whose final
// potential v_{L,T} is the readout (spiking output with spike-count readout is an option).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

namespace spikeforge::core {

enum class ResetMode { subtract, zero };

/// "subtract" | "zero"; throws ConfigError naming `field` for anything else.
ResetMode parse_reset_mode(const std::string& text, const std::string& field = "reset");
const char* to_string(ResetMode mode);

/// Per-layer neuron parameters (all neurons of a layer share them).
struct NeuronParams {
  float leak = 0.95F;       ///< δ: membrane decay per step, dimensionless, in (0, 1].
  float v_thresh = 1.0F;    ///< θ: spike when v > θ (strict), same units as W·s.
  ResetMode reset = ResetMode::subtract;
  bool spiking = true;      ///< false: leaky integrator (never spikes, no reset).
};

struct Layer {
  Eigen::MatrixXf weights;  ///< n_out × n_in.
  Eigen::VectorXf bias;     ///< n_out (zeros when the layer has no bias).
  NeuronParams neuron;

  [[nodiscard]] int inputs() const { return static_cast<int>(weights.cols()); }
  [[nodiscard]] int outputs() const { return static_cast<int>(weights.rows()); }
};

/// How the training data was turned into spikes; later commands default to it.
struct EncodingInfo {
  std::string dataset;            ///< "fashion-mnist", "nmnist", "shd", "synthetic", or "".
  std::string encoding = "rate";  ///< "rate" | "latency" | "events".
  int steps = 25;                 ///< T.
  std::uint64_t seed = 1;
  double bin_us = 1000.0;         ///< Event binning width Δt in µs (event data only).
  /// Latency encoding only: pixels with value/255 <= cutoff never spike; [0, 1). Files without
  /// the key were encoded with the default.
  double latency_cutoff = 0.2;
};

class FloatNetwork {
 public:
  std::vector<Layer> layers;
  EncodingInfo encoding;
  std::string metadata_json = "{}";  ///< Free-form training metadata (a JSON object, kept verbatim).

  [[nodiscard]] int inputs() const { return layers.empty() ? 0 : layers.front().inputs(); }
  [[nodiscard]] int outputs() const { return layers.empty() ? 0 : layers.back().outputs(); }
  [[nodiscard]] std::size_t depth() const { return layers.size(); }
  /// Total number of synapses (Σ n_l · n_{l-1}).
  [[nodiscard]] std::int64_t synapses() const;

  /// Throws ConfigError naming the layer, field and value if: no layers; shapes do not chain;
  /// bias size differs from the layer's outputs; any weight/bias is NaN/Inf; δ outside (0, 1];
  /// θ not finite or ≤ 0; a hidden layer that does not spike.
  void validate() const;
};

}  // namespace spikeforge::core

// FixedNetwork: a network in a chip's integer format (net.q.json, "spikeforge.fixed/1").
// Semantics: docs/fixed-point.md (Lava's bit-accurate LIF and Dense, plus reset = subtract, our
// extension); the constants and rules are in quantizer/fixed_point.hpp.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "core/network.hpp"
#include "quantizer/fixed_point.hpp"

namespace spikeforge::quantizer {

/// Lava's Dense sign modes.
enum class SignMode : int { mixed = 1, excitatory = 2, inhibitory = 3 };

/// Integer weights, column-major n_out × n_in so that the column of one input is contiguous
/// (event-driven accumulation touches only the columns of spiking inputs).
using WeightMatrix = Eigen::Matrix<std::int16_t, Eigen::Dynamic, Eigen::Dynamic>;

struct FixedLayer {
  /// Effective weights as the chip holds them: already clipped and LSB-truncated for
  /// (num_weight_bits, sign_mode), so the golden model uses them as they are. n_out × n_in.
  WeightMatrix weights;
  int weight_exp = 0;        ///< Accumulated input is shifted by weight_exp (left if ≥ 0, arithmetic right if < 0).
  int num_weight_bits = 8;   ///< 1..8.
  SignMode sign_mode = SignMode::mixed;
  int du = kDuNoCurrent;     ///< Current decay, 12-bit; u' = trunc12(u·(4096 − (du + 1))) + (a << 6).
  int dv = 0;                ///< Voltage decay, 12-bit; v' = trunc12(v·(4096 − dv)) + u' + bias.
  std::int32_t vth = 0;      ///< Threshold mantissa; spike if v' > (vth << 6).
  std::vector<std::int32_t> bias_mant;  ///< Per neuron, 13-bit signed; bias = bias_mant · 2^bias_exp.
  int bias_exp = 0;          ///< 3-bit.
  core::ResetMode reset = core::ResetMode::zero;
  bool spiking = true;       ///< false: the output integrator (never spikes, never resets).
  double scale = 1.0;        ///< Float units per unit of v (v_float ≈ v_int · scale / 64); informational.

  [[nodiscard]] int inputs() const { return static_cast<int>(weights.cols()); }
  [[nodiscard]] int outputs() const { return static_cast<int>(weights.rows()); }
};

struct FixedNetwork {
  std::string profile;             ///< Name of the ChipProfile it was mapped for.
  std::vector<FixedLayer> layers;  ///< Input → output.
  core::EncodingInfo encoding;     ///< Carried over from the float network.
  std::string metadata_json = "{}";

  [[nodiscard]] int inputs() const { return layers.empty() ? 0 : layers.front().inputs(); }
  [[nodiscard]] int outputs() const { return layers.empty() ? 0 : layers.back().outputs(); }
  /// Total number of synapses (Σ n_out · n_in).
  [[nodiscard]] std::int64_t synapses() const;

  /// Throws ConfigError "fixed network: layer <l> <field> = <value> ..." if: no layers; shapes do
  /// not chain; bias_mant size differs from outputs; any value outside the format ranges above;
  /// a weight that is not its own clip + truncation for (num_weight_bits, sign_mode)
  /// (quantizer/dense.hpp); a hidden layer that does not spike.
  void validate() const;
};

}  // namespace spikeforge::quantizer

// Float → fixed mapping: FloatNetwork (core/network.hpp) → FixedNetwork for a ChipProfile.
//
// Units. For each layer we pick a weight quantum q (float weight per integer weight step) and a
// weight_exp e; the layer's scale is s = q / 2^e, meaning v_float = v_int · s / 64. Then
//   weights   w_int = round(w / q)            (contribute (acc << e) << 6 to u and v: w_int·2^e·64·s/64 = w_int·q)
//   threshold vth   = round(θ / s)            (compared as vth << 6)
//   bias      bias_mant · 2^bias_exp = round(b · 64 / s)   (added to v directly, not ×64)
//   leak      du = 4095 (u' = a << 6: the float model's instantaneous synapse), dv = round(4096 (1 − δ))
// Choices, per layer, keeping the most precision the profile allows:
//   bits      = profile max (or MappingOptions::weight_bits); sign mode inferred from the float
//               weights' signs (Lava's rule) when the profile supports it, else MIXED.
//   q         = max|w| / top, top = the largest magnitude representable after clip + truncation
//               (254 for MIXED 8-bit since k = 8 − bits + 1 drops the LSB, 255 for EXCITATORY /
//               INHIBITORY 8-bit); weights are rounded to the nearest multiple of 2^k, so the
//               chip's truncation leaves them unchanged.
//   e         = the largest weight_exp in the profile's range such that (1) vth = round(θ·2^e/q)
//               fits vth_bits, (2) the worst-case one-step input never wraps u: B·2^e < 2^17 with
//               B = max over neurons of max(Σ positive w_int, Σ |negative w_int|); for the output
//               integrator also (3) the worst-case T-step sum of inputs and bias stays below the
//               v saturation, unless that would need e < 0 (then e = min(0, bound of (1)(2)) and
//               the report flags v_saturation_possible). If even exp_min breaks (1), vth saturates
//               (counted); if it breaks (2), the report flags u_wrap_possible.
//   bias_exp  = the smallest value in [0, 2^bias_exp_bits − 1] whose mantissas fit bias_mant_bits;
//               mantissas beyond it saturate (counted).
// With MappingOptions::netx_exact: e = 0 and bias_exp = 6 in every layer; instead of a negative e,
// q is doubled until (1) and (2) hold (at most 8 times); reset zero; MIXED for all-negative weights.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/network.hpp"
#include "quantizer/fixed_network.hpp"
#include "quantizer/profile.hpp"

namespace spikeforge::quantizer {

struct MappingOptions {
  bool allow_reset_change = false;  ///< Map an unsupported reset mode to the chip's first one instead of failing.
  int weight_bits = 0;              ///< 0 = the profile's max_weight_bits; else 1..max_weight_bits.
  /// Map so that lava-dl's netx format holds the network exactly (export/netx.hpp, docs/formats.md):
  /// every layer gets weight_exp = 0 (netx folds the exponent into its 8-bit integer weights; where
  /// the plain mapping would need a negative exponent, the weight quantum is doubled instead),
  /// bias_exp = 6 (netx's bias convention: the stored bias is bias_mant), reset zero (netx's CUBA
  /// neuron; a subtract layer needs allow_reset_change) and no INHIBITORY sign mode (MIXED instead).
  /// Evaluate such a network in Timing::lava to see it as netx runs it.
  bool netx_exact = false;
  /// Throws ConfigError if weight_bits is outside [0, profile.max_weight_bits], or with netx_exact
  /// if the profile lacks weight_exp 0, bias_exp 6 or the zero reset.
  void validate(const ChipProfile& profile) const;
};

/// What the mapping did to one layer.
struct LayerMappingReport {
  int layer = 0;
  double scale = 1.0;            ///< s: v_float = v_int · s / 64.
  double weight_quantum = 1.0;   ///< q = s · 2^weight_exp: float weight per integer weight step.
  int weight_exp = 0;
  int num_weight_bits = 8;
  SignMode sign_mode = SignMode::mixed;
  std::int32_t vth = 0;
  int bias_exp = 0;
  int du = kDuNoCurrent;
  int dv = 0;
  double leak_float = 1.0;       ///< δ.
  double leak_fixed = 1.0;       ///< 1 − dv/4096 (before trunc12 effects).
  double max_abs_weight = 0.0;   ///< max|w| of the float weights.
  std::int64_t clipped_weights = 0;   ///< Weights changed by the chip's clip (beyond the chosen range).
  bool threshold_saturated = false;   ///< round(θ/s) exceeded vth's range.
  double threshold_rel_error = 0.0;   ///< |θ − vth·s| / θ (spiking layers).
  std::int64_t saturated_bias = 0;    ///< Neurons whose bias mantissa saturated.
  double weight_err_max = 0.0;        ///< max |w − w_int·q|.
  double weight_err_rms = 0.0;        ///< RMS of w − w_int·q.
  double weight_err_rel_max = 0.0;    ///< weight_err_max / max|w| (0 if max|w| = 0).
  double weight_err_rel_rms = 0.0;    ///< weight_err_rms / max|w|.
  bool u_wrap_possible = false;       ///< Worst-case one-step input could wrap u.
  bool v_saturation_possible = false; ///< Output integrator: worst-case T-step sum could saturate v.
  bool reset_changed = false;         ///< The profile lacked the float reset mode (allow_reset_change).
  core::ResetMode reset_float = core::ResetMode::zero;
  core::ResetMode reset_fixed = core::ResetMode::zero;
  bool spiking = true;
};

struct MappingReport {
  std::string profile;
  std::vector<LayerMappingReport> layers;
  std::vector<std::string> notes;  ///< Human-readable remarks (reset changes, saturation, ...).
};

struct MappingResult {
  FixedNetwork network;
  MappingReport report;
};

/// Throws ConfigError "quantize: layer <l> <field> = <value> exceeds profile <name>'s limits.<x> = <y>"
/// if the network has more layers, neurons per layer, fan-in or synapses than the profile allows.
void check_limits(const core::FloatNetwork& net, const ChipProfile& profile);

/// Maps `net` (validated first) onto `profile`. ConfigError for a reset mode the profile lacks
/// (unless options.allow_reset_change), a network over the profile's limits, or bad options.
MappingResult map_network(const core::FloatNetwork& net, const ChipProfile& profile, const MappingOptions& options = {});

}  // namespace spikeforge::quantizer

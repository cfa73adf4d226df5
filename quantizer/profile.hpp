// ChipProfile: what a target chip can hold (quantizer/profiles/<name>.json). The quantizer maps
// a float network onto it; the RTL core sizes its memories from it; the energy model picks its
// constant set by `energy_table`. Adding a chip of the same family is adding a file.
//
// Arithmetic the golden model hard-codes (Loihi family: quantizer/fixed_point.hpp, docs/fixed-point.md)
// is checked, not configurable: du/dv are 12-bit (decays are x/4096), u/v are 24-bit, the threshold
// is compared as vth << 6. Everything else (weight bits, sign modes, exponent ranges, threshold and
// bias widths, reset modes, size limits) is read from the file.
//
// JSON layout:
//   { "format": "spikeforge.profile/1", "name": "loihi", "description": "...",
//     "weights":  { "max_bits": 8, "sign_modes": ["mixed", "excitatory", "inhibitory"],
//                   "exp_min": -8, "exp_max": 7 },
//     "neuron":   { "du_bits": 12, "dv_bits": 12, "vth_bits": 17, "bias_mant_bits": 13,
//                   "bias_exp_bits": 3, "u_bits": 24, "v_bits": 24, "reset_modes": ["zero"] },
//     "limits":   { "max_layers": 16, "max_neurons_per_layer": 1024, "max_fan_in": 4096,
//                   "max_synapses": 1048576 },
//     "energy_table": "loihi-2018" }
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/network.hpp"
#include "quantizer/fixed_network.hpp"

namespace spikeforge::quantizer {

struct ChipProfile {
  std::string name;                 ///< e.g. "loihi", "spikeforge-core".
  std::string description;
  std::filesystem::path source;     ///< File it was loaded from ("" if built in code).

  // Weights.
  int max_weight_bits = 8;          ///< num_weight_bits ∈ [1, max_weight_bits]; ≤ 8.
  std::vector<SignMode> sign_modes{SignMode::mixed, SignMode::excitatory, SignMode::inhibitory};
  int weight_exp_min = -8;          ///< Shift applied to the accumulated input, inclusive range.
  int weight_exp_max = 7;

  // Neuron widths (bits).
  int du_bits = kDecayBits;         ///< Unsigned; must be 12 (decay is x/4096).
  int dv_bits = kDecayBits;         ///< Unsigned; must be 12.
  int vth_bits = 17;                ///< Unsigned threshold mantissa: vth ∈ [0, 2^vth_bits − 1].
  int bias_mant_bits = 13;          ///< Signed: bias_mant ∈ [−2^(b−1), 2^(b−1) − 1].
  int bias_exp_bits = 3;            ///< Unsigned: bias_exp ∈ [0, 2^bits − 1].
  int u_bits = kStateBits;          ///< Signed state; must be 24 (golden model's wrap).
  int v_bits = kStateBits;          ///< Signed state; must be 24 (golden model's saturation).
  std::vector<core::ResetMode> reset_modes{core::ResetMode::zero};

  // Size limits (the RTL core sizes memories from them).
  int max_layers = 16;
  int max_neurons_per_layer = 1024;
  int max_fan_in = 4096;
  std::int64_t max_synapses = std::int64_t{1} << 20;

  std::string energy_table;         ///< Name of the energy constant set ("loihi-2018", "horowitz-45nm").

  // Derived ranges.
  [[nodiscard]] std::int32_t vth_max() const { return (std::int32_t{1} << vth_bits) - 1; }
  [[nodiscard]] std::int32_t bias_mant_max() const { return (std::int32_t{1} << (bias_mant_bits - 1)) - 1; }
  [[nodiscard]] std::int32_t bias_mant_min() const { return -(std::int32_t{1} << (bias_mant_bits - 1)); }
  [[nodiscard]] int bias_exp_max() const { return (1 << bias_exp_bits) - 1; }
  [[nodiscard]] bool supports(core::ResetMode mode) const;
  [[nodiscard]] bool supports(SignMode mode) const;

  /// Throws ConfigError "profile <source>: <field> = <value> ..." on the first invalid field:
  /// widths outside [1, 32]; du/dv ≠ 12 or u/v ≠ 24 (hard-coded arithmetic); v_bits < vth_bits + 7
  /// (vth << 6 must fit in signed v); widths wider than the spikeforge.fixed/1 format
  /// (weight bits 8, vth 17, bias_mant 13, bias_exp 3); weight_exp range empty or outside
  /// [kWeightExpMin, kWeightExpMax] = [−8, 7]; no sign or reset mode; non-positive limits;
  /// empty name or energy_table.
  void validate() const;
};

/// Directory searched for `<name>.json`: $SPIKEFORGE_PROFILE_DIR if set, else
/// SPIKEFORGE_SOURCE_DIR "/quantizer/profiles".
std::filesystem::path profile_dir();

/// Loads a profile: a value naming an existing file or ending in ".json" is read as a path,
/// anything else as `<profile_dir()>/<name>.json`. ConfigError for an unknown name (listing the
/// known ones); InputError if a given file is missing, not valid JSON, has the wrong format tag
/// or a field is missing or of the wrong type; ConfigError (via validate()) if a value is invalid.
ChipProfile load_profile(const std::string& name_or_path);

/// Reads and validates one profile file.
ChipProfile read_profile(const std::filesystem::path& path);

/// Names of the profiles in profile_dir() (file stems, sorted).
std::vector<std::string> profile_names();

/// "mixed" | "excitatory" | "inhibitory" (and the reverse; ConfigError naming `field`).
const char* to_string(SignMode mode);
SignMode parse_sign_mode(const std::string& text, const std::string& field = "sign_mode");

}  // namespace spikeforge::quantizer

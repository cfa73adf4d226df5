// net.q.json: a FixedNetwork as JSON ("format": "spikeforge.fixed/1").
//
// Layout (one object per layer, input → output):
//   { "format": "spikeforge.fixed/1", "profile": "loihi", "encoding": {...}, "metadata": {...},
//     "layers": [ { "inputs": n_in, "outputs": n_out,
//                   "weights": [[w, ...], ...],      // n_out rows × n_in ints (effective weights)
//                   "weight_exp": int, "num_weight_bits": 1..8,
//                   "sign_mode": "mixed" | "excitatory" | "inhibitory",
//                   "du": 0..4095, "dv": 0..4095, "vth": 0..2^17−1,
//                   "bias_mant": [int, ...] (13-bit signed), "bias_exp": 0..7,
//                   "reset": "zero" | "subtract", "spiking": bool, "scale": float } ] }
// The reader checks the tag and version, shapes, and every integer against its field's range,
// including that each weight is a fixed point of the (num_weight_bits, sign_mode) clip/truncation
// (quantizer/dense.hpp); then every value against the profile the file names, looked up by name in
// quantizer::profile_dir() (quantizer/profile_check.hpp: the profile's widths, sign and reset modes,
// size limits, and the worst-case input that keeps u within one wrap). It throws InputError naming
// the file, layer, field and value (and the profile's limit).
#pragma once
#include <filesystem>

#include <nlohmann/json.hpp>

#include "quantizer/fixed_network.hpp"

namespace spikeforge::exporter {

/// The format tag written and accepted.
inline constexpr const char* kFixedFormat = "spikeforge.fixed/1";

/// Reads and validates net.q.json. InputError on a missing file, bad JSON, wrong tag, bad shape,
/// any out-of-range integer, an unknown profile or a value outside the profile.
quantizer::FixedNetwork read_fixed_network(const std::filesystem::path& path);

/// Writes net.q.json atomically. ConfigError if `net` violates the ranges the reader checks.
void write_fixed_network(const std::filesystem::path& path, const quantizer::FixedNetwork& net);

/// The JSON document (for callers that embed it); same content as the file.
nlohmann::json fixed_network_to_json(const quantizer::FixedNetwork& net);
/// Parses a document; `source` names the file in error messages.
quantizer::FixedNetwork fixed_network_from_json(const nlohmann::json& doc, const std::string& source);

}  // namespace spikeforge::exporter

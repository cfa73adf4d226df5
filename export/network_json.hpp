// net.json: a FloatNetwork as JSON ("format": "spikeforge.network/1").
//
// Layout (layers input → output; weights are n_out rows of n_in floats):
//   { "format": "spikeforge.network/1",
//     "encoding": { "dataset": str, "encoding": "rate" | "latency" | "events", "steps": int > 0,
//                   "seed": uint64, "bin_us": float > 0 },
//     "readout": "potential" | "spike_count",   // written; on read optional, must match the
//                                               // last layer (integrator → potential)
//     "layers": [ { "inputs": n_in, "outputs": n_out,   // optional on read, checked if present
//                   "weights": [[w, ...], ...], "bias": [b, ...],
//                   "leak": δ ∈ (0, 1], "v_thresh": θ > 0, "reset": "subtract" | "zero",
//                   "spiking": bool } ],
//     "metadata": { ... } }                     // free JSON object, optional on read
// Floats are written so that reading gives back exactly the same float. The reader checks the
// tag and version, every field's presence and type, shapes (rectangular rows, bias size, layers
// chaining), finiteness (JSON has no NaN: a null or string where a number belongs is an error)
// and ranges, and throws core::InputError naming the file, the field path (e.g.
// "layers[1].weights[3][7]") and the value.
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/network.hpp"

namespace spikeforge::exporter {

/// The format tag written and accepted.
inline constexpr const char* kNetworkFormat = "spikeforge.network/1";

/// Reads and validates net.json. InputError on a missing/unreadable file, bad JSON, wrong tag or
/// version, a missing or mistyped field, bad shapes, non-finite or out-of-range values.
core::FloatNetwork read_network(const std::filesystem::path& path);

/// Writes net.json atomically (nothing is written if it fails). ConfigError if `net` does not
/// validate or its metadata_json is not a JSON object; OutputError if the file cannot be written.
void write_network(const std::filesystem::path& path, const core::FloatNetwork& net);

/// The JSON document of `net` (same content as the file; `net` must validate).
nlohmann::json network_to_json(const core::FloatNetwork& net);
/// Parses a document; `source` names the file in error messages (InputError as read_network).
core::FloatNetwork network_from_json(const nlohmann::json& doc, const std::string& source);

/// The "format" tag of any spikeforge JSON file ("spikeforge.network/1", "spikeforge.fixed/1", ...),
/// so commands can accept several kinds. InputError if the file is missing, not JSON, or has no
/// string "format" field.
std::string detect_format(const std::filesystem::path& path);

/// A JSON number that reads back as exactly `x`, printed with as few digits as possible.
nlohmann::json float_to_json(float x);

}  // namespace spikeforge::exporter

// lava.json ("format": "spikeforge.lava/1"): a FixedNetwork described as Lava processes, read by
// export/lava/spikeforge_lava.py (targets lava-nc 0.9 / 0.10, Loihi2SimCfg(select_tag="fixed_pt")).
//
// Layout (docs/formats.md has a full example):
//   { "format": "spikeforge.lava/1", "lava_version": "lava-nc >= 0.9 (tested API: 0.10)",
//     "run_config": {"class": "Loihi2SimCfg", "select_tag": "fixed_pt"},
//     "timing": {"steps": T, "layers": L, "run_steps": T + L, "input_padding": L,
//                "layer_offset": [1..L], "bias_enable_step": [1..L], "output_v_step": T + L},
//     "processes": [ {"name": "input",  "type": "RingBuffer", "shape": [n0], ...},
//                    {"name": "dense1", "type": "Dense", "weights": [[int]], "weight_exp", "num_weight_bits",
//                     "sign_mode": 1|2|3, "sign_mode_name": "MIXED"|"EXCITATORY"|"INHIBITORY"},
//                    or, for a layer stored sparse (LavaConnections below), Lava's Sparse process:
//                    {"name": "sparse1", "type": "Sparse", "shape": [n_out, n_in],
//                     "csr": {"indptr": [n_out + 1 ints], "indices": [nnz], "data": [nnz]},
//                     "weight_exp", "num_weight_bits", "sign_mode", "sign_mode_name"},
//                    {"name": "lif1", "type": "LIF" | "LIFResetSubtract" | "LIFNonSpiking", "shape": [n1],
//                     "du", "dv", "vth", "bias_mant": [int], "bias_exp", "reset", "spiking"}, ... ],
//     "connections": [ {"from": "input.s_out", "to": "dense1.s_in"}, ... ],
//     "spikeforge": {"profile", "encoding", "metadata", "scale": [per layer], ...} }
// Timing: Lava's Dense delays by one step, so layer l's golden step t (1-based) is Lava step t + l;
// the loader runs T + L steps with L zero steps appended to the input (Lava's RingBuffer repeats its
// data) and switches layer l's bias on only from Lava step l + 1, so the l leading Lava steps keep
// the state at zero exactly as the golden model starts.
// The output integrator is a "LIFNonSpiking" (custom process in the loader) whose Lava parameters
// are a LIF with vth = 2^17 − 1: a plain Lava LIF would still spike if v saturated above
// (2^17 − 1) << 6 = 8388544 (v saturates at 2^23 − 1 = 8388607); "spikeforge.vth" keeps the original.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "quantizer/fixed_network.hpp"

namespace spikeforge::exporter {

inline constexpr const char* kLavaFormat = "spikeforge.lava/1";
inline constexpr const char* kLavaVersion = "lava-nc >= 0.9 (API checked against 0.10)";

/// How each layer's synapses are written. Lava's Sparse (lava.proc.sparse.process.Sparse, a
/// scipy CSR matrix, one row per neuron) runs the same bit-accurate arithmetic as Dense
/// (clip, truncate, shift by weight_exp) but stores only the nonzero weights.
///   automatic  Sparse where quantizer::synapse_memory says the compressed-row layout needs fewer
///              bits than the dense one (a pruned layer, e.g. `train --max-fan-in`), else Dense
///   dense      every layer Dense        sparse  every layer Sparse
enum class LavaConnections { automatic, dense, sparse };

/// "auto" | "dense" | "sparse"; ConfigError naming `option` and the value otherwise.
LavaConnections parse_lava_connections(const std::string& text, const std::string& option);
const char* to_string(LavaConnections c);

/// Per layer, true where lava_to_json writes a Sparse process under `connections`.
std::vector<bool> lava_sparse_layers(const quantizer::FixedNetwork& net, LavaConnections connections);

/// The lava.json document for `net` run for `steps` golden steps (T ≥ 1). ConfigError/RangeError if
/// `net` is out of range (check_fixed_network) or steps < 1.
nlohmann::json lava_to_json(const quantizer::FixedNetwork& net, int steps,
                            LavaConnections connections = LavaConnections::automatic);

/// Writes lava.json atomically; steps = 0 means net.encoding.steps.
void write_lava(const std::filesystem::path& path, const quantizer::FixedNetwork& net, int steps = 0,
                LavaConnections connections = LavaConnections::automatic);

/// Parses a lava.json document back into the FixedNetwork it describes (the test round trip).
/// InputError naming `source`, the process, field and value on anything malformed or out of range.
quantizer::FixedNetwork lava_from_json(const nlohmann::json& doc, const std::string& source);

/// Reads lava.json (InputError on a missing file or bad JSON as well).
quantizer::FixedNetwork read_lava(const std::filesystem::path& path);

/// The number of golden steps T stored in a lava.json document.
int lava_steps(const nlohmann::json& doc, const std::string& source);

}  // namespace spikeforge::exporter

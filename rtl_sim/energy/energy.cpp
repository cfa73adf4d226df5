// Energy constant sets (JSON) and per-inference pricing of counted events.
#include "rtl_sim/energy/energy.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/input_path.hpp"

namespace spikeforge::rtl_sim {

namespace {

// Word widths of the core's arrays (rtl/lif_core.sv).
constexpr int kEventBits = 12;      // event-buffer word (INPUT_AW)
constexpr int kFlagWordNeurons = 64;  // neurons per update-flag word
// Adds / compares of one neuron update in lif_datapath.sv (rounding 2, sums 4, wrap 2,
// saturation 2, threshold 1), priced as 32-bit adds; and its two multiplies (32x12, 24x13).
constexpr double kUpdateAdds = 11.0;
constexpr double kUpdateMults = 2.0;
// One catch-up iteration: the v multiply (24x13), its rounding, the bias add, saturation (2) and the
// comparison with the previous v.
constexpr double kCatchupAdds = 5.0;
constexpr double kCatchupMults = 1.0;

double get_j(const nlohmann::json& j, const std::string& key, const std::string& where) {
  if (!j.contains(key) || !j.at(key).is_number()) {
    throw core::InputError("energy: " + where + ": missing or non-numeric '" + key + "'");
  }
  const double v = j.at(key).get<double>();
  if (!(v >= 0.0)) throw core::InputError("energy: " + where + ": '" + key + "' = " + std::to_string(v) + " must be >= 0");
  return v;
}

std::string get_s(const nlohmann::json& j, const std::string& key, const std::string& where) {
  if (!j.contains(key) || !j.at(key).is_string()) throw core::InputError("energy: " + where + ": missing string '" + key + "'");
  return j.at(key).get<std::string>();
}

}  // namespace

double EnergySet::sram_access_j(double bytes, int width_bits) const {
  if (sram_read_64b_j.empty()) throw core::ConfigError("energy: set " + name + " has no SRAM figures");
  double e = sram_read_64b_j.back().second;  // arrays above the largest entry: its figure (a lower bound)
  for (const auto& [size, energy] : sram_read_64b_j) {
    if (bytes <= size) {
      e = energy;
      break;
    }
  }
  return e * static_cast<double>(width_bits) / 64.0;
}

std::filesystem::path default_energy_constants() {
  if (const char* env = std::getenv("SPIKEFORGE_ENERGY_CONSTANTS"); env != nullptr && *env != '\0') return env;
  return SPIKEFORGE_ENERGY_CONSTANTS;
}

std::vector<EnergySet> load_energy_sets(const std::filesystem::path& path) {
  const std::string text = core::read_input_file(path, "energy: constants file");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& e) {
    throw core::InputError("energy: " + path.string() + " is not valid JSON: " + e.what());
  }
  const std::string src = path.string();
  if (!doc.contains("format") || doc["format"] != "spikeforge.energy/1") {
    throw core::InputError("energy: " + src + ": format must be 'spikeforge.energy/1'");
  }
  if (!doc.contains("sets") || !doc["sets"].is_object()) throw core::InputError("energy: " + src + ": missing object 'sets'");
  std::vector<EnergySet> sets;
  for (const auto& [name, j] : doc["sets"].items()) {
    const std::string where = src + " sets." + name;
    EnergySet s;
    s.name = name;
    s.source = get_s(j, "source", where);
    s.node = get_s(j, "node", where);
    s.voltage = get_s(j, "voltage", where);
    s.notes = j.value("notes", "");
    if (j.contains("per_event_j")) {
      for (const auto& [k, v] : j["per_event_j"].items()) {
        (void)v;
        s.per_event_j[k] = get_j(j["per_event_j"], k, where + ".per_event_j");
      }
    }
    if (j.contains("ops_j")) {
      for (const auto& [k, v] : j["ops_j"].items()) {
        (void)v;
        s.ops_j[k] = get_j(j["ops_j"], k, where + ".ops_j");
      }
    }
    if (j.contains("sram_read_64b_j")) {
      for (const auto& e : j["sram_read_64b_j"]) {
        s.sram_read_64b_j.emplace_back(get_j(e, "bytes", where + ".sram_read_64b_j"),
                                       get_j(e, "energy_j", where + ".sram_read_64b_j"));
      }
      std::sort(s.sram_read_64b_j.begin(), s.sram_read_64b_j.end());
      for (const char* op : {"add8", "add32", "mult8", "mult32", "fadd32", "fmult32"}) {
        if (!s.ops_j.count(op)) throw core::InputError("energy: " + where + ": building-block set lacks ops_j." + op);
      }
    } else if (!s.per_event_j.count("synaptic_op")) {
      throw core::InputError("energy: " + where + ": needs per_event_j.synaptic_op or building blocks");
    }
    sets.push_back(std::move(s));
  }
  if (sets.empty()) throw core::InputError("energy: " + src + ": no constant sets");
  return sets;
}

const EnergySet& find_energy_set(const std::vector<EnergySet>& sets, const std::string& name) {
  std::string names;
  for (const EnergySet& s : sets) {
    if (s.name == name) return s;
    names += (names.empty() ? "" : ", ") + s.name;
  }
  throw core::ConfigError("energy: constant set '" + name + "' is unknown (known: " + names + ")");
}

EnergyEstimate estimate_energy(const EnergySet& set, const EnergyInput& in) {
  if (in.inferences == 0) throw core::ConfigError("energy: inferences = 0 must be > 0");
  const double per = 1.0 / static_cast<double>(in.inferences);
  const RtlCounters& c = in.counts;
  EnergyEstimate e;
  e.set = set.name;
  e.source = set.source;
  e.node = set.node;
  e.voltage = set.voltage;
  e.notes = set.notes;
  e.spikes_per_synapse =
      in.synapses > 0 ? static_cast<double>(c.synaptic_ops) * per / static_cast<double>(in.synapses) : 0.0;
  e.ann_dense_macs = in.synapses;
  e.ann_macs = in.nonzero_synapses < 0 ? in.synapses : in.nonzero_synapses;
  auto add = [&](const std::string& item, double count_total, double unit) {
    const double n = count_total * per;
    e.breakdown.push_back({item, n, unit, n * unit});
    e.energy_per_inference_j += n * unit;
  };
  const auto d = [](std::uint64_t v) { return static_cast<double>(v); };
  if (!set.building_blocks()) {
    add("synaptic_op", d(c.synaptic_ops), set.per_event_j.at("synaptic_op"));
    const bool has_upd = set.per_event_j.count("update_active") && set.per_event_j.count("update_idle");
    if (has_upd) {
      add("update_active", d(c.updates_active), set.per_event_j.at("update_active"));
      add("update_idle", d(c.updates_idle), set.per_event_j.at("update_idle"));
    }
    if (set.per_event_j.count("spike")) add("spike", d(c.spikes), set.per_event_j.at("spike"));
    e.sop_only = !has_upd && !set.per_event_j.count("spike");
    e.ann_basis = "not priced: the set has no MAC or memory figures";
    return e;
  }
  // Building blocks on this core's micro-architecture (physical arrays of the build).
  if (in.lanes < 1 || (in.lanes & (in.lanes - 1)) != 0) {
    throw core::ConfigError("energy: lanes = " + std::to_string(in.lanes) + " must be a power of two");
  }
  const auto& ops = set.ops_j;
  const double state_words = static_cast<double>(in.core.state_words);
  const double bank_bytes = static_cast<double>(in.core.weight_words) / in.lanes * exporter::kRtlWeightBits / 8.0;
  const double vstate_bytes = state_words * exporter::kRtlVStateBits / 8.0;
  const double ustate_bytes = state_words * exporter::kRtlUStateBits / 8.0;
  const double bias_bytes = state_words * exporter::kRtlBiasBits / 8.0;
  const double flag_bytes = state_words * exporter::kRtlFlagBits / 8.0;
  const double acc_bytes = static_cast<double>(in.core.neurons_per_layer) * exporter::kRtlAccBits / 8.0;
  const double event_bytes = 2.0 * in.core.inputs * kEventBits / 8.0;
  const double acc_access = set.sram_access_j(acc_bytes, exporter::kRtlAccBits);
  const double vstate_access = set.sram_access_j(vstate_bytes, exporter::kRtlVStateBits);
  const double ustate_access = set.sram_access_j(ustate_bytes, exporter::kRtlUStateBits);
  const double add32 = ops.at("add32");
  const double mult32 = ops.at("mult32");
  add("weight_read (one bank word per synaptic op; " + std::to_string(in.lanes) + " banks)", d(c.synaptic_ops),
      set.sram_access_j(bank_bytes, exporter::kRtlWeightBits));
  add("synaptic_op (accumulator read+write, add)", d(c.synaptic_ops), 2.0 * acc_access + add32);
  // The update reads its accumulator lane and does not clear it (lif_core.sv keeps a per-neuron
  // non-zero flag, cleared when a layer starts, instead): one accumulator access.
  add("state_read (v state + accumulator lane read)", d(c.state_reads), vstate_access + acc_access);
  add("state_write (v state + bias read)", d(c.state_writes),
      vstate_access + set.sram_access_j(bias_bytes, exporter::kRtlBiasBits));
  add("u_state read + write (layers with du != 4095)", d(c.u_reads + c.u_writes), ustate_access);
  add("neuron_update_logic (2 mult32 + 11 add32)", d(c.updates_active), kUpdateMults * mult32 + kUpdateAdds * add32);
  add("catchup_decay (mult32 + 5 add32)", d(c.catchup_decays), kCatchupMults * mult32 + kCatchupAdds * add32);
  add("flag_read (live/dec flags of " + std::to_string(kFlagWordNeurons) + " neurons)", d(c.flag_reads),
      set.sram_access_j(flag_bytes, exporter::kRtlFlagBits * kFlagWordNeurons));
  add("spike (event-buffer write)", d(c.spikes), set.sram_access_j(event_bytes, kEventBits));
  if (in.core.sparse) {
    // Sparse layers: the pointer memory (pointer_words words) and the block-index memory (one word
    // per bank word of the weight banks), at the widths of this P.
    exporter::RtlCoreLimits lim = in.core;
    lim.lanes = in.lanes;
    const double ptr_bytes = static_cast<double>(lim.pointer_words) * lim.pointer_bits() / 8.0;
    const double idx_bytes = static_cast<double>(lim.weight_words) / lim.lanes * lim.index_bits() / 8.0;
    add("pointer_read (sparse layers: one per input event)", d(c.pointer_reads),
        set.sram_access_j(ptr_bytes, lim.pointer_bits()));
    add("index_read (sparse layers: one per block read)", d(c.index_reads),
        set.sram_access_j(idx_bytes, lim.index_bits()));
  }
  const double syn = static_cast<double>(in.synapses);
  const double nnz = in.nonzero_synapses < 0 ? syn : static_cast<double>(in.nonzero_synapses);

  const double ann_int8 = ops.at("mult8") + add32 + set.sram_access_j(static_cast<double>(in.core.weight_words), 8);
  const double ann_fp32 =
      ops.at("fmult32") + ops.at("fadd32") + set.sram_access_j(static_cast<double>(in.core.weight_words) * 4.0, 32);
  e.ann_energy_per_inference_j = nnz * ann_int8;
  e.ann_fp32_energy_per_inference_j = nnz * ann_fp32;
  e.ann_dense_energy_per_inference_j = syn * ann_int8;
  e.ann_dense_fp32_energy_per_inference_j = syn * ann_fp32;
  e.ann_basis =
      "one MAC per non-zero weight per inference (a zero weight's MAC is skipped by either machine): int8 multiply + "
      "int32 add + 8-bit weight read from an array of the core's weight capacity (FP32 variant: FP32 multiply + add + "
      "32-bit weight read); ann_dense_*: one MAC per synapse, zero or not";
  if (*e.ann_energy_per_inference_j > 0.0) e.snn_over_ann = e.energy_per_inference_j / *e.ann_energy_per_inference_j;
  if (*e.ann_dense_energy_per_inference_j > 0.0) {
    e.snn_over_ann_dense = e.energy_per_inference_j / *e.ann_dense_energy_per_inference_j;
  }
  return e;
}

}  // namespace spikeforge::rtl_sim

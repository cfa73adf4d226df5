#include "rtl_sim/report_json.hpp"

#include <string>

#include "core/errors.hpp"

namespace spikeforge::rtl_sim {

using nlohmann::json;

json to_json(const RtlCounters& c) {
  return {{"cycles", c.cycles},
          {"synaptic_ops", c.synaptic_ops},
          {"updates_active", c.updates_active},
          {"updates_idle", c.updates_idle},
          {"catchup_decays", c.catchup_decays},
          {"spikes", c.spikes},
          {"weight_reads", c.weight_reads},
          {"state_reads", c.state_reads},
          {"state_writes", c.state_writes},
          {"u_reads", c.u_reads},
          {"u_writes", c.u_writes},
          {"flag_reads", c.flag_reads},
          {"pointer_reads", c.pointer_reads},
          {"index_reads", c.index_reads}};
}

RtlCounters rtl_counters_from_json(const json& j) {
  RtlCounters c;
  const auto get = [&j](const char* key) {
    if (!j.contains(key) || !j.at(key).is_number_unsigned()) {
      throw core::InputError(std::string("rtl counters: missing or non-integer field '") + key + "'");
    }
    return j.at(key).get<std::uint64_t>();
  };
  c.cycles = get("cycles");
  c.synaptic_ops = get("synaptic_ops");
  c.updates_active = get("updates_active");
  c.updates_idle = get("updates_idle");
  c.catchup_decays = get("catchup_decays");
  c.spikes = get("spikes");
  c.weight_reads = get("weight_reads");
  c.state_reads = get("state_reads");
  c.state_writes = get("state_writes");
  c.u_reads = get("u_reads");
  c.u_writes = get("u_writes");
  c.flag_reads = get("flag_reads");
  // Counters of the sparse layout: absent from reports written before it (zero: dense layers only).
  const auto get_opt = [&](const char* key) { return j.contains(key) ? get(key) : std::uint64_t{0}; };
  c.pointer_reads = get_opt("pointer_reads");
  c.index_reads = get_opt("index_reads");
  return c;
}

json to_json(const quantizer::EventCounts& c) {
  return {{"synaptic_ops", c.synaptic_ops}, {"updates_active", c.updates_active}, {"updates_idle", c.updates_idle},
          {"catchup_decays", c.catchup_decays}, {"input_steps", c.input_steps}, {"spikes", c.spikes}};
}

json to_json(const Mismatch& m) {
  return {{"sample", m.sample}, {"step", m.step},         {"layer", m.layer},   {"neuron", m.neuron},
          {"field", m.field},   {"expected", m.expected}, {"actual", m.actual}, {"message", m.describe()}};
}

json to_json(const EnergyEstimate& e) {
  json lines = json::array();
  for (const auto& l : e.breakdown) {
    lines.push_back({{"item", l.item}, {"count_per_inference", l.count}, {"unit_j", l.unit_j}, {"energy_j", l.total_j}});
  }
  json j = {{"set", e.set},
            {"source", e.source},
            {"node", e.node},
            {"voltage", e.voltage},
            {"notes", e.notes},
            {"energy_per_inference_j", e.energy_per_inference_j},
            {"sop_only", e.sop_only},
            {"spikes_per_synapse", e.spikes_per_synapse},
            {"breakdown", lines},
            {"ann_basis", e.ann_basis},
            {"ann_energy_per_inference_j", e.ann_energy_per_inference_j ? json(*e.ann_energy_per_inference_j) : json()},
            {"ann_fp32_energy_per_inference_j",
             e.ann_fp32_energy_per_inference_j ? json(*e.ann_fp32_energy_per_inference_j) : json()},
            {"snn_over_ann", e.snn_over_ann ? json(*e.snn_over_ann) : json()},
            {"ann_macs_per_inference", e.ann_macs},
            {"ann_dense_macs_per_inference", e.ann_dense_macs},
            {"ann_dense_energy_per_inference_j",
             e.ann_dense_energy_per_inference_j ? json(*e.ann_dense_energy_per_inference_j) : json()},
            {"ann_dense_fp32_energy_per_inference_j",
             e.ann_dense_fp32_energy_per_inference_j ? json(*e.ann_dense_fp32_energy_per_inference_j) : json()},
            {"snn_over_ann_dense", e.snn_over_ann_dense ? json(*e.snn_over_ann_dense) : json()}};
  return j;
}

}  // namespace spikeforge::rtl_sim

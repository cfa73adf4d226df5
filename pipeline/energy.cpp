#include "pipeline/energy.hpp"

#include "core/errors.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/evaluate.hpp"
#include "quantizer/synapse_memory.hpp"
#include "rtl_sim/energy/counts.hpp"
#include "rtl_sim/report_json.hpp"

namespace spikeforge::pipeline {

std::vector<const rtl_sim::EnergySet*> select_energy_sets(const std::vector<rtl_sim::EnergySet>& table,
                                                          const std::vector<std::string>& names) {
  std::vector<const rtl_sim::EnergySet*> sets;
  if (names.empty()) {
    for (const auto& s : table) sets.push_back(&s);
  } else {
    for (const auto& name : names) sets.push_back(&rtl_sim::find_energy_set(table, name));
  }
  return sets;
}

rtl_sim::EnergyInput golden_energy_input(const quantizer::FixedNetwork& net, const core::SpikeBatch& batch,
                                         nlohmann::json* golden_counts, exporter::RtlLayoutChoice layout) {
  if (batch.inputs() != net.inputs()) {
    throw core::ConfigError("energy: the dataset has " + std::to_string(batch.inputs()) +
                            " inputs but the network expects " + std::to_string(net.inputs()));
  }
  const quantizer::FixedEvalResult ev = quantizer::evaluate_fixed(net, batch);
  rtl_sim::EnergyInput in;
  in.inferences = batch.size();
  in.synapses = net.synapses();
  in.nonzero_synapses = quantizer::synapse_memory(net).nonzero();
  in.core = exporter::RtlCoreLimits{};
  in.lanes = in.core.lanes;
  // The core holds the image verify would load (each layer in its smaller layout); sparse layers
  // cost what their input events' blocks cost, so they need the events per input.
  const exporter::RtlMemoryImage image = exporter::build_rtl_image(net, in.core, layout);
  rtl_sim::InputEvents events;
  for (const auto& l : image.layers) {
    if (l.layout == exporter::RtlLayout::sparse) {
      events = rtl_sim::golden_input_events(net, batch);
      break;
    }
  }
  in.counts = rtl_sim::core_counts(net, image, ev.layer_counts, events, batch.size(), batch.steps());
  if (golden_counts) *golden_counts = rtl_sim::to_json(ev.counts);
  return in;
}

rtl_sim::EnergyInput rtl_energy_input(const quantizer::FixedNetwork& net, const rtl_sim::RtlCounters& counters,
                                      std::size_t samples, bool spike_exact, const std::string& mismatch) {
  if (!spike_exact)
    throw core::Error("energy: the RTL core disagrees with the golden model, its counters are not priced" +
                      (mismatch.empty() ? std::string() : ": " + mismatch));
  rtl_sim::EnergyInput in;
  in.inferences = samples;
  in.synapses = net.synapses();
  in.nonzero_synapses = quantizer::synapse_memory(net).nonzero();
  in.core = exporter::RtlCoreLimits{};
  in.lanes = in.core.lanes;
  in.counts = counters;
  return in;
}

}  // namespace spikeforge::pipeline

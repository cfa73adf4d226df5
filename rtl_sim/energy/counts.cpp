// The core's counters from golden counts (see counts.hpp for the formulas).
#include "rtl_sim/energy/counts.hpp"

#include "core/errors.hpp"

namespace spikeforge::rtl_sim {

RtlCounters core_counts_from_golden(const quantizer::FixedNetwork& net,
                                    const std::vector<quantizer::EventCounts>& layer_counts, std::size_t samples,
                                    int steps) {
  if (layer_counts.size() != net.layers.size()) {
    throw core::ConfigError("energy: " + std::to_string(layer_counts.size()) + " layer counts for a network of " +
                            std::to_string(net.layers.size()) + " layers");
  }
  RtlCounters c;
  const auto S = static_cast<std::uint64_t>(samples);
  const auto T = static_cast<std::uint64_t>(steps);
  std::uint64_t neurons = 0;
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto n = static_cast<std::uint64_t>(net.layers[l].outputs());
    const quantizer::EventCounts& k = layer_counts[l];
    const std::uint64_t events = k.synaptic_ops / n;
    neurons += n;
    if (l == 0) c.cycles += events;  // one cycle per accepted input event
    c.cycles += S * T * (3 + n) + 2 * events + k.synaptic_ops;
    c.synaptic_ops += k.synaptic_ops;
    c.updates_active += k.updates_active;
    c.updates_idle += k.updates_idle;
    c.spikes += k.spikes;
  }
  c.cycles += S * neurons;
  c.weight_reads = c.synaptic_ops;
  c.state_reads = c.updates_active + c.updates_idle;
  c.state_writes = c.state_reads + S * neurons;
  return c;
}

}  // namespace spikeforge::rtl_sim

// The core's counters from golden counts (see counts.hpp for the formulas).
#include "rtl_sim/energy/counts.hpp"

#include <string>

#include "core/errors.hpp"

namespace spikeforge::rtl_sim {

namespace {
constexpr std::uint64_t kFlagWord = 64;       // neurons per update-flag word (lif_core.sv ChunkW)
constexpr std::uint64_t kLayerOverhead = 4;   // S_LAYER, the empty accumulate cycle, S_SCAN_END, S_NEXT
constexpr std::uint64_t kFillCycles = 4;      // extra accumulate cycles of a step with input events
constexpr int kUDead = 4095;                  // du at which u is not state (u' = a << 6)
}  // namespace

RtlCounters core_counts_from_golden(const quantizer::FixedNetwork& net,
                                    const std::vector<quantizer::EventCounts>& layer_counts, std::size_t samples,
                                    int steps, int lanes) {
  if (layer_counts.size() != net.layers.size()) {
    throw core::ConfigError("energy: " + std::to_string(layer_counts.size()) + " layer counts for a network of " +
                            std::to_string(net.layers.size()) + " layers");
  }
  if (lanes < 1 || (lanes & (lanes - 1)) != 0) {
    throw core::ConfigError("energy: lanes = " + std::to_string(lanes) + " must be a power of two");
  }
  RtlCounters c;
  const auto S = static_cast<std::uint64_t>(samples);
  const auto T = static_cast<std::uint64_t>(steps);
  const auto P = static_cast<std::uint64_t>(lanes);
  std::uint64_t neurons = 0;
  std::uint64_t u_neurons = 0;
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto n = static_cast<std::uint64_t>(net.layers[l].outputs());
    const quantizer::EventCounts& k = layer_counts[l];
    const std::uint64_t events = k.synaptic_ops / n;
    const std::uint64_t rows = (n + P - 1) / P;
    const std::uint64_t words = (n + kFlagWord - 1) / kFlagWord;
    neurons += n;
    if (l == 0) c.cycles += events;  // one cycle per accepted input event
    c.cycles += S * T * (kLayerOverhead + words) + events * rows + kFillCycles * k.input_steps + k.updates_active +
                k.catchup_decays;
    c.synaptic_ops += k.synaptic_ops;
    c.updates_active += k.updates_active;
    c.updates_idle += k.updates_idle;
    c.catchup_decays += k.catchup_decays;
    c.spikes += k.spikes;
    c.weight_reads += events * rows;
    c.flag_reads += S * T * words;
    if (net.layers[l].du != kUDead) {
      u_neurons += n;
      c.u_reads += k.updates_active;
    }
  }
  c.cycles += S * (neurons + 1);
  c.state_reads = c.updates_active;
  c.state_writes = c.updates_active + S * neurons;
  c.u_writes = c.u_reads + S * u_neurons;
  return c;
}

std::uint64_t core_cycles(const quantizer::FixedNetwork& net, const std::vector<quantizer::EventCounts>& layer_counts,
                          int steps, int lanes) {
  return core_counts_from_golden(net, layer_counts, 1, steps, lanes).cycles;
}

}  // namespace spikeforge::rtl_sim

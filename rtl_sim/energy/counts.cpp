// The core's counters from golden counts (see counts.hpp for the formulas).
#include "rtl_sim/energy/counts.hpp"

#include <algorithm>
#include <string>

#include "core/errors.hpp"

namespace spikeforge::rtl_sim {

namespace {
constexpr std::uint64_t kFlagWord = 64;       // neurons per update-flag word (lif_core.sv ChunkW)
constexpr std::uint64_t kLayerOverhead = 4;   // S_LAYER, the empty accumulate cycle, S_SCAN_END, S_NEXT
constexpr std::uint64_t kFillCycles = 4;      // extra accumulate cycles of a step with input events
constexpr int kUDead = 4095;                  // du at which u is not state (u' = a << 6)

void check_lanes(int lanes) {
  if (lanes < 1 || (lanes & (lanes - 1)) != 0) {
    throw core::ConfigError("energy: lanes = " + std::to_string(lanes) + " must be a power of two");
  }
}

// Dense costs of every layer at P lanes.
std::vector<LayerEventCost> dense_costs(const quantizer::FixedNetwork& net, int lanes) {
  std::vector<LayerEventCost> costs;
  for (const auto& L : net.layers) {
    const auto n = static_cast<std::uint32_t>(L.outputs());
    const auto rows = (n + static_cast<std::uint32_t>(lanes) - 1) / static_cast<std::uint32_t>(lanes);
    costs.push_back({false, std::vector<std::uint32_t>(static_cast<std::size_t>(L.inputs()), rows),
                     std::vector<std::uint32_t>(static_cast<std::size_t>(L.inputs()), n)});
  }
  return costs;
}

RtlCounters counts_with_costs(const quantizer::FixedNetwork& net, const std::vector<LayerEventCost>& costs,
                              const std::vector<quantizer::EventCounts>& layer_counts, const InputEvents& input_events,
                              std::size_t samples, int steps, int lanes) {
  if (layer_counts.size() != net.layers.size() || costs.size() != net.layers.size()) {
    throw core::ConfigError("energy: " + std::to_string(layer_counts.size()) + " layer counts for a network of " +
                            std::to_string(net.layers.size()) + " layers");
  }
  check_lanes(lanes);
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
    const std::uint64_t words = (n + kFlagWord - 1) / kFlagWord;
    std::uint64_t rows = 0;
    std::uint64_t work = 0;
    std::uint64_t sops = 0;
    if (!costs[l].sparse) {
      rows = events * ((n + P - 1) / P);
      work = rows;
      sops = k.synaptic_ops;
    } else {
      const std::size_t inputs = costs[l].blocks.size();
      if (l >= input_events.size() || input_events[l].size() != inputs) {
        throw core::ConfigError("energy: layer " + std::to_string(l) + " is sparse and needs its " +
                                std::to_string(inputs) + " inputs' event counts");
      }
      std::uint64_t e_sum = 0;
      for (std::size_t i = 0; i < inputs; ++i) {
        const std::uint64_t e = input_events[l][i];
        e_sum += e;
        rows += e * costs[l].blocks[i];
        work += e * std::max<std::uint64_t>(1, costs[l].blocks[i]);
        sops += e * costs[l].ops[i];
      }
      if (e_sum != events) {
        throw core::ConfigError("energy: layer " + std::to_string(l) + ": " + std::to_string(e_sum) +
                                " input events, but the golden counts say " + std::to_string(events));
      }
      c.pointer_reads += events;
      c.index_reads += rows;
    }
    neurons += n;
    if (l == 0) c.cycles += events;  // one cycle per accepted input event
    c.cycles += S * T * (kLayerOverhead + words) + work + kFillCycles * k.input_steps + k.updates_active +
                k.catchup_decays;
    c.synaptic_ops += sops;
    c.updates_active += k.updates_active;
    c.updates_idle += k.updates_idle;
    c.catchup_decays += k.catchup_decays;
    c.spikes += k.spikes;
    c.weight_reads += rows;
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

}  // namespace

InputEvents golden_input_events(const quantizer::FixedNetwork& net, const core::SpikeBatch& batch) {
  if (batch.inputs() != net.inputs()) {
    throw core::ConfigError("energy: the dataset has " + std::to_string(batch.inputs()) +
                            " inputs but the network expects " + std::to_string(net.inputs()));
  }
  InputEvents ev;
  for (const auto& L : net.layers) ev.emplace_back(static_cast<std::size_t>(L.inputs()), 0);
  quantizer::GoldenModel model(net);
  for (std::size_t s = 0; s < batch.size(); ++s) {
    model.reset();
    for (int t = 0; t < batch.steps(); ++t) {
      const auto active = batch.active(s, t);
      model.step(active);
      for (const std::uint32_t i : active) ++ev[0][i];
      for (std::size_t l = 1; l < net.layers.size(); ++l) {
        for (const std::uint32_t i : model.layer_spikes(l - 1)) ++ev[l][i];
      }
    }
  }
  return ev;
}

std::vector<LayerEventCost> layer_event_costs(const exporter::RtlMemoryImage& image) {
  const auto P = static_cast<std::uint32_t>(image.limits.lanes);
  check_lanes(image.limits.lanes);
  std::vector<LayerEventCost> costs;
  std::size_t idx = 0;
  for (const auto& l : image.layers) {
    LayerEventCost c;
    const auto n = static_cast<std::uint32_t>(l.outputs);
    if (l.layout == exporter::RtlLayout::dense) {
      c.blocks.assign(static_cast<std::size_t>(l.inputs), (n + P - 1) / P);
      c.ops.assign(static_cast<std::size_t>(l.inputs), n);
    } else {
      c.sparse = true;
      const std::uint32_t first = l.weight_base / P;
      const int start_bits = image.limits.pointer_start_bits();
      for (int i = 0; i < l.inputs; ++i) {
        const std::uint64_t word = image.pointers.at(l.pointer_base + static_cast<std::size_t>(i));
        const auto start = static_cast<std::uint32_t>(word & ((std::uint64_t{1} << start_bits) - 1U));
        const auto count = static_cast<std::uint32_t>(word >> start_bits);
        std::uint32_t ops = 0;
        for (std::uint32_t b = 0; b < count; ++b) {
          const std::uint32_t row = image.index.at(idx + (start - first) + b);
          ops += std::min(P, n - std::min(n, row * P));
        }
        c.blocks.push_back(count);
        c.ops.push_back(ops);
      }
      idx += static_cast<std::size_t>(l.blocks);
    }
    costs.push_back(std::move(c));
  }
  return costs;
}

RtlCounters core_counts(const quantizer::FixedNetwork& net, const exporter::RtlMemoryImage& image,
                        const std::vector<quantizer::EventCounts>& layer_counts, const InputEvents& input_events,
                        std::size_t samples, int steps) {
  if (image.layers.size() != net.layers.size()) {
    throw core::ConfigError("energy: the memory image has " + std::to_string(image.layers.size()) +
                            " layers, the network " + std::to_string(net.layers.size()));
  }
  return counts_with_costs(net, layer_event_costs(image), layer_counts, input_events, samples, steps,
                           image.limits.lanes);
}

RtlCounters core_counts_from_golden(const quantizer::FixedNetwork& net,
                                    const std::vector<quantizer::EventCounts>& layer_counts, std::size_t samples,
                                    int steps, int lanes) {
  check_lanes(lanes);
  return counts_with_costs(net, dense_costs(net, lanes), layer_counts, {}, samples, steps, lanes);
}

std::uint64_t core_cycles(const quantizer::FixedNetwork& net, const std::vector<quantizer::EventCounts>& layer_counts,
                          int steps, int lanes) {
  return core_counts_from_golden(net, layer_counts, 1, steps, lanes).cycles;
}

}  // namespace spikeforge::rtl_sim

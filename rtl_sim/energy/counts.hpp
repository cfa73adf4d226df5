// Analytic twin of the core's counters: what lif_core.sv counts, derived from the golden model's
// per-layer event counts (quantizer/golden.hpp), the network's shape and the memory image's weight
// layouts (used by `energy --source golden`, checked against the RTL counters by
// tests/rtl_sim/test_counts.cpp and by every co-simulated sample, rtl_sim/harness/cosim.cpp).
// For S samples of T steps on a core with P lanes, N = Σ_l n_l, E_l = sops_l / n_l input events of
// layer l (golden synaptic ops, summed over steps and samples), C_l = ceil(n_l / 64) flag words, and
// the accumulate work of layer l:
//   dense layer   W_l = rows_l = E_l·R_l (R_l = ceil(n_l / P) weight rows per event), sops_l = E_l·n_l
//   sparse layer  with e_i events of input i, whose pointer lists b_i blocks holding s_i neurons:
//                 rows_l = Σ_i e_i·b_i, W_l = Σ_i e_i·max(1, b_i) (an event without blocks takes a
//                 cycle), sops_l = Σ_i e_i·s_i, pointer_reads_l = E_l, index_reads_l = rows_l
//   cycles        = S·(N + 1) + E_0 + Σ_l (S·T·(4 + C_l) + W_l + 4·input_steps_l + updates_l + catchups_l)
//                   (no output stalls)
//   weight_reads  = Σ_l rows_l (rows of P banks; synaptic_ops bank words);  synaptic_ops = Σ_l sops_l
//   state_reads   = updates;  state_writes = updates + S·N (the clear pass)
//   u_reads       = updates of layers with du ≠ 4095;  u_writes = u_reads + S·(their neurons)
//   flag_reads    = S·T·Σ_l C_l
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/spikes.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/fixed_network.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/harness/core_sim.hpp"

namespace spikeforge::rtl_sim {

/// events[l][i]: how often input i of layer l was an input event (the batch's spikes for layer 0,
/// layer l − 1's spikes for l > 0), summed over steps and samples.
using InputEvents = std::vector<std::vector<std::uint64_t>>;

/// The golden model's input events of every layer over samples [0, batch.size()) (immediate timing).
/// ConfigError if the batch does not fit the network.
InputEvents golden_input_events(const quantizer::FixedNetwork& net, const core::SpikeBatch& batch);

/// What one event of each input of a layer costs the core holding `image`: blocks[i] = b_i and
/// ops[i] = s_i (sparse layers; dense layers: R_l and n_l for every input).
struct LayerEventCost {
  bool sparse = false;
  std::vector<std::uint32_t> blocks;
  std::vector<std::uint32_t> ops;
};
std::vector<LayerEventCost> layer_event_costs(const exporter::RtlMemoryImage& image);

/// The counters of the core holding `image` (its layouts and lanes) for `layer_counts` summed over
/// `samples` samples of `steps` steps. `input_events` is needed for sparse layers only (it may be
/// empty when every layer is dense). ConfigError if the counts do not fit the network or image, or
/// the input events disagree with the golden counts.
RtlCounters core_counts(const quantizer::FixedNetwork& net, const exporter::RtlMemoryImage& image,
                        const std::vector<quantizer::EventCounts>& layer_counts, const InputEvents& input_events,
                        std::size_t samples, int steps);

/// `layer_counts` summed over `samples` samples of `steps` steps each, on a core with `lanes` lanes
/// holding every layer dense. ConfigError if the counts do not fit the network or lanes is not a
/// power of two.
RtlCounters core_counts_from_golden(const quantizer::FixedNetwork& net,
                                    const std::vector<quantizer::EventCounts>& layer_counts, std::size_t samples,
                                    int steps, int lanes = kRtlDefaultLanes);

/// Cycles per inference the core needs for one sample (its counts on a core with `lanes` lanes,
/// every layer dense): the cycle formula above with S = 1.
std::uint64_t core_cycles(const quantizer::FixedNetwork& net, const std::vector<quantizer::EventCounts>& layer_counts,
                          int steps, int lanes);

}  // namespace spikeforge::rtl_sim

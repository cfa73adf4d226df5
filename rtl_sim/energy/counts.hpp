// Analytic twin of the core's counters: what lif_core.sv counts, derived from the golden model's
// per-layer event counts (quantizer/golden.hpp) and the network's shape (used by `energy --source
// golden`, and checked against the RTL counters by tests/rtl_sim/test_counts.cpp). For S samples of
// T steps on a core with P lanes, N = Σ_l n_l, E_l = sops_l / n_l input events of layer l (summed over
// steps and samples), R_l = ceil(n_l / P) weight rows per event, C_l = ceil(n_l / 64) flag words:
//   cycles        = S·(N + 1) + E_0 + Σ_l (S·T·(4 + C_l) + E_l·R_l + 4·input_steps_l + updates_l + catchups_l)
//                   (no output stalls)
//   weight_reads  = Σ_l E_l·R_l (rows of P banks; synaptic_ops bank words)
//   state_reads   = updates;  state_writes = updates + S·N (the clear pass)
//   u_reads       = updates of layers with du ≠ 4095;  u_writes = u_reads + S·(their neurons)
//   flag_reads    = S·T·Σ_l C_l
#pragma once
#include <cstddef>
#include <vector>

#include "quantizer/fixed_network.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/harness/core_sim.hpp"

namespace spikeforge::rtl_sim {

/// `layer_counts` summed over `samples` samples of `steps` steps each, on a core with `lanes` lanes.
/// ConfigError if the counts do not fit the network or lanes is not a power of two.
RtlCounters core_counts_from_golden(const quantizer::FixedNetwork& net,
                                    const std::vector<quantizer::EventCounts>& layer_counts, std::size_t samples,
                                    int steps, int lanes = kRtlDefaultLanes);

/// Cycles per inference the core needs for one sample (its counts on a core with `lanes` lanes):
/// the cycle formula above with S = 1.
std::uint64_t core_cycles(const quantizer::FixedNetwork& net, const std::vector<quantizer::EventCounts>& layer_counts,
                          int steps, int lanes);

}  // namespace spikeforge::rtl_sim

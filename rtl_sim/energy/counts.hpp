// Analytic twin of the core's counters: what lif_core.sv counts, derived from the golden model's
// per-layer event counts and the network's shape (used by `energy --source golden`, and checked
// against the RTL counters by tests/rtl_sim/test_cosim.cpp). Per sample of T steps:
//   cycles        = N + Σ_t E_0,t + Σ_l (T·(3 + n_l) + 2·E_l + sops_l)     (no output stalls)
//   weight_reads  = sops;  state_reads = updates;  state_writes = updates + N (the clear pass)
// where N = Σ_l n_l, E_l = sops_l / n_l = input events of layer l summed over steps.
#pragma once
#include <cstddef>
#include <vector>

#include "quantizer/fixed_network.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/harness/core_sim.hpp"

namespace spikeforge::rtl_sim {

/// `layer_counts` summed over `samples` samples of `steps` steps each.
RtlCounters core_counts_from_golden(const quantizer::FixedNetwork& net,
                                    const std::vector<quantizer::EventCounts>& layer_counts, std::size_t samples,
                                    int steps);

}  // namespace spikeforge::rtl_sim

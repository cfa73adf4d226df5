// The energy stage's shared steps, used by `spikeforge energy` and the energy stage of
// `spikeforge run`: which constant sets to price, and the event counts to price them with, from
// the RTL core's counters (co-simulated, cross-checked with the golden model) or from the golden
// model alone through the core's counter formulas (rtl_sim/energy/counts.hpp).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/spikes.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/fixed_network.hpp"
#include "rtl_sim/energy/energy.hpp"
#include "rtl_sim/harness/cosim.hpp"

namespace spikeforge::pipeline {

/// The named sets of `table` (all of them when `names` is empty); ConfigError for an unknown name.
std::vector<const rtl_sim::EnergySet*> select_energy_sets(const std::vector<rtl_sim::EnergySet>& table,
                                                          const std::vector<std::string>& names);

/// Counts of `net` on `batch` from the golden model (no RTL simulation), on the default core build
/// holding the image build_rtl_image(net, {}, layout) (automatic: each layer dense or sparse,
/// whichever holds fewer bits, as `export --format rtl` and `verify` do). `golden_counts` receives
/// the golden model's own event counts (JSON) when non-null.
rtl_sim::EnergyInput golden_energy_input(const quantizer::FixedNetwork& net, const core::SpikeBatch& batch,
                                         nlohmann::json* golden_counts = nullptr,
                                         exporter::RtlLayoutChoice layout = exporter::RtlLayoutChoice::automatic);

/// Counts from a spike-exact co-simulation of `samples` inferences. core::Error if it was not
/// spike-exact (energy is priced only from counts of the logic that was verified).
rtl_sim::EnergyInput rtl_energy_input(const quantizer::FixedNetwork& net, const rtl_sim::RtlCounters& counters,
                                      std::size_t samples, bool spike_exact, const std::string& mismatch = "");

}  // namespace spikeforge::pipeline

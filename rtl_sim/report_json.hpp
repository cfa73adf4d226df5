// JSON forms of rtl_sim results (counters, mismatches, energy estimates) for reports and `--json`.
#pragma once
#include <nlohmann/json.hpp>

#include "quantizer/golden.hpp"
#include "rtl_sim/energy/energy.hpp"
#include "rtl_sim/harness/core_sim.hpp"
#include "rtl_sim/harness/cosim.hpp"

namespace spikeforge::rtl_sim {

nlohmann::json to_json(const RtlCounters& c);
/// The inverse of to_json(RtlCounters); InputError naming a missing or non-integer field.
RtlCounters rtl_counters_from_json(const nlohmann::json& j);
nlohmann::json to_json(const quantizer::EventCounts& c);
nlohmann::json to_json(const Mismatch& m);
nlohmann::json to_json(const EnergyEstimate& e);

}  // namespace spikeforge::rtl_sim

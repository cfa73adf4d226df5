// CoreSim in a build without the Verilated core (cmake -DSPIKEFORGE_WITH_RTL=OFF): the same
// interface (rtl_sim/harness/core_sim.hpp), but constructing one throws a ConfigError that says
// what is missing and what still works, so `verify` and `energy --source rtl` exit 2 with that
// message and nothing else changes. Built in place of every source that includes the Verilated
// model (rtl_sim/CMakeLists.txt); the ON build compiles it too, and a CTest checks that it defines
// every symbol those sources define, so the OFF build keeps linking.
#include "core/errors.hpp"
#include "rtl_sim/harness/core_sim.hpp"

namespace spikeforge::rtl_sim {

namespace {
[[noreturn]] void no_rtl() {
  throw core::ConfigError(
      "rtl_sim: this spikeforge was built without the RTL core (SPIKEFORGE_WITH_RTL=OFF), so it cannot "
      "simulate it: `verify` and `energy --source rtl` need a build configured with -DSPIKEFORGE_WITH_RTL=ON "
      "(Verilator); `energy --source golden` works without it");
}
}  // namespace

struct CoreSim::Impl {};

std::vector<int> rtl_lane_builds() { return {}; }
int rtl_default_lanes() { return kRtlDefaultLanes; }

std::unique_ptr<CoreSim::Impl> CoreSim::make_impl(const CoreSimOptions& /*options*/) { no_rtl(); }

CoreSim::CoreSim(const CoreSimOptions& options) {
  options.validate();
  no_rtl();
}
CoreSim::~CoreSim() = default;

// A CoreSim is never constructed in this build; the members exist so that callers link.
exporter::RtlCoreLimits CoreSim::limits() const { no_rtl(); }
int CoreSim::lanes() const { no_rtl(); }
void CoreSim::load(const exporter::RtlMemoryImage& /*image*/) { no_rtl(); }
void CoreSim::clear() { no_rtl(); }
void CoreSim::step(std::span<const std::uint32_t> /*inputs*/, std::vector<std::vector<std::uint32_t>>& /*spikes*/,
                   std::vector<StateWrite>* /*writes*/) {
  no_rtl();
}
const std::vector<std::int32_t>& CoreSim::output_v() const { no_rtl(); }
RtlCounters CoreSim::counters() const { no_rtl(); }
std::uint64_t CoreSim::clock_cycles() const { no_rtl(); }

}  // namespace spikeforge::rtl_sim

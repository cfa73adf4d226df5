// The parts of rtl_sim/harness/core_sim.hpp that need no Verilated model (counter sums, option
// checks): shared by the Verilator build (core_sim.cpp) and the build without it (core_sim_absent.cpp).
#include <algorithm>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "rtl_sim/harness/core_sim.hpp"

namespace spikeforge::rtl_sim {

RtlCounters& RtlCounters::operator+=(const RtlCounters& o) {
  cycles += o.cycles;
  synaptic_ops += o.synaptic_ops;
  updates_active += o.updates_active;
  updates_idle += o.updates_idle;
  catchup_decays += o.catchup_decays;
  spikes += o.spikes;
  weight_reads += o.weight_reads;
  state_reads += o.state_reads;
  state_writes += o.state_writes;
  u_reads += o.u_reads;
  u_writes += o.u_writes;
  flag_reads += o.flag_reads;
  pointer_reads += o.pointer_reads;
  index_reads += o.index_reads;
  return *this;
}

void CoreSimOptions::validate() const {
  if (rand_reset < 0 || rand_reset > 2) {
    throw core::ConfigError("rtl_sim: rand_reset = " + std::to_string(rand_reset) + " must be 0, 1 or 2");
  }
  if (seed == 0) throw core::ConfigError("rtl_sim: seed = 0 must be > 0");
  if (out_stall_percent < 0 || out_stall_percent > kMaxOutStallPercent) {
    throw core::ConfigError("rtl_sim: out_stall_percent = " + std::to_string(out_stall_percent) + " must be in [0, " +
                            std::to_string(kMaxOutStallPercent) + "]");
  }
  if (stall_seed == 0) throw core::ConfigError("rtl_sim: stall_seed = 0 must be > 0");
  const std::vector<int> builds = rtl_lane_builds();
  if (lanes != 0 && std::find(builds.begin(), builds.end(), lanes) == builds.end()) {
    std::string list;
    for (const int p : builds) list += (list.empty() ? "" : ", ") + std::to_string(p);
    throw core::ConfigError("rtl_sim: lanes = " + std::to_string(lanes) + " has no verilated core build (built: " +
                            (list.empty() ? std::string("none") : list) + "; add it to SPIKEFORGE_RTL_LANES)");
  }
}

}  // namespace spikeforge::rtl_sim

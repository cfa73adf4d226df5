// The parts of rtl_sim/harness/core_sim.hpp that need no Verilated model (counter sums, option
// checks): shared by the Verilator build (core_sim.cpp) and the build without it (core_sim_absent.cpp).
#include <string>

#include "core/errors.hpp"
#include "rtl_sim/harness/core_sim.hpp"

namespace spikeforge::rtl_sim {

RtlCounters& RtlCounters::operator+=(const RtlCounters& o) {
  cycles += o.cycles;
  synaptic_ops += o.synaptic_ops;
  updates_active += o.updates_active;
  updates_idle += o.updates_idle;
  spikes += o.spikes;
  weight_reads += o.weight_reads;
  state_reads += o.state_reads;
  state_writes += o.state_writes;
  return *this;
}

void CoreSimOptions::validate() const {
  if (rand_reset < 0 || rand_reset > 2) {
    throw core::ConfigError("rtl_sim: rand_reset = " + std::to_string(rand_reset) + " must be 0, 1 or 2");
  }
  if (seed == 0) throw core::ConfigError("rtl_sim: seed = 0 must be > 0");
}

}  // namespace spikeforge::rtl_sim

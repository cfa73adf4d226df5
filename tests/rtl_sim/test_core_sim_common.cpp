// The Verilator-free parts of the harness types (rtl_sim/harness/core_sim_common.cpp), which the
// build without the RTL core (SPIKEFORGE_WITH_RTL=OFF) shares: counter sums and option checks.
#include <catch2/catch.hpp>

#include <cstdint>

#include "core/errors.hpp"
#include "rtl_sim/harness/core_sim.hpp"

namespace sf = spikeforge;
using sf::rtl_sim::RtlCounters;

namespace {
RtlCounters counters_from(std::uint64_t first) {
  RtlCounters c;
  c.cycles = first;
  c.synaptic_ops = first + 1;
  c.updates_active = first + 2;
  c.updates_idle = first + 3;
  c.spikes = first + 4;
  c.weight_reads = first + 5;
  c.state_reads = first + 6;
  c.state_writes = first + 7;
  c.catchup_decays = first + 8;
  c.u_reads = first + 9;
  c.u_writes = first + 10;
  c.flag_reads = first + 11;
  c.pointer_reads = first + 12;
  c.index_reads = first + 13;
  return c;
}
}  // namespace

TEST_CASE("RtlCounters += adds every counter", "[rtl_sim][core_sim_common]") {
  INFO("a counter added to RtlCounters must be added to operator+= and to this test");
  REQUIRE(sizeof(RtlCounters) == 14 * sizeof(std::uint64_t));
  RtlCounters sum = counters_from(10);
  sum += counters_from(1000);
  RtlCounters expected;
  expected.cycles = 1010;
  expected.synaptic_ops = 1012;
  expected.updates_active = 1014;
  expected.updates_idle = 1016;
  expected.spikes = 1018;
  expected.weight_reads = 1020;
  expected.state_reads = 1022;
  expected.state_writes = 1024;
  expected.catchup_decays = 1026;
  expected.u_reads = 1028;
  expected.u_writes = 1030;
  expected.flag_reads = 1032;
  expected.pointer_reads = 1034;
  expected.index_reads = 1036;
  CHECK(sum == expected);
}

TEST_CASE("CoreSimOptions accept the three reset modes and reject others", "[rtl_sim][core_sim_common]") {
  sf::rtl_sim::CoreSimOptions opt;
  for (const int mode : {0, 1, 2}) {
    opt.rand_reset = mode;
    CHECK_NOTHROW(opt.validate());
  }
  opt.rand_reset = -1;
  CHECK_THROWS_AS(opt.validate(), sf::core::ConfigError);
  opt.rand_reset = 2;
  opt.seed = 0;
  CHECK_THROWS_WITH(opt.validate(), Catch::Contains("seed = 0"));
}

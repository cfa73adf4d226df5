#include "core/encoders/events.hpp"

#include <cmath>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"

using namespace spikeforge::core;

TEST_CASE("events: binning is exact, drops late events and collapses duplicates", "[events]") {
  const std::vector<ChannelEvent> ev = {
      {0.0, 4},    {999.9, 4},  // both in bin 0 -> one spike
      {1000.0, 2},               // bin 1
      {2500.0, 7}, {2999.0, 1},  // bin 2
      {3000.0, 0},               // = T·bin_us: dropped
      {-1.0, 3},                 // negative: dropped
      {std::numeric_limits<double>::quiet_NaN(), 5},
  };
  const SampleRaster r = bin_events(ev, 3, 1000.0, 2);
  CHECK(r.label == 2);
  CHECK(r.offsets == std::vector<std::uint32_t>{0, 1, 2, 4});
  CHECK(r.indices == std::vector<std::uint32_t>{4, 2, 1, 7});
}

TEST_CASE("events: binning parameters are validated", "[events]") {
  CHECK_NOTHROW(check_binning("x", 1, 0.5));
  CHECK_THROWS_WITH(check_binning("nmnist", 0, 1000.0), "nmnist: steps = 0 must be > 0");
  CHECK_THROWS_AS(check_binning("x", 5, 0.0), ConfigError);
  CHECK_THROWS_AS(check_binning("x", 5, std::numeric_limits<double>::infinity()), ConfigError);
}

#include "core/clamp_note.hpp"

#include <catch2/catch.hpp>

using namespace spikeforge::core;

TEST_CASE("clamp note: says when a count was clipped to the data", "[clamp_note]") {
  CHECK_FALSE(clamp_note("--train-samples", 0, 60000));  // 0 = all
  CHECK_FALSE(clamp_note("--train-samples", 60000, 60000));
  const auto w = clamp_note("--train-samples", 1000000000000ULL, 60000);
  REQUIRE(w);
  CHECK(*w == "warning: --train-samples 1000000000000 > 60000 available: using 60000");
}

// The fixed-point constants and rules of quantizer/fixed_point.hpp against the numbers of
// docs/fixed-point.md, written here as literals (independent of the header).
#include <catch2/catch.hpp>

#include "quantizer/fixed_point.hpp"

namespace q = spikeforge::quantizer;

TEST_CASE("fixed point: constants are Loihi's widths") {
  STATIC_REQUIRE(q::kDecayUnity == 4096);
  STATIC_REQUIRE(q::kDecayMax == 4095);
  STATIC_REQUIRE(q::kDuNoCurrent == 4095);
  STATIC_REQUIRE(q::kStateScale == 64);
  STATIC_REQUIRE(q::kWrapHigh == 8388608);
  STATIC_REQUIRE(q::kWrapSpan == 16777216);
  STATIC_REQUIRE(q::kStateMax == 8388607);
  STATIC_REQUIRE(q::kVthMax == 131071);
  STATIC_REQUIRE(q::kBiasMantMin == -4096);
  STATIC_REQUIRE(q::kBiasMantMax == 4095);
  STATIC_REQUIRE(q::kBiasExpMax == 7);
  STATIC_REQUIRE(q::kInputMaxNoWrap == 131072);
  STATIC_REQUIRE(q::kInputMaxSingleWrap == 262144);
  // The largest threshold in state units fits v: (2^17 − 1) << 6 = 8388544 < 2^23 − 1.
  STATIC_REQUIRE(q::threshold_to_state(q::kVthMax) == 8388544);
  STATIC_REQUIRE(q::threshold_to_state(q::kVthMax) < q::kStateMax);
}

TEST_CASE("fixed point: trunc12 rounds toward zero") {
  CHECK(q::trunc12(4095) == 0);
  CHECK(q::trunc12(4096) == 1);
  CHECK(q::trunc12(8191) == 1);
  CHECK(q::trunc12(-4095) == 0);
  CHECK(q::trunc12(-4096) == -1);
  CHECK(q::trunc12(-8191) == -1);  // an arithmetic shift would give −2
  CHECK(q::trunc12(0) == 0);
}

TEST_CASE("fixed point: decays keep 4096 − (du + 1) of u and 4096 − dv of v") {
  CHECK(q::current_keep(0) == 4095);
  CHECK(q::current_keep(4095) == 0);  // du = 4095 clears u
  CHECK(q::voltage_keep(0) == 4096);  // dv = 0: no leak
  CHECK(q::voltage_keep(4095) == 1);
  // The first two steps of the du = 2047 vector: u = 8192, then 4096.
  CHECK(q::decay_current(8192, 2047) == 4096);
  // du = 0, dv = 2048 vector, step 2: trunc12(8192 · 2048) + 8192 − 2 = 12286 (u decayed by 1/4096 too).
  CHECK(q::decay_voltage(8192, 2048) + q::decay_current(8192, 0) == 4096 + 8190);
  CHECK(q::decay_voltage(-8192, 2048) == -4096);
}

TEST_CASE("fixed point: one wrap of u, saturation of v") {
  CHECK(q::wrap24(8388608) == 8388608);            // +2^23 stays
  CHECK(q::wrap24(8388608 + 64) == -8388608 + 64);  // just above wraps down
  CHECK(q::wrap24(-8388608) == 8388608);           // −2^23 becomes +2^23
  CHECK(q::wrap24(-8388607) == -8388607);
  CHECK(q::wrap24(3 * 8388608) == 8388608);        // only once: 3·2^23 − 2^24 = 2^23
  CHECK(q::sat24(9000000) == 8388607);
  CHECK(q::sat24(-9000000) == -8388607);
  CHECK(q::sat24(-8388607) == -8388607);
}

TEST_CASE("fixed point: input, threshold and bias in state units") {
  CHECK(q::input_to_state(128) == 8192);
  CHECK(q::input_to_state(-3) == -192);
  CHECK(q::threshold_to_state(200) == 12800);
  CHECK(q::bias_value(4095, 5) == 131040);  // the bias vector of docs/fixed-point.md
  CHECK(q::bias_value(-7, 1) == -14);
}

TEST_CASE("fixed point: leak <-> dv and du -> current decay") {
  CHECK(q::leak_to_dv(1.0) == 0);
  CHECK(q::leak_to_dv(0.9) == 410);   // round(409.6)
  CHECK(q::leak_to_dv(0.5) == 2048);
  CHECK(q::leak_to_dv(0.0) == 4095);  // clamped: 4096 does not fit 12 bits
  CHECK(q::leak_to_dv(1.5) == 0);     // clamped
  CHECK(q::dv_to_leak(0) == 1.0);
  CHECK(q::dv_to_leak(2048) == 0.5);
  CHECK(q::du_to_current_decay(4095) == 0.0);
  CHECK(q::du_to_current_decay(2047) == 0.5);
}

// Golden model against every test vector of docs/fixed-point.md (Lava's bit-accurate
// models) and the edge cases of the 24-bit u wrap and v saturation.
#include <catch2/catch.hpp>

#include <vector>

#include "core/errors.hpp"
#include "quantizer/golden.hpp"
#include "fixed_fixtures.hpp"

using namespace spikeforge;
using quantizer::SignMode;

namespace {

std::vector<std::int32_t> trace(const std::vector<std::vector<std::vector<std::int32_t>>>& s, std::size_t n) {
  std::vector<std::int32_t> out;
  for (const auto& step : s.front()) out.push_back(step[n]);
  return out;
}

}  // namespace

TEST_CASE("golden: du = 2047 halves u each step (Lava vector)") {
  auto l = test::fixed_layer({{128}}, SignMode::mixed);
  l.du = 2047;
  l.dv = 0;
  l.spiking = false;
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(1, 8, {0}), 0, true);
  CHECK(trace(run.u, 0) == std::vector<std::int32_t>{8192, 4096, 2048, 1024, 512, 256, 128, 64});
}

TEST_CASE("golden: dv = 2048 voltage sequence and its exact negation (Lava vector)") {
  const std::vector<std::int32_t> expected{8192, 12286, 14331, 15351, 15859, 16111, 16235, 16295};
  for (const int sign : {1, -1}) {
    auto l = test::fixed_layer({{128 * sign}}, SignMode::mixed);
    l.du = 0;
    l.dv = 2048;
    l.spiking = false;
    const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(1, 8, {0}), 0, true);
    std::vector<std::int32_t> want = expected;
    for (auto& x : want) x *= sign;
    CHECK(trace(run.v, 0) == want);
  }
}

TEST_CASE("golden: bias drives spikes at steps 5 and 10 (Lava vector)") {
  auto l = test::fixed_layer({{0}}, SignMode::mixed);
  l.du = 0;
  l.dv = 0;
  l.vth = 8;
  l.bias_mant = {2};
  l.bias_exp = 6;
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(1, 12, {}), 0, true);
  CHECK(trace(run.v, 0) == std::vector<std::int32_t>{128, 256, 384, 512, 0, 128, 256, 384, 512, 0, 128, 256});
  std::vector<int> spike_steps;
  for (std::size_t t = 0; t < 12; ++t) {
    if (!run.spikes[0][t].empty()) spike_steps.push_back(static_cast<int>(t) + 1);
  }
  CHECK(spike_steps == std::vector<int>{5, 10});
  CHECK(run.counts[0].spikes == 2);
}

TEST_CASE("golden: bias_mant 4095, bias_exp 5 gives v = 131040 (Lava vector)") {
  auto l = test::fixed_layer({{0}}, SignMode::mixed);
  l.dv = 0;
  l.vth = quantizer::kVthMax;
  l.bias_mant = {4095};
  l.bias_exp = 5;
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(1, 1, {}), 0, true);
  CHECK(run.v[0][0][0] == 131040);
}

TEST_CASE("golden: 12-step Source -> Dense -> LIF run matches Lava row by row") {
  auto l = test::fixed_layer({{3, -3, 255}, {100, 50, 25}}, SignMode::mixed);
  REQUIRE(l.weights(0, 0) == 2);
  REQUIRE(l.weights(0, 1) == -4);
  REQUIRE(l.weights(0, 2) == 254);
  REQUIRE(l.weights(1, 2) == 24);
  l.du = 1023;
  l.dv = 511;
  l.vth = 200;
  l.bias_mant = {3, 3};
  l.bias_exp = 2;
  // Lava's Dense delays by one step: its step-t input spikes reach the LIF at step t + 1. The
  // golden model has no delay, so we feed Lava's step-(t−1) spikes as our step-t input.
  // Lava input: all 3 at step 1, input 0 at step 4, input 1 at step 6 (1-based).
  std::vector<std::vector<std::uint32_t>> active(12);
  active[1] = {0, 1, 2};
  active[4] = {0};
  active[6] = {1};
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::batch_of(3, active), 0, true);
  CHECK(trace(run.u, 0) == std::vector<std::int32_t>{0, 16128, 12096, 9072, 6932, 5199, 3643, 2732, 2049, 1536, 1152, 864});
  CHECK(trace(run.u, 1) == std::vector<std::int32_t>{0, 11136, 8352, 6264, 11098, 8323, 9442, 7081, 5310, 3982, 2986, 2239});
  CHECK(trace(run.v, 0) == std::vector<std::int32_t>{12, 0, 12108, 0, 6944, 11288, 0, 2744, 4462, 5453, 5936, 6071});
  CHECK(trace(run.v, 1) == std::vector<std::int32_t>{12, 11158, 0, 6276, 0, 8335, 0, 7093, 11530, 0, 2998, 4874});
  std::vector<int> s0, s1;
  for (std::size_t t = 0; t < 12; ++t) {
    const auto& sp = run.spikes[0][t];
    s0.push_back(std::count(sp.begin(), sp.end(), 0U) > 0 ? 1 : 0);
    s1.push_back(std::count(sp.begin(), sp.end(), 1U) > 0 ? 1 : 0);
  }
  CHECK(s0 == std::vector<int>{0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0});
  CHECK(s1 == std::vector<int>{0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0});
  // Counts: 3 + 1 + 1 active inputs × 2 neurons; every update is active (bias ≠ 0).
  CHECK(run.counts[0].synaptic_ops == 10);
  CHECK(run.counts[0].updates_active == 24);
  CHECK(run.counts[0].updates_idle == 0);
  CHECK(run.counts[0].spikes == 7);
}

TEST_CASE("golden: Dense sign modes send what Lava's Dense sends (u = a << 6 with du = 4095)") {
  struct Case {
    std::vector<int> raw;
    SignMode mode;
    int bits;
    int weight_exp;
    std::int32_t sends;
  };
  for (const Case& c : {Case{{3, -3, 255, -256}, SignMode::mixed, 8, 0, -4},
                        Case{{3, 5, 255}, SignMode::excitatory, 8, -1, 131},
                        Case{{-3, -5, 0}, SignMode::inhibitory, 6, -1, -2}}) {
    auto l = test::fixed_layer({c.raw}, c.mode, c.bits);
    l.weight_exp = c.weight_exp;
    l.du = 4095;
    l.spiking = false;
    const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(static_cast<int>(c.raw.size()), 1, {0}), 0, true);
    CHECK(run.u[0][0][0] == c.sends * 64);
  }
}

TEST_CASE("golden: u wraps once at 24 bits exactly as Lava does") {
  // a = acc << 7 with du = 4095, so u' = acc · 2^13.
  struct Case {
    std::vector<int> raw;
    SignMode mode;
    std::int32_t u;
  };
  const std::vector<int> eight_pos(8, 128), eight_neg(8, -128);
  std::vector<int> pos_beyond = eight_pos;
  pos_beyond.push_back(1);  // acc = 1025
  std::vector<int> neg_beyond = eight_neg;
  neg_beyond.push_back(-1);  // acc = −1025
  const std::vector<int> far(20, 255);  // acc = 5100: u' = 41779200, one wrap leaves 25002016
  for (const Case& c : {Case{eight_pos, SignMode::excitatory, 8388608},      // +2^23 stays
                        Case{eight_neg, SignMode::inhibitory, 8388608},      // −2^23 becomes +2^23
                        Case{pos_beyond, SignMode::excitatory, 8396800 - 16777216},
                        Case{neg_beyond, SignMode::inhibitory, -8396800 + 16777216},
                        Case{far, SignMode::excitatory, 41779200 - 16777216}}) {
    auto l = test::fixed_layer({c.raw}, c.mode);
    l.weight_exp = 7;
    l.du = 4095;
    l.dv = 0;
    l.spiking = false;
    const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(static_cast<int>(c.raw.size()), 1, {0}), 0, true);
    CHECK(run.u[0][0][0] == c.u);
    CHECK(quantizer::run_golden_reference(test::one_layer_net(l), test::pulse(static_cast<int>(c.raw.size()), 1, {0}), 0, true).u[0][0][0] == c.u);
  }
}

TEST_CASE("golden: v saturates at ±(2^23 − 1) instead of wrapping") {
  std::vector<int> pos(8, 128);
  pos.push_back(1);  // u' = 8396800 − 2^24 = −8380416 each step
  auto l = test::fixed_layer({pos}, SignMode::excitatory);
  l.weight_exp = 7;
  l.du = 4095;
  l.dv = 0;
  l.spiking = false;
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(9, 2, {0, 1}), 0, true);
  CHECK(run.v[0][0][0] == -8380416);
  CHECK(run.v[0][1][0] == -8388607);
  auto up = test::fixed_layer({std::vector<int>(8, 128)}, SignMode::excitatory);  // u' = +2^23
  up.weight_exp = 7;
  up.spiking = false;
  const auto run2 = quantizer::run_golden(test::one_layer_net(up), test::pulse(8, 1, {0}), 0, true);
  CHECK(run2.v[0][0][0] == 8388607);
}

TEST_CASE("golden: threshold is strict and subtract reset takes vth << 6 off at the next step") {
  auto l = test::fixed_layer({{0}}, SignMode::mixed);
  l.dv = 0;
  l.vth = 1;
  l.bias_mant = {64};  // v += 64 per step = vth << 6: equal is not above
  l.reset = core::ResetMode::subtract;
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(1, 4, {}), 0, true);
  // v: 64 (= threshold, no spike), 128 (spike), 128 − 64 + 64 = 128 (spike), 128 (spike).
  CHECK(trace(run.v, 0) == std::vector<std::int32_t>{64, 128, 128, 128});
  CHECK(run.counts[0].spikes == 3);
}

TEST_CASE("golden: GoldenModel rejects bad input indices and invalid networks") {
  auto l = test::fixed_layer({{2}}, SignMode::mixed);
  quantizer::GoldenModel model(test::one_layer_net(l));
  const std::vector<std::uint32_t> bad{1};
  CHECK_THROWS_AS(model.step(bad), core::ConfigError);
  l.du = 5000;
  CHECK_THROWS_AS(quantizer::GoldenModel(test::one_layer_net(l)), core::ConfigError);
  auto odd = test::fixed_layer({{2}}, SignMode::mixed);
  odd.weights(0, 0) = 3;  // MIXED 8-bit drops the LSB: 3 is not a chip weight
  CHECK_THROWS_AS(quantizer::GoldenModel(test::one_layer_net(odd)), core::ConfigError);
}

TEST_CASE("golden: idle updates are counted when nothing happens") {
  auto l = test::fixed_layer({{2}, {4}}, SignMode::mixed);
  l.dv = 0;
  l.vth = 100;
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(1, 3, {1}), 0, false);
  // Step 0: idle (zero state, no input). Step 1: input → active. Step 2: v ≠ 0 → active.
  CHECK(run.counts[0].updates_idle == 2);
  CHECK(run.counts[0].updates_active == 4);
  CHECK(run.counts[0].synaptic_ops == 2);
}

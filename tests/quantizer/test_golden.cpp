// Golden model against every test vector of docs/fixed-point.md (Lava's bit-accurate
// models), the edge cases of the 24-bit u wrap and v saturation, and the event-driven update rule
// (which neurons the core updates, skips or catches up, and that skipping is exact).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
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

TEST_CASE("golden: lava timing runs the 12-step Lava vector with Lava's own input steps") {
  // The same network fed as Lava was: input at steps 1, 4, 6 (1-based); the lava timing adds the
  // Dense's one-step delay itself and runs T + L = 11 + 1 steps, bias on from step 1.
  auto l = test::fixed_layer({{3, -3, 255}, {100, 50, 25}}, SignMode::mixed);
  l.du = 1023;
  l.dv = 511;
  l.vth = 200;
  l.bias_mant = {3, 3};
  l.bias_exp = 2;
  std::vector<std::vector<std::uint32_t>> active(11);
  active[0] = {0, 1, 2};
  active[3] = {0};
  active[5] = {1};
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::batch_of(3, active), 0, true,
                                         quantizer::Timing::lava);
  REQUIRE(run.u.front().size() == 12);
  CHECK(trace(run.u, 0) == std::vector<std::int32_t>{0, 16128, 12096, 9072, 6932, 5199, 3643, 2732, 2049, 1536, 1152, 864});
  CHECK(trace(run.u, 1) == std::vector<std::int32_t>{0, 11136, 8352, 6264, 11098, 8323, 9442, 7081, 5310, 3982, 2986, 2239});
  CHECK(trace(run.v, 0) == std::vector<std::int32_t>{12, 0, 12108, 0, 6944, 11288, 0, 2744, 4462, 5453, 5936, 6071});
  CHECK(trace(run.v, 1) == std::vector<std::int32_t>{12, 11158, 0, 6276, 0, 8335, 0, 7093, 11530, 0, 2998, 4874});
}

TEST_CASE("golden: lava timing delays each layer by one step and starts every bias at step 1") {
  // in -> [w 100, vth 50, zero reset] -> [w 50, bias 5, integrator]; input spike at step 1 of T = 2.
  auto hidden = test::fixed_layer({{100}}, SignMode::mixed);
  hidden.dv = 0;
  hidden.vth = 50;  // 100 << 6 = 6400 > 50 << 6 = 3200: one spike per input spike
  auto out = test::fixed_layer({{50}}, SignMode::mixed);
  out.spiking = false;
  out.dv = 0;
  out.bias_mant = {5};
  quantizer::FixedNetwork net;
  net.profile = "test";
  net.layers = {hidden, out};
  const auto batch = test::pulse(1, 2, {0});
  // Immediate: the hidden spike reaches the output at step 1 together with its bias: 5 + 3200, then + 5.
  const auto now = quantizer::run_golden(net, batch, 0, true);
  CHECK(trace(now.v, 0).size() == 2);
  CHECK(now.spikes[0][0] == std::vector<std::uint32_t>{0});
  CHECK(now.output_v == std::vector<std::int32_t>{3210});
  // Lava: 4 steps. The hidden layer spikes at step 2, the output sees it at step 3 after two bias steps.
  const auto lava = quantizer::run_golden(net, batch, 0, true, quantizer::Timing::lava);
  CHECK(lava.spikes[0] == std::vector<std::vector<std::uint32_t>>{{}, {0}, {}, {}});
  std::vector<std::int32_t> v_out;
  for (const auto& step : lava.v[1]) v_out.push_back(step[0]);
  CHECK(v_out == std::vector<std::int32_t>{5, 10, 3215, 3220});
  CHECK(lava.output_v == std::vector<std::int32_t>{3220});
  // The run's counts cover the 4 steps: one synaptic op per layer, 4 updates per neuron.
  CHECK(lava.counts[0].synaptic_ops == 1);
  CHECK(lava.counts[1].synaptic_ops == 1);
  CHECK(lava.counts[1].updates_active + lava.counts[1].updates_idle == 4);
}

TEST_CASE("golden: without biases the lava timing gives the immediate timing's output and prediction") {
  // Zero state stays zero until a layer's first input arrives, so the delays only shift every layer:
  // the output after T + L lava steps is the output after T immediate steps.
  auto hidden = test::fixed_layer({{120, -40, 60}, {-100, 90, 30}, {40, 40, 40}}, SignMode::mixed);
  hidden.dv = 300;
  hidden.vth = 90;
  hidden.reset = core::ResetMode::subtract;
  auto out = test::fixed_layer({{50, -30, 20}, {-40, 60, -10}}, SignMode::mixed);
  out.spiking = false;
  out.dv = 128;
  quantizer::FixedNetwork net;
  net.profile = "test";
  net.layers = {hidden, out};
  const auto batch = test::batch_of(3, {{0, 1}, {2}, {0, 1, 2}, {}, {1}, {0, 2}, {1, 2}, {0}});
  const auto now = quantizer::run_golden(net, batch, 0);
  const auto lava = quantizer::run_golden(net, batch, 0, false, quantizer::Timing::lava);
  CHECK(lava.output_v == now.output_v);
  CHECK(lava.prediction == now.prediction);
  for (std::size_t t = 0; t < now.spikes[0].size(); ++t) CHECK(lava.spikes[0][t + 1] == now.spikes[0][t]);
  // With a bias the two timings differ (the bias acts during the delay).
  net.layers[1].bias_mant = {7, -3};
  CHECK(quantizer::run_golden(net, batch, 0, false, quantizer::Timing::lava).output_v !=
        quantizer::run_golden(net, batch, 0).output_v);
}

TEST_CASE("golden: timing names parse, and the RTL refuses the lava timing with an explanation") {
  CHECK(quantizer::parse_timing("immediate") == quantizer::Timing::immediate);
  CHECK(quantizer::parse_timing("lava") == quantizer::Timing::lava);
  CHECK_THROWS_WITH(quantizer::parse_timing("netx", "--timing"), Catch::Contains("--timing") && Catch::Contains("netx"));
  CHECK(quantizer::run_steps(quantizer::Timing::lava, 25, 2) == 27);
  CHECK(quantizer::run_steps(quantizer::Timing::immediate, 25, 2) == 25);
  CHECK_NOTHROW(quantizer::require_immediate_timing(quantizer::Timing::immediate, "verify"));
  CHECK_THROWS_AS(quantizer::require_immediate_timing(quantizer::Timing::lava, "verify"), core::ConfigError);
  CHECK_THROWS_WITH(quantizer::require_immediate_timing(quantizer::Timing::lava, "verify"),
                    Catch::StartsWith("verify: ") && Catch::Contains("eval --timing lava"));
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

TEST_CASE("golden: the core skips neurons with nothing to do (event-driven updates)") {
  auto l = test::fixed_layer({{2}, {4}}, SignMode::mixed);
  l.dv = 0;
  l.vth = 100;
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(1, 3, {1}), 0, false);
  // Step 0: zero state, no input → skipped. Step 1: input → updated. Step 2: v ≠ 0 but dv = 0 and no
  // input, so the update would leave v as it is → skipped.
  CHECK(run.counts[0].updates_active == 2);
  CHECK(run.counts[0].updates_idle == 4);
  CHECK(run.counts[0].synaptic_ops == 2);
  CHECK(run.counts[0].input_steps == 1);
  CHECK(run.counts[0].catchup_decays == 0);
}

namespace {

// Counts of one layer: (updates, skipped, catch-up decays).
std::vector<std::uint64_t> upd(const quantizer::EventCounts& c) { return {c.updates_active, c.updates_idle, c.catchup_decays}; }

}  // namespace

TEST_CASE("golden: a neuron with a bias is updated at every step") {
  auto l = test::fixed_layer({{0}, {0}}, SignMode::mixed);
  l.dv = 0;
  l.vth = 8;
  l.bias_mant = {2, 0};
  l.bias_exp = 6;
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(1, 6, {}), 0, false);
  CHECK(upd(run.counts[0]) == std::vector<std::uint64_t>{6, 6, 0});  // neuron 0 every step, neuron 1 never
  CHECK(run.counts[0].spikes == 1);                                 // v = 128, …, 640 > 512 at the 5th step
}

TEST_CASE("golden: a pending subtractive reset keeps the neuron updated at the next step") {
  // A weight of 254 over vth 100: one input spike makes v = 16256 > 6400; the next step must subtract.
  auto l = test::fixed_layer({{254}}, SignMode::mixed);
  l.dv = 0;
  l.vth = 100;
  l.reset = core::ResetMode::subtract;
  const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(1, 5, {0}), 0, true);
  // v: 16256 (spike), 9856 (spike), 3456, 3456, 3456: updated at steps 0, 1, 2 (the last pending
  // reset), skipped at 3 and 4 (dv = 0, no input).
  CHECK(trace(run.v, 0) == std::vector<std::int32_t>{16256, 9856, 3456, 3456, 3456});
  CHECK(upd(run.counts[0]) == std::vector<std::uint64_t>{3, 2, 0});
}

TEST_CASE("golden: zero weights and cancelling weights are no input") {
  // Hidden layer: neuron 0 has a zero weight from input 0; neuron 1 gets +2 and −2 from inputs 0 and 1.
  auto h = test::fixed_layer({{0, 4}, {2, -2}, {2, 2}}, SignMode::mixed);
  h.dv = 100;
  h.vth = 1000;
  quantizer::FixedNetwork net = test::one_layer_net(h);
  auto o = test::fixed_layer({{2, 2, 2}}, SignMode::mixed);
  o.spiking = false;
  net.layers.push_back(o);
  const auto run = quantizer::run_golden(net, test::batch_of(2, {{0}, {0, 1}}), 0, false);
  // Step 0 (input 0): neuron 0 acc 0 → skipped; neurons 1, 2 acc 2 → updated. Step 1 (inputs 0, 1):
  // neuron 0 acc 4 → updated; neuron 1 acc 0, but its v ≠ 0 decays and the layer has input this
  // step (so no decay is deferred) → updated; neuron 2 acc 4 → updated.
  CHECK(upd(run.counts[0]) == std::vector<std::uint64_t>{5, 1, 0});
  CHECK(run.counts[0].synaptic_ops == 9);
  CHECK(upd(run.counts[1]) == std::vector<std::uint64_t>{0, 2, 0});  // no hidden spikes
}

TEST_CASE("golden: a hidden layer defers pure decays across steps without input and catches up") {
  // Hidden neuron: one spike of weight 100 at step 0 (v = 6400 < vth 200 << 6), then 4 silent steps,
  // then input again at step 5. dv = 1024: v decays 6400 → 4800 → 3600 → 2700 → 2025 (owed), caught up
  // at step 5. The output integrator (dv = 1024) reads the hidden spikes; it never defers.
  auto h = test::fixed_layer({{100}}, SignMode::mixed);
  h.dv = 1024;
  h.vth = 200;
  auto o = test::fixed_layer({{2}}, SignMode::mixed);
  o.dv = 1024;
  o.spiking = false;
  quantizer::FixedNetwork net = test::one_layer_net(h);
  net.layers.push_back(o);
  const auto run = quantizer::run_golden(net, test::pulse(1, 6, {0, 5}), 0, true);
  CHECK(trace(run.v, 0) == std::vector<std::int32_t>{6400, 4800, 3600, 2700, 2025, 7918});
  // Steps 1–4 have no input and v only decays: skipped, 4 decays owed, applied at step 5.
  CHECK(upd(run.counts[0]) == std::vector<std::uint64_t>{2, 4, 4});
  CHECK(run.counts[0].input_steps == 2);
  // The output layer never receives a spike, so nothing happens there.
  CHECK(upd(run.counts[1]) == std::vector<std::uint64_t>{0, 6, 0});
}

TEST_CASE("golden: a safe bias is deferred with the leak; an unsafe one keeps the neuron updated") {
  // Hidden layer, dv = 1024, vth 200 (12800): a bias b is safe if b · 4096 ≤ 12800 · 1024, b ≤ 3200.
  // Neuron 0: weight 100, bias 100 << 2 = 400 (safe). Neuron 1: weight 0, bias 1000 << 2 = 4000.
  auto h = test::fixed_layer({{100}, {0}}, SignMode::mixed);
  h.dv = 1024;
  h.vth = 200;
  h.bias_mant = {100, 1000};
  h.bias_exp = 2;
  auto o = test::fixed_layer({{2, 2}}, SignMode::mixed);
  o.dv = 1024;
  o.spiking = false;
  quantizer::FixedNetwork net = test::one_layer_net(h);
  net.layers.push_back(o);
  const auto run = quantizer::run_golden(net, test::pulse(1, 6, {0, 5}), 0, true);
  // Neuron 0: v = 6400 + 400, then v ← trunc12(v · 3072) + 400 at the four silent steps (deferred,
  // caught up at step 5), then + 6400 again.
  CHECK(trace(run.v, 0) == std::vector<std::int32_t>{6800, 5500, 4525, 3793, 3244, 9233});
  // Neuron 1 climbs on its bias alone and spikes at step 5 (13151 > 12800) without any input.
  CHECK(trace(run.v, 1) == std::vector<std::int32_t>{4000, 7000, 9250, 10937, 12202, 0});
  REQUIRE(run.spikes[0][5] == std::vector<std::uint32_t>{1});
  CHECK(upd(run.counts[0]) == std::vector<std::uint64_t>{2 + 6, 4, 4});
  CHECK(upd(run.counts[1]) == std::vector<std::uint64_t>{1, 5, 0});  // the output hears one spike
  CHECK(run.output_v == std::vector<std::int32_t>{128});
}

TEST_CASE("golden: the output integrator's decaying v is updated every step (it is the readout)") {
  auto o = test::fixed_layer({{100}}, SignMode::mixed);
  o.dv = 1024;
  o.spiking = false;
  const auto run = quantizer::run_golden(test::one_layer_net(o), test::pulse(1, 5, {0}), 0, false);
  CHECK(run.output_v == std::vector<std::int32_t>{2025});
  CHECK(upd(run.counts[0]) == std::vector<std::uint64_t>{5, 0, 0});
}

TEST_CASE("golden: an update with no input, zero state, no bias and no pending reset is a no-op for every legal parameter") {
  // The skip rule relies on this (with vth ≥ 0, which FixedNetwork::validate guarantees): sweep the
  // boundaries of every parameter and both reset modes and spiking kinds.
  int checked = 0;
  for (const int du : {0, 1, 2048, 4094, 4095}) {
    for (const int dv : {0, 1, 2048, 4095}) {
      for (const std::int32_t vth : {0, 1, quantizer::kVthMax}) {
        for (const int wexp : {quantizer::kWeightExpMin, 0, quantizer::kWeightExpMax}) {
          for (const auto reset : {core::ResetMode::zero, core::ResetMode::subtract}) {
            for (const bool spiking : {true, false}) {
              auto l = test::fixed_layer({{-256, 254}}, SignMode::mixed);
              l.du = du;
              l.dv = dv;
              l.vth = vth;
              l.weight_exp = wexp;
              l.bias_exp = 7;
              l.reset = reset;
              l.spiking = spiking;
              const auto run = quantizer::run_golden(test::one_layer_net(l), test::pulse(2, 3, {}), 0, true);
              CHECK(run.u[0][2][0] == 0);
              CHECK(run.v[0][2][0] == 0);
              CHECK(run.spikes[0][2].empty());
              CHECK(run.counts[0].updates_active == 0);
              ++checked;
            }
          }
        }
      }
    }
  }
  CHECK(checked == 5 * 4 * 3 * 3 * 2 * 2);
}

namespace {

// An independent event-driven simulator written from golden.hpp's update rule: it computes only the
// neurons the rule selects, leaves a skipped neuron's stored state as it was, and applies deferred
// decays by iterating the truncating decay (one owed-step counter per layer, stopping at v = 0)
// when the neuron is next updated. If skipping were not exact, its spikes or v would differ.
struct LazyResult {
  std::vector<std::vector<std::vector<std::uint32_t>>> spikes;  // [l][t]
  std::vector<std::int64_t> output_v;
  std::vector<std::uint64_t> updates, decays;                   // per layer
  bool states_equal = true;  // every updated neuron's u and v equal the golden model's at that step
};

std::int64_t lazy_trunc12(std::int64_t x) { return x < 0 ? -((-x) / 4096) : x / 4096; }

std::int64_t lazy_bias(const quantizer::FixedLayer& F, std::size_t n) {
  return static_cast<std::int64_t>(F.bias_mant[n]) * (std::int64_t{1} << F.bias_exp);
}

bool lazy_unsafe_bias(const quantizer::FixedLayer& F, std::size_t n) {
  return lazy_bias(F, n) * 4096 > static_cast<std::int64_t>(F.vth) * 64 * F.dv;
}

// v after one step without input, pending reset or current.
std::int64_t lazy_idle(const quantizer::FixedLayer& F, std::size_t n, std::int64_t v) {
  return std::clamp<std::int64_t>(lazy_trunc12(v * (4096 - F.dv)) + lazy_bias(F, n), -quantizer::kStateMax,
                                  quantizer::kStateMax);
}

LazyResult run_lazy(const quantizer::FixedNetwork& net, const core::SpikeBatch& b, const quantizer::GoldenRun& golden) {
  const std::size_t L = net.layers.size();
  const auto T = static_cast<std::size_t>(b.steps());
  std::vector<std::vector<std::int64_t>> u(L), v(L);
  std::vector<std::vector<int>> s(L), live(L), dec(L);
  std::vector<std::int64_t> owed(L, 0);
  LazyResult r;
  r.spikes.assign(L, std::vector<std::vector<std::uint32_t>>(T));
  r.updates.assign(L, 0);
  r.decays.assign(L, 0);
  for (std::size_t l = 0; l < L; ++l) {
    const auto n = static_cast<std::size_t>(net.layers[l].outputs());
    u[l].assign(n, 0);
    v[l].assign(n, 0);
    s[l].assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const bool biased = net.layers[l].bias_mant[i] != 0;
      live[l].push_back((lazy_unsafe_bias(net.layers[l], i) || (biased && l + 1 == L)) ? 1 : 0);
      dec[l].push_back(biased ? 1 : 0);
    }
  }
  for (std::size_t t = 0; t < T; ++t) {
    const auto in_span = b.active(0, static_cast<int>(t));
    std::vector<std::uint32_t> in(in_span.begin(), in_span.end());
    for (std::size_t l = 0; l < L; ++l) {
      const auto& F = net.layers[l];
      const bool has_events = !in.empty();
      const bool subtract = F.reset == core::ResetMode::subtract;
      for (int n = 0; n < F.outputs(); ++n) {
        const auto nn = static_cast<std::size_t>(n);
        std::int64_t acc = 0;
        for (const std::uint32_t i : in) acc += F.weights(n, static_cast<int>(i));
        if (!(live[l][nn] != 0 || acc != 0 || (has_events && dec[l][nn] != 0))) continue;
        ++r.updates[l];
        std::int64_t vv = v[l][nn];
        if (dec[l][nn] != 0 && live[l][nn] == 0) {
          for (std::int64_t k = 0; k < owed[l] && lazy_idle(F, nn, vv) != vv; ++k) {
            vv = lazy_idle(F, nn, vv);
            ++r.decays[l];
          }
        }
        const std::int64_t a = F.weight_exp >= 0 ? acc * (std::int64_t{1} << F.weight_exp) : (acc >> -F.weight_exp);
        std::int64_t un = lazy_trunc12(u[l][nn] * (4095 - F.du)) + a * 64;
        if (un > (1 << 23)) un -= 1 << 24;
        else if (un <= -(1 << 23)) un += 1 << 24;
        const std::int64_t bias = lazy_bias(F, nn);
        const std::int64_t vth64 = static_cast<std::int64_t>(F.vth) * 64;
        std::int64_t vn = lazy_trunc12(vv * (4096 - F.dv)) + un + bias - (subtract && s[l][nn] != 0 ? vth64 : 0);
        vn = std::clamp<std::int64_t>(vn, -quantizer::kStateMax, quantizer::kStateMax);
        const bool spike = F.spiking && vn > vth64;
        if (spike) {
          r.spikes[l][t].push_back(static_cast<std::uint32_t>(n));
          if (!subtract) vn = 0;
        }
        u[l][nn] = un;
        v[l][nn] = vn;
        s[l][nn] = spike ? 1 : 0;
        dec[l][nn] = ((F.dv != 0 && vn != 0) || bias != 0) ? 1 : 0;
        live[l][nn] = (lazy_unsafe_bias(F, nn) || (subtract && spike) || (F.du != 4095 && un != 0) ||
                       (dec[l][nn] != 0 && (l + 1 == L || !has_events)))
                          ? 1
                          : 0;
        r.states_equal = r.states_equal && golden.u[l][t][nn] == un && golden.v[l][t][nn] == vn;
      }
      owed[l] = has_events ? 0 : owed[l] + 1;
      in = r.spikes[l][t];
    }
  }
  r.output_v = v[L - 1];
  return r;
}

// Networks that exercise every reason to update or skip: sparse weights (many zeros), layers with and
// without bias, dv = 0 or not, du = 4095 or not, both resets, integrator or spiking output.
quantizer::FixedNetwork skip_net(std::mt19937_64& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  quantizer::FixedNetwork net;
  net.profile = "test";
  const int depth = pick(1, 3);
  int n_in = pick(1, 12);
  for (int l = 0; l < depth; ++l) {
    const int n_out = pick(1, 12);
    const int zero_pct = pick(0, 90);
    std::vector<std::vector<int>> raw(static_cast<std::size_t>(n_out), std::vector<int>(static_cast<std::size_t>(n_in)));
    for (auto& row : raw) {
      for (auto& w : row) w = pick(0, 99) < zero_pct ? 0 : pick(-256, 255);
    }
    auto F = test::fixed_layer(raw, SignMode::mixed);
    F.weight_exp = pick(-4, 2);
    F.du = pick(0, 1) == 0 ? 4095 : pick(0, 4095);
    F.dv = pick(0, 2) == 0 ? 0 : pick(1, 4095);
    F.vth = pick(0, 3000);
    F.bias_exp = pick(0, 7);
    const bool biased = pick(0, 1) == 0;
    for (auto& bm : F.bias_mant) bm = biased && pick(0, 1) == 0 ? pick(-64, 64) : 0;
    F.reset = pick(0, 1) == 0 ? core::ResetMode::zero : core::ResetMode::subtract;
    F.spiking = l + 1 < depth || pick(0, 1) == 0;
    net.layers.push_back(std::move(F));
    n_in = n_out;
  }
  return net;
}

// Bursts of input separated by runs of empty steps (latency-coded inputs look like this).
core::SpikeBatch bursty_input(std::mt19937_64& rng, int inputs, int steps) {
  std::vector<std::vector<std::uint32_t>> active(static_cast<std::size_t>(steps));
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  for (auto& a : active) {
    if (u01(rng) < 0.5) continue;
    const double p = u01(rng);
    for (int i = 0; i < inputs; ++i) {
      if (u01(rng) < p) a.push_back(static_cast<std::uint32_t>(i));
    }
  }
  return test::batch_of(inputs, active);
}

}  // namespace

TEST_CASE("golden: skipping per the update rule is exact (an independent event-driven simulator agrees)") {
  std::mt19937_64 rng(20261130);
  constexpr int kNetworks = 300;
  std::uint64_t skipped = 0;
  std::uint64_t decays = 0;
  for (int k = 0; k < kNetworks; ++k) {
    const auto net = skip_net(rng);
    const auto batch = bursty_input(rng, net.inputs(), 30);
    const auto golden = quantizer::run_golden(net, batch, 0, true);
    const auto lazy = run_lazy(net, batch, golden);
    INFO("network " << k);
    REQUIRE(lazy.spikes == golden.spikes);
    REQUIRE(lazy.states_equal);
    REQUIRE(std::vector<std::int32_t>(lazy.output_v.begin(), lazy.output_v.end()) == golden.output_v);
    for (std::size_t l = 0; l < net.layers.size(); ++l) {
      REQUIRE(lazy.updates[l] == golden.counts[l].updates_active);
      REQUIRE(lazy.decays[l] == golden.counts[l].catchup_decays);
      REQUIRE(golden.counts[l].updates_active + golden.counts[l].updates_idle ==
              30U * static_cast<std::uint64_t>(net.layers[l].outputs()));
      skipped += golden.counts[l].updates_idle;
      decays += golden.counts[l].catchup_decays;
    }
  }
  CHECK(skipped > 0);  // the networks do skip neurons and defer decays, so the comparison is not vacuous
  CHECK(decays > 0);
}

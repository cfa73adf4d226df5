// The event-driven golden model against its plain reference twin on random networks: both reset
// modes, depths 1–3, random weights including the extremes of each sign mode, random decays,
// thresholds, biases and exponents, and inputs from empty to all-active. Equality is exact.
#include <catch2/catch.hpp>

#include <random>

#include "quantizer/dense.hpp"
#include "quantizer/golden.hpp"

using namespace spikeforge;
using quantizer::SignMode;

namespace {

quantizer::FixedNetwork random_net(std::mt19937_64& rng, int depth, core::ResetMode reset) {
  std::uniform_int_distribution<int> size(1, 24);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  quantizer::FixedNetwork net;
  net.profile = "test";
  int n_in = size(rng);
  for (int l = 0; l < depth; ++l) {
    const int n_out = size(rng);
    quantizer::FixedLayer L;
    L.sign_mode = static_cast<SignMode>(pick(1, 3));
    L.num_weight_bits = pick(1, 8);
    Eigen::MatrixXi raw(n_out, n_in);
    for (int r = 0; r < n_out; ++r) {
      for (int c = 0; c < n_in; ++c) {
        const int kind = pick(0, 9);
        raw(r, c) = kind == 0 ? -256 : kind == 1 ? 255 : kind == 2 ? 0 : pick(-256, 255);
      }
    }
    L.weights = quantizer::dense_prepare(raw, L.num_weight_bits, L.sign_mode);
    L.weight_exp = pick(quantizer::kWeightExpMin, quantizer::kWeightExpMax);
    L.du = pick(0, 3) == 0 ? 4095 : pick(0, 4095);
    L.dv = pick(0, 3) == 0 ? 0 : pick(0, 4095);
    L.vth = pick(0, 4) == 0 ? (pick(0, 1) != 0 ? 0 : quantizer::kVthMax) : pick(0, 3000);
    L.bias_exp = pick(0, 7);
    for (int n = 0; n < n_out; ++n) {
      const int kind = pick(0, 5);
      L.bias_mant.push_back(kind == 0 ? quantizer::kBiasMantMin : kind == 1 ? quantizer::kBiasMantMax : kind == 2 ? 0 : pick(-200, 200));
    }
    L.reset = reset;
    L.spiking = l + 1 < depth || pick(0, 1) == 1;
    net.layers.push_back(std::move(L));
    n_in = n_out;
  }
  return net;
}

core::SpikeBatch random_input(std::mt19937_64& rng, int inputs, int steps) {
  core::SpikeBatch b(steps, inputs, 2);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  b.begin_sample(0);
  for (int t = 0; t < steps; ++t) {
    const int kind = static_cast<int>(u01(rng) * 4);  // empty, all, sparse, dense
    const double p = kind == 0 ? 0.0 : kind == 1 ? 1.0 : kind == 2 ? 0.1 : 0.6;
    std::vector<std::uint32_t> a;
    for (int i = 0; i < inputs; ++i) {
      if (u01(rng) < p || p == 1.0) a.push_back(static_cast<std::uint32_t>(i));
    }
    b.add_step(a);
  }
  return b;
}

}  // namespace

TEST_CASE("golden reference: event-driven model equals the plain twin exactly on random networks") {
  const auto timing = GENERATE(quantizer::Timing::immediate, quantizer::Timing::lava);
  std::mt19937_64 rng(20261129);
  constexpr int kNetworks = 120;
  constexpr int kSteps = 30;
  int total_spikes = 0;
  for (int k = 0; k < kNetworks; ++k) {
    const auto reset = k % 2 == 0 ? core::ResetMode::zero : core::ResetMode::subtract;
    const int depth = 1 + k % 3;
    const auto net = random_net(rng, depth, reset);
    const auto batch = random_input(rng, net.inputs(), kSteps);
    const auto fast = quantizer::run_golden(net, batch, 0, true, timing);
    const auto ref = quantizer::run_golden_reference(net, batch, 0, true, timing);
    INFO("network " << k << " depth " << depth << " timing " << quantizer::to_string(timing));
    REQUIRE(fast.spikes.front().size() == static_cast<std::size_t>(quantizer::run_steps(timing, kSteps, net.layers.size())));
    REQUIRE(fast.spikes == ref.spikes);
    REQUIRE(fast.u == ref.u);
    REQUIRE(fast.v == ref.v);
    REQUIRE(fast.counts == ref.counts);
    REQUIRE(fast.output_v == ref.output_v);
    REQUIRE(fast.prediction == ref.prediction);
    for (const auto& c : fast.counts) total_spikes += static_cast<int>(c.spikes);
  }
  CHECK(total_spikes > 0);  // the random networks do exercise spiking and reset
}

TEST_CASE("golden reference: a stepped GoldenModel reproduces run_golden after reset") {
  const auto timing = GENERATE(quantizer::Timing::immediate, quantizer::Timing::lava);
  std::mt19937_64 rng(7);
  const auto net = random_net(rng, 2, core::ResetMode::subtract);
  const auto batch = random_input(rng, net.inputs(), 20);
  quantizer::GoldenModel model(net, timing);
  model.step(batch.active(0, 0));  // dirty state (and, in lava timing, a delayed input), then reset
  model.step(batch.active(0, 1));
  const auto a = quantizer::run_golden(model, batch, 0, true);
  const auto b = quantizer::run_golden(net, batch, 0, true, timing);
  CHECK(a.v == b.v);
  CHECK(a.spikes == b.spikes);
  CHECK(a.counts == b.counts);
}

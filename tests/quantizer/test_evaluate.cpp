// evaluate_fixed: sums of per-sample golden runs, identical for any thread count.
#include <catch2/catch.hpp>

#include <random>

#include <omp.h>

#include "core/errors.hpp"
#include "quantizer/evaluate.hpp"
#include "fixed_fixtures.hpp"

using namespace spikeforge;
using quantizer::SignMode;

namespace {

quantizer::FixedNetwork small_net() {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> w(-256, 255);
  std::vector<std::vector<int>> a(12, std::vector<int>(20)), b(3, std::vector<int>(12));
  for (auto& r : a) for (auto& x : r) x = w(rng);
  for (auto& r : b) for (auto& x : r) x = w(rng);
  auto l1 = test::fixed_layer(a, SignMode::mixed);
  l1.vth = 3;
  l1.dv = 300;
  l1.reset = core::ResetMode::subtract;
  auto l2 = test::fixed_layer(b, SignMode::mixed);
  l2.spiking = false;
  l2.dv = 100;
  quantizer::FixedNetwork net;
  net.layers = {l1, l2};
  return net;
}

core::SpikeBatch batch(int samples) {
  std::mt19937_64 rng(5);
  std::bernoulli_distribution on(0.2);
  core::SpikeBatch b(15, 20, 3);
  for (int s = 0; s < samples; ++s) {
    b.begin_sample(s % 3);
    for (int t = 0; t < 15; ++t) {
      std::vector<std::uint32_t> a;
      for (std::uint32_t i = 0; i < 20; ++i) {
        if (on(rng)) a.push_back(i);
      }
      b.add_step(a);
    }
  }
  return b;
}

}  // namespace

TEST_CASE("evaluate: totals equal the sum of per-sample golden runs") {
  const auto timing = GENERATE(quantizer::Timing::immediate, quantizer::Timing::lava);
  INFO("timing " << quantizer::to_string(timing));
  auto net = small_net();
  net.layers[0].bias_mant.assign(12, 40);  // biases make the two timings differ
  const auto data = batch(37);
  const auto res = quantizer::evaluate_fixed(net, data, timing);
  REQUIRE(res.predictions.size() == data.size());
  quantizer::EventCounts total;
  std::vector<double> spikes(12, 0.0);
  std::size_t correct = 0;
  for (std::size_t s = 0; s < data.size(); ++s) {
    const auto run = quantizer::run_golden(net, data, s, false, timing);
    CHECK(res.predictions[s] == run.prediction);
    correct += run.prediction == data.label(s) ? 1U : 0U;
    for (const auto& c : run.counts) total += c;
    for (const auto& step : run.spikes[0]) for (auto n : step) spikes[n] += 1.0;
  }
  CHECK(res.counts == total);
  CHECK(res.layer_counts.size() == 2);
  for (int n = 0; n < 12; ++n) CHECK(res.spike_counts[0](n) == spikes[static_cast<std::size_t>(n)]);
  CHECK(res.counts.spikes > 0);
  CHECK(res.accuracy(data) == static_cast<double>(correct) / static_cast<double>(data.size()));
}

TEST_CASE("evaluate: results do not depend on the thread count") {
  const auto net = small_net();
  const auto data = batch(50);
  const int before = omp_get_max_threads();
  omp_set_num_threads(1);
  const auto one = quantizer::evaluate_fixed(net, data);
  omp_set_num_threads(3);
  const auto three = quantizer::evaluate_fixed(net, data);
  omp_set_num_threads(before);
  CHECK(one.predictions == three.predictions);
  CHECK(one.counts == three.counts);
  CHECK(one.layer_counts == three.layer_counts);
  for (std::size_t l = 0; l < one.spike_counts.size(); ++l) CHECK(one.spike_counts[l] == three.spike_counts[l]);
}

TEST_CASE("evaluate: a batch with the wrong number of inputs is a ConfigError") {
  core::SpikeBatch b(3, 7, 2);
  CHECK_THROWS_AS(quantizer::evaluate_fixed(small_net(), b), core::ConfigError);
}

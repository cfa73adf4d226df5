#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <omp.h>

#include "core/errors.hpp"
#include "core/float_sim.hpp"

using namespace spikeforge::core;

namespace {

// Hand-computed traces below use dyadic values (0.5, 0.75, 0.375, ...) so every float operation
// is exact and the expected numbers can be compared with ==.

Layer make_layer(const Eigen::MatrixXf& w, float leak, float theta, ResetMode reset, bool spiking,
                 const Eigen::VectorXf& bias) {
  Layer l;
  l.weights = w;
  l.bias = bias;
  l.neuron.leak = leak;
  l.neuron.v_thresh = theta;
  l.neuron.reset = reset;
  l.neuron.spiking = spiking;
  return l;
}

Layer make_layer(const Eigen::MatrixXf& w, float leak, float theta, ResetMode reset, bool spiking = true) {
  return make_layer(w, leak, theta, reset, spiking, Eigen::VectorXf::Zero(w.rows()));
}

Eigen::MatrixXf m1(float x) { return Eigen::MatrixXf::Constant(1, 1, x); }

/// One sample; `active[t]` lists the spiking inputs at step t.
SpikeBatch batch_of(int inputs, int classes, const std::vector<std::vector<std::uint32_t>>& active, int label = 0) {
  SpikeBatch b(static_cast<int>(active.size()), inputs, classes);
  b.begin_sample(label);
  for (const auto& a : active) b.add_step(a);
  return b;
}

SpikeBatch always_on(int steps) { return batch_of(1, 1, std::vector<std::vector<std::uint32_t>>(static_cast<std::size_t>(steps), {0})); }

std::vector<float> potential_trace(const SimResult& r, std::size_t layer, Eigen::Index neuron = 0) {
  std::vector<float> out;
  for (const auto& m : r.potentials[layer]) out.push_back(m(neuron, 0));
  return out;
}
std::vector<float> spike_trace(const SimResult& r, std::size_t layer, Eigen::Index neuron = 0) {
  std::vector<float> out;
  for (const auto& m : r.spikes[layer]) out.push_back(m(neuron, 0));
  return out;
}

SimOptions traced() {
  SimOptions o;
  o.record_spikes = true;
  o.record_potentials = true;
  return o;
}

}  // namespace

TEST_CASE("subtract reset: leak, threshold crossing, θ taken off at the next step", "[float_sim]") {
  FloatNetwork net;
  net.layers = {make_layer(m1(0.75F), 0.5F, 1.0F, ResetMode::subtract)};
  const SimResult r = simulate(net, always_on(4), traced());
  // t1: 0.75; t2: 0.375 + 0.75 = 1.125 > 1 spikes; t3: 0.5625 + 0.75 − 1 = 0.3125; t4: 0.15625 + 0.75.
  CHECK(potential_trace(r, 0) == std::vector<float>{0.75F, 1.125F, 0.3125F, 0.90625F});
  CHECK(spike_trace(r, 0) == std::vector<float>{0, 1, 0, 0});
  CHECK(r.spike_counts[0](0) == 1.0);
}

TEST_CASE("strict >: v exactly at θ does not spike (both reset modes)", "[float_sim]") {
  FloatNetwork net;
  SECTION("subtract") {
    net.layers = {make_layer(m1(0.5F), 1.0F, 1.0F, ResetMode::subtract)};
    const SimResult r = simulate(net, always_on(5), traced());
    // 0.5, 1.0 (= θ: no spike), 1.5 (spike), 1.5 + 0.5 − 1 = 1.0 (no spike), 1.5 (spike).
    CHECK(potential_trace(r, 0) == std::vector<float>{0.5F, 1.0F, 1.5F, 1.0F, 1.5F});
    CHECK(spike_trace(r, 0) == std::vector<float>{0, 0, 1, 0, 1});
  }
  SECTION("zero") {
    net.layers = {make_layer(m1(0.5F), 1.0F, 1.0F, ResetMode::zero)};
    const SimResult r = simulate(net, always_on(6), traced());
    // 0.5, 1.0, 1.5 (spike), then v restarts from 0: 0.5, 1.0, 1.5 (spike).
    CHECK(potential_trace(r, 0) == std::vector<float>{0.5F, 1.0F, 1.5F, 0.5F, 1.0F, 1.5F});
    CHECK(spike_trace(r, 0) == std::vector<float>{0, 0, 1, 0, 0, 1});
  }
}

TEST_CASE("zero reset with leak: the decayed potential is discarded after a spike", "[float_sim]") {
  FloatNetwork net;
  net.layers = {make_layer(m1(0.75F), 0.5F, 1.0F, ResetMode::zero)};
  const SimResult r = simulate(net, always_on(4), traced());
  // 0.75; 0.375 + 0.75 = 1.125 (spike); 0 + 0.75; 0.375 + 0.75 = 1.125 (spike).
  CHECK(potential_trace(r, 0) == std::vector<float>{0.75F, 1.125F, 0.75F, 1.125F});
  CHECK(spike_trace(r, 0) == std::vector<float>{0, 1, 0, 1});
}

TEST_CASE("bias drives a neuron with no input", "[float_sim]") {
  FloatNetwork net;
  net.layers = {make_layer(m1(5.0F), 1.0F, 1.0F, ResetMode::subtract, true, Eigen::VectorXf::Constant(1, 0.375F))};
  const SimResult r = simulate(net, batch_of(1, 1, {{}, {}, {}, {}, {}, {}}), traced());
  // 0.375, 0.75, 1.125 (spike), 1.5 − 1 = 0.5, 0.875, 1.25 (spike).
  CHECK(potential_trace(r, 0) == std::vector<float>{0.375F, 0.75F, 1.125F, 0.5F, 0.875F, 1.25F});
  CHECK(spike_trace(r, 0) == std::vector<float>{0, 0, 1, 0, 0, 1});
}

TEST_CASE("integrator output sees the hidden layer's spikes in the same step", "[float_sim]") {
  FloatNetwork net;
  net.layers = {make_layer(m1(0.5F), 1.0F, 1.0F, ResetMode::subtract),
                make_layer(m1(2.0F), 0.5F, 1.0F, ResetMode::subtract, false, Eigen::VectorXf::Constant(1, 0.25F))};
  const SimResult r = simulate(net, always_on(5), traced());
  // Hidden spikes at t3, t5 (see the strict-> test). Output: 0.25; 0.125 + 0.25; 0.1875 + 2 + 0.25;
  // 1.21875 + 0.25; 0.734375 + 2 + 0.25. Never spikes although v > θ.
  CHECK(potential_trace(r, 1) == std::vector<float>{0.25F, 0.375F, 2.4375F, 1.46875F, 2.984375F});
  CHECK(spike_trace(r, 1) == std::vector<float>{0, 0, 0, 0, 0});
  CHECK(r.output(0, 0) == 2.984375F);
  CHECK(r.spike_counts[0](0) == 2.0);
  CHECK(r.spike_counts[1](0) == 0.0);
  CHECK(simulate_reference(net, always_on(5), 0)(0) == 2.984375F);
}

TEST_CASE("spiking output: spike-count readout, ties go to the lowest index", "[float_sim]") {
  FloatNetwork net;
  Eigen::MatrixXf w(2, 2);
  w << 0.625F, 0.0F, 0.0F, 1.5F;
  net.layers = {make_layer(w, 1.0F, 1.0F, ResetMode::zero)};
  // Input 0 every step: neuron 0 at 0.625, 1.25 (spike), 0.625, 1.25 (spike) → 2 spikes.
  SECTION("neuron 1 spikes once: class 0 wins") {
    const SimResult r = simulate(net, batch_of(2, 2, {{0, 1}, {0}, {0}, {0}}));
    CHECK(r.output(0, 0) == 2.0F);
    CHECK(r.output(1, 0) == 1.0F);
    CHECK(r.predictions[0] == 0);
  }
  SECTION("neuron 1 spikes three times: class 1 wins") {
    const SimResult r = simulate(net, batch_of(2, 2, {{0, 1}, {0, 1}, {0, 1}, {0}}));
    CHECK(r.output(1, 0) == 3.0F);
    CHECK(r.predictions[0] == 1);
  }
  SECTION("a tie: 2 spikes each, the lowest index wins") {
    const SimResult r = simulate(net, batch_of(2, 2, {{0, 1}, {0}, {0, 1}, {0}}));
    CHECK(r.output(0, 0) == 2.0F);
    CHECK(r.output(1, 0) == 2.0F);
    CHECK(r.predictions[0] == 0);
    CHECK(simulate_reference(net, batch_of(2, 2, {{0, 1}, {0}, {0, 1}, {0}}), 0) == r.output.col(0));
  }
}

TEST_CASE("simulate rejects data of the wrong width and bad options", "[float_sim]") {
  FloatNetwork net;
  net.layers = {make_layer(Eigen::MatrixXf::Ones(1, 3), 1.0F, 1.0F, ResetMode::zero)};
  REQUIRE_THROWS_AS(simulate(net, always_on(2)), ConfigError);
  REQUIRE_THROWS_WITH(simulate(net, always_on(2)), Catch::Contains("1 inputs") && Catch::Contains("expects 3"));
  SimOptions o;
  o.chunk = 0;
  REQUIRE_THROWS_WITH(simulate(net, batch_of(3, 1, {{0}}), o), Catch::Contains("chunk"));
}

namespace {

FloatNetwork random_network(std::mt19937_64& rng, const std::vector<int>& sizes, ResetMode reset, bool spiking_output) {
  std::normal_distribution<float> normal(0.0F, 1.0F);
  std::uniform_real_distribution<float> leak(0.7F, 1.0F);
  FloatNetwork net;
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    const float scale = 2.5F / std::sqrt(static_cast<float>(sizes[l - 1]));
    Eigen::MatrixXf w(sizes[l], sizes[l - 1]);
    for (Eigen::Index k = 0; k < w.size(); ++k) w.data()[k] = scale * normal(rng) + 0.05F;
    Eigen::VectorXf b(sizes[l]);
    for (Eigen::Index k = 0; k < b.size(); ++k) b(k) = 0.05F * normal(rng);
    const bool last = l + 1 == sizes.size();
    net.layers.push_back(make_layer(w, leak(rng), 0.8F, reset, !last || spiking_output, b));
  }
  return net;
}

SpikeBatch random_batch(std::mt19937_64& rng, std::size_t samples, int steps, int inputs, int classes, double density) {
  std::bernoulli_distribution fire(density);
  std::uniform_int_distribution<int> label(0, classes - 1);
  SpikeBatch b(steps, inputs, classes);
  std::vector<std::uint32_t> act;
  for (std::size_t s = 0; s < samples; ++s) {
    b.begin_sample(label(rng));
    for (int t = 0; t < steps; ++t) {
      act.clear();
      for (int i = 0; i < inputs; ++i) {
        if (fire(rng)) act.push_back(static_cast<std::uint32_t>(i));
      }
      b.add_step(act);
    }
  }
  return b;
}

}  // namespace

TEST_CASE("simulate matches the scalar reference twin on random networks", "[float_sim]") {
  // Both sum each step's input current in the same order (ascending active inputs, then + bias), so
  // they agree exactly in builds without FMA; this bound only allows for the compiler contracting
  // δ·v + i into an FMA differently in the vectorized and the scalar code (-march=native builds).
  constexpr float kOutputTolerance = 1e-4F;
  std::mt19937_64 rng(20261128);
  const std::vector<std::vector<int>> shapes = {{13, 5}, {20, 17, 4}, {31, 24, 16, 7}};
  int compared = 0;
  for (const auto& sizes : shapes) {
    for (ResetMode reset : {ResetMode::subtract, ResetMode::zero}) {
      for (bool spiking_output : {false, true}) {
        const FloatNetwork net = random_network(rng, sizes, reset, spiking_output);
        const SpikeBatch batch = random_batch(rng, 9, 12, sizes.front(), sizes.back(), 0.3);
        SimOptions o;
        o.record_spikes = true;
        o.chunk = 4;
        const SimResult r = simulate(net, batch, o);
        double hidden_spikes = 0.0;
        for (std::size_t s = 0; s < batch.size(); ++s) {
          std::vector<std::vector<std::vector<std::uint32_t>>> ref_spikes;
          const Eigen::VectorXf ref = simulate_reference(net, batch, s, &ref_spikes);
          for (std::size_t l = 0; l < net.depth(); ++l) {
            for (int t = 0; t < batch.steps(); ++t) {
              std::vector<std::uint32_t> fast;
              const Eigen::MatrixXf& m = r.spikes[l][static_cast<std::size_t>(t)];
              for (Eigen::Index n = 0; n < m.rows(); ++n) {
                if (m(n, static_cast<Eigen::Index>(s)) != 0.0F) fast.push_back(static_cast<std::uint32_t>(n));
              }
              REQUIRE(fast == ref_spikes[l][static_cast<std::size_t>(t)]);
              if (l + 1 < net.depth()) hidden_spikes += static_cast<double>(fast.size());
            }
          }
          const Eigen::VectorXf out = r.output.col(static_cast<Eigen::Index>(s));
          CHECK((out - ref).cwiseAbs().maxCoeff() <= kOutputTolerance * (1.0F + ref.cwiseAbs().maxCoeff()));
          Eigen::Index best = 0;
          for (Eigen::Index k = 1; k < ref.size(); ++k) {
            if (ref(k) > ref(best)) best = k;
          }
          CHECK(r.predictions[s] == static_cast<int>(best));
          ++compared;
        }
        if (net.depth() > 1) CHECK(hidden_spikes > 0.0);  // The comparison exercised spiking layers.
      }
    }
  }
  CHECK(compared == 3 * 2 * 2 * 9);
}

TEST_CASE("results do not depend on the chunk size or the thread count", "[float_sim]") {
  std::mt19937_64 rng(7);
  for (ResetMode reset : {ResetMode::subtract, ResetMode::zero}) {
    const FloatNetwork net = random_network(rng, {40, 30, 10}, reset, false);
    const SpikeBatch batch = random_batch(rng, 50, 10, 40, 10, 0.25);
    SimOptions big;
    big.chunk = 1024;
    SimOptions small;
    small.chunk = 7;
    small.record_spikes = true;
    const int threads = omp_get_max_threads();
    omp_set_num_threads(1);
    const SimResult a = simulate(net, batch, big);
    omp_set_num_threads(std::max(2, threads));
    const SimResult b = simulate(net, batch, small);
    omp_set_num_threads(threads);
    CHECK(a.output == b.output);  // Bit-identical: per-sample arithmetic is independent of blocking.
    CHECK(a.predictions == b.predictions);
    REQUIRE(a.spike_counts.size() == 2);
    CHECK(a.spike_counts[0] == b.spike_counts[0]);
    CHECK(a.spike_counts[0].sum() > 0.0);
    // spike_counts is the per-neuron total of the recorded spikes.
    Eigen::VectorXd total = Eigen::VectorXd::Zero(30);
    for (const auto& m : b.spikes[0]) total += m.rowwise().sum().cast<double>();
    CHECK(total == b.spike_counts[0]);
  }
}

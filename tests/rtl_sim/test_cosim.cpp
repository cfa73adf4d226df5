// Randomized co-simulation: small random networks (both reset modes, all sign modes, integrator
// or spiking output), empty / sparse / saturated inputs, wrap and saturation edge cases, random
// initial register and memory values; every step's spikes and every u, v must equal the golden
// model's, and the core's counters the golden counts.
#include <catch2/catch.hpp>

#include <random>

#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/golden.hpp"
#include "rtl_fixtures.hpp"
#include "rtl_sim/energy/counts.hpp"
#include "rtl_sim/harness/cosim.hpp"

namespace sf = spikeforge;

namespace {

// Runs every sample and fails with the exact place of the first mismatch.
sf::rtl_sim::CosimReport check_exact(const sf::quantizer::FixedNetwork& net, const sf::core::SpikeBatch& batch,
                                     const sf::rtl_sim::CosimOptions& opt) {
  const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, batch.size(), opt);
  INFO((rep.first_mismatch ? rep.first_mismatch->describe() : std::string("no mismatch")));
  CHECK(rep.all_matched());
  CHECK(rep.samples == batch.size());
  return rep;
}

}  // namespace

TEST_CASE("random networks co-simulate spike-exact with u and v, counters equal golden", "[rtl_sim][cosim]") {
  std::mt19937_64 rng(20240601);
  sf::rtl_sim::CosimOptions opt;
  opt.trace_state = true;
  constexpr int kNetworks = 24;
  for (int k = 0; k < kNetworks; ++k) {
    sf::test::RandomNetSpec spec;
    spec.big_currents = (k % 3 == 2);
    const auto net = sf::test::random_network(rng, spec);
    const double p = std::vector<double>{0.0, 0.05, 0.3, 1.0}[static_cast<std::size_t>(k % 4)];
    const auto batch = sf::test::random_batch(rng, 3, 12, net.inputs(), p);
    INFO("network " << k << ", layers " << net.layers.size() << ", p = " << p);
    const auto rep = check_exact(net, batch, opt);
    CHECK(rep.rtl.synaptic_ops == rep.golden.synaptic_ops);
    CHECK(rep.rtl.updates_active == rep.golden.updates_active);
    CHECK(rep.rtl.updates_idle == rep.golden.updates_idle);
    CHECK(rep.rtl.spikes == rep.golden.spikes);
  }
}

TEST_CASE("u wraps (Lava's single wrap) and v saturates exactly as the golden model", "[rtl_sim][cosim]") {
  // One input, weight 254 << 7 << 6 per step ≈ 2^21 into u with almost no decay (du = 0): u passes
  // 2^23 and wraps; a large bias drives v into saturation at ±(2^23 − 1); vth is out of reach.
  auto L = sf::test::make_layer(2, 1, {254, -256}, 0, 0, 131071, 4095, 7);
  L.weight_exp = 7;
  L.bias_mant = {4095, -4096};
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(L);
  auto out = sf::test::make_layer(1, 2, {0, 0}, 4095, 0, 0, 0, 0, sf::core::ResetMode::zero, false);
  net.layers.push_back(out);
  std::vector<std::vector<std::uint32_t>> steps(20, std::vector<std::uint32_t>{0});
  const auto batch = sf::test::make_batch(1, steps);
  // The golden model must itself see the wrap and the saturation, or the test proves nothing.
  const auto run = sf::quantizer::run_golden(net, batch, 0, true);
  bool wrapped = false;
  bool saturated = false;
  for (int t = 1; t < 20; ++t) {
    wrapped |= run.u[0][static_cast<std::size_t>(t)][0] < run.u[0][static_cast<std::size_t>(t - 1)][0];
    saturated |= run.v[0][static_cast<std::size_t>(t)][0] == 8388607 || run.v[0][static_cast<std::size_t>(t)][1] == -8388607;
  }
  REQUIRE(wrapped);
  REQUIRE(saturated);
  sf::rtl_sim::CosimOptions opt;
  opt.trace_state = true;
  check_exact(net, batch, opt);
}

TEST_CASE("results do not depend on initial register and memory values", "[rtl_sim][cosim]") {
  std::mt19937_64 rng(7);
  const auto net = sf::test::random_network(rng, {});
  const auto batch = sf::test::random_batch(rng, 2, 10, net.inputs(), 0.2);
  sf::rtl_sim::CosimOptions base;
  base.trace_state = true;
  const auto ref = check_exact(net, batch, base);
  for (const std::uint64_t seed : {1ULL, 2ULL, 99ULL}) {
    sf::rtl_sim::CosimOptions opt = base;
    opt.core.rand_reset = 2;
    opt.core.seed = seed;
    INFO("rand_reset 2, seed " << seed);
    const auto rep = check_exact(net, batch, opt);
    CHECK(rep.rtl == ref.rtl);
  }
  sf::rtl_sim::CosimOptions ones = base;
  ones.core.rand_reset = 1;
  CHECK(check_exact(net, batch, ones).rtl == ref.rtl);
}

TEST_CASE("the core's counters equal their analytic twin from golden counts", "[rtl_sim][cosim]") {
  std::mt19937_64 rng(11);
  for (int k = 0; k < 6; ++k) {
    const auto net = sf::test::random_network(rng, {});
    const int T = 9;
    const auto batch = sf::test::random_batch(rng, 2, T, net.inputs(), 0.25);
    const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, batch.size());
    REQUIRE(rep.all_matched());
    std::vector<sf::quantizer::EventCounts> layer_counts(net.layers.size());
    for (std::size_t s = 0; s < batch.size(); ++s) {
      const auto run = sf::quantizer::run_golden(net, batch, s);
      for (std::size_t l = 0; l < net.layers.size(); ++l) layer_counts[l] += run.counts[l];
    }
    const auto derived = sf::rtl_sim::core_counts_from_golden(net, layer_counts, batch.size(), T);
    CHECK(derived == rep.rtl);
  }
}

TEST_CASE("Mismatch::describe names every coordinate that applies", "[rtl_sim][cosim]") {
  sf::rtl_sim::Mismatch m{3, 4, 1, 7, "v", 100, 101};
  CHECK(m.describe() == "sample 3, step 4, layer 1, neuron 7: v expected 100 (golden), got 101 (rtl)");
  sf::rtl_sim::Mismatch c{2, -1, -1, -1, "counts.spikes", 5, 6};
  CHECK(c.describe() == "sample 2: counts.spikes expected 5 (golden), got 6 (rtl)");
}

TEST_CASE("co-simulation on the synthetic dataset through a random 32-input network", "[rtl_sim][cosim]") {
  sf::core::DatasetSpec spec;
  spec.name = "synthetic";
  spec.split = "test";
  spec.steps = 20;
  spec.max_samples = 8;
  const auto batch = sf::core::load_spikes(spec);
  REQUIRE(batch.inputs() == 32);
  std::mt19937_64 rng(5);
  // A 32-40-4 network with random even (MIXED 8-bit) weights, subtractive reset, integrator output.
  sf::quantizer::FixedNetwork net;
  for (const auto& [n_out, n_in] : std::vector<std::pair<int, int>>{{40, 32}, {4, 40}}) {
    std::vector<int> w(static_cast<std::size_t>(n_out * n_in));
    for (auto& x : w) x = 2 * std::uniform_int_distribution<int>(-60, 100)(rng);
    net.layers.push_back(sf::test::make_layer(n_out, n_in, w, 4095, 200, 300, 0, 0, sf::core::ResetMode::subtract,
                                              n_out != 4));
  }
  sf::rtl_sim::CosimOptions opt;
  opt.trace_state = true;
  const auto rep = check_exact(net, batch, opt);
  CHECK(rep.golden.spikes > 0);  // the hidden layer is active, so the comparison is not vacuous
}

TEST_CASE("batch with a different input count is rejected", "[rtl_sim][cosim]") {
  std::mt19937_64 rng(3);
  const auto net = sf::test::random_network(rng, {});
  const auto batch = sf::test::random_batch(rng, 1, 4, net.inputs() + 1, 0.5);
  CHECK_THROWS_AS(sf::rtl_sim::verify_samples(net, batch, 0, 1), sf::core::ConfigError);
}

TEST_CASE("a corrupted memory image is caught at the exact sample, step, layer and neuron", "[rtl_sim][cosim]") {
  // Layer 0: 2 inputs -> 3 neurons, weights large enough that every active input makes a spike.
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(sf::test::make_layer(3, 2, {100, 100, 100, 100, 100, 100}, 4095, 4095, 10, 0, 0));
  net.layers.push_back(sf::test::make_layer(2, 3, {2, 2, 2, 2, 2, 2}, 4095, 0, 0, 0, 0, sf::core::ResetMode::zero, false));
  auto image = sf::exporter::build_rtl_image(net);
  // Weight of (input 1 -> neuron 2) of layer 0 lives at 0 + 1 * 3 + 2; make it 0.
  image.weights[5] = 0;
  std::vector<std::vector<std::uint32_t>> steps{{0}, {0}, {1}, {0, 1}};
  const auto batch = sf::test::make_batch(2, steps);
  sf::rtl_sim::CosimOptions opt;
  opt.image = image;
  const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, 1, opt);
  REQUIRE(rep.first_mismatch.has_value());
  const auto& m = *rep.first_mismatch;
  CHECK(m.sample == 0);
  CHECK(m.step == 2);
  CHECK(m.layer == 0);
  CHECK(m.neuron == 2);
  CHECK(m.field == "spike");
  CHECK(m.expected == 1);
  CHECK(m.actual == 0);
  CHECK(rep.matched == 0);
  // A smaller weight that still spikes: only the state comparison (trace_state) sees it.
  image.weights[5] = 98;
  opt.image = image;
  opt.trace_state = false;
  CHECK(sf::rtl_sim::verify_samples(net, batch, 0, 1, opt).all_matched());
  opt.trace_state = true;
  const auto rep2 = sf::rtl_sim::verify_samples(net, batch, 0, 1, opt);
  REQUIRE(rep2.first_mismatch.has_value());
  const auto& m2 = *rep2.first_mismatch;
  CHECK(m2.step == 2);
  CHECK(m2.layer == 0);
  CHECK(m2.neuron == 2);
  CHECK(m2.field == "u");
  CHECK(m2.expected == 100 * 64);
  CHECK(m2.actual == 98 * 64);
}

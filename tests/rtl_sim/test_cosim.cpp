// Randomized co-simulation on every verilated build (lane count P): small random networks (both
// reset modes, all sign modes, integrator or spiking output), empty / sparse / saturated inputs,
// wrap and saturation edge cases, random initial register and memory values; every step's spikes,
// the set of neurons the core updates and their u, v must equal the golden model's, and the
// core's counters the golden counts. Directed networks for every reason the update rule has to
// update, skip or catch up a neuron (quantizer/golden.hpp).
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>

#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/golden.hpp"
#include "rtl_fixtures.hpp"
#include "rtl_sim/harness/cosim.hpp"

namespace sf = spikeforge;

namespace {

// Runs every sample and fails with the exact place of the first mismatch.
sf::rtl_sim::CosimReport check_exact(const sf::quantizer::FixedNetwork& net, const sf::core::SpikeBatch& batch,
                                     const sf::rtl_sim::CosimOptions& opt) {
  const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, batch.size(), opt);
  INFO("lanes " << opt.core.lanes << ": " << (rep.first_mismatch ? rep.first_mismatch->describe() : std::string("no mismatch")));
  CHECK(rep.all_matched());
  CHECK(rep.samples == batch.size());
  return rep;
}

// Options with trace_state for the build with `lanes` lanes.
sf::rtl_sim::CosimOptions traced(int lanes) {
  sf::rtl_sim::CosimOptions opt;
  opt.trace_state = true;
  opt.core.lanes = lanes;
  return opt;
}

}  // namespace

TEST_CASE("random networks co-simulate spike-exact with u and v, counters equal golden", "[rtl_sim][cosim]") {
  constexpr int kNetworks = 24;
  for (const int lanes : sf::rtl_sim::rtl_lane_builds()) {
    std::mt19937_64 rng(20240601);
    const auto opt = traced(lanes);
    sf::quantizer::EventCounts total;
    for (int k = 0; k < kNetworks; ++k) {
      sf::test::RandomNetSpec spec;
      spec.big_currents = (k % 3 == 2);
      const auto net = sf::test::random_network(rng, spec);
      const double p = std::vector<double>{0.0, 0.05, 0.3, 1.0}[static_cast<std::size_t>(k % 4)];
      const auto batch = sf::test::random_batch(rng, 3, 12, net.inputs(), p);
      INFO("lanes " << lanes << ", network " << k << ", layers " << net.layers.size() << ", p = " << p);
      const auto rep = check_exact(net, batch, opt);
      // The harness checked the accumulate counters against their twin (the image's layouts); a
      // sparse layer skips zero rows, so the core never does more synaptic ops than the golden
      // model's dense count, and exactly as many when every layer is dense.
      sf::exporter::RtlCoreLimits lim;
      lim.lanes = lanes;
      const auto img = sf::exporter::build_rtl_image(net, lim);
      const bool dense = std::all_of(img.layers.begin(), img.layers.end(),
                                     [](const auto& l) { return l.layout == sf::exporter::RtlLayout::dense; });
      CHECK(rep.rtl.synaptic_ops <= rep.golden.synaptic_ops);
      if (dense) CHECK(rep.rtl.synaptic_ops == rep.golden.synaptic_ops);
      CHECK(rep.rtl.updates_active == rep.golden.updates_active);
      CHECK(rep.rtl.updates_idle == rep.golden.updates_idle);
      CHECK(rep.rtl.catchup_decays == rep.golden.catchup_decays);
      CHECK(rep.rtl.spikes == rep.golden.spikes);
      total += rep.golden;
    }
    // The suite exercises skipping and catch-ups, so the comparisons above are not vacuous.
    CHECK(total.updates_idle > 0);
    CHECK(total.catchup_decays > 0);
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
  for (const int lanes : sf::rtl_sim::rtl_lane_builds()) {
    std::mt19937_64 rng(7);
    const auto net = sf::test::random_network(rng, {});
    const auto batch = sf::test::random_batch(rng, 2, 10, net.inputs(), 0.2);
    const auto base = traced(lanes);
    const auto ref = check_exact(net, batch, base);
    for (const std::uint64_t seed : {1ULL, 2ULL, 99ULL}) {
      sf::rtl_sim::CosimOptions opt = base;
      opt.core.rand_reset = 2;
      opt.core.seed = seed;
      INFO("lanes " << lanes << ", rand_reset 2, seed " << seed);
      const auto rep = check_exact(net, batch, opt);
      CHECK(rep.rtl == ref.rtl);
    }
    sf::rtl_sim::CosimOptions ones = base;
    ones.core.rand_reset = 1;
    CHECK(check_exact(net, batch, ones).rtl == ref.rtl);
  }
}

namespace {

// One directed case: a network, its input steps, and what its golden counts must show (so the
// co-simulation exercises that feature).
struct SkipCase {
  const char* what;
  sf::quantizer::FixedNetwork net;
  std::vector<std::vector<std::uint32_t>> steps;
};

sf::quantizer::FixedNetwork chain(std::vector<sf::quantizer::FixedLayer> layers) {
  sf::quantizer::FixedNetwork net;
  net.profile = "spikeforge-core";
  net.layers = std::move(layers);
  net.validate();
  return net;
}

std::vector<SkipCase> skip_cases() {
  using sf::core::ResetMode;
  using sf::test::make_layer;
  std::vector<SkipCase> cases;
  // A biased neuron (unsafe bias: it climbs to a spike without input) beside an unbiased one.
  auto biased = make_layer(2, 1, {0, 0}, 4095, 0, 8, 2, 6);
  biased.bias_mant = {2, 0};
  cases.push_back({"bias", chain({biased, make_layer(1, 2, {2, 2}, 4095, 0, 0, 0, 0, ResetMode::zero, false)}),
                   std::vector<std::vector<std::uint32_t>>(8)});
  // A hidden v that decays through silent steps (deferred), then input again (caught up).
  cases.push_back({"decaying v", chain({make_layer(1, 1, {100}, 4095, 1024, 200, 0, 0),
                                        make_layer(1, 1, {2}, 4095, 1024, 0, 0, 0, ResetMode::zero, false)}),
                   {{0}, {}, {}, {}, {}, {0}, {}, {}}});
  // A safe bias deferred with the leak, and an unsafe one that spikes without input.
  auto safe = make_layer(2, 1, {100, 0}, 4095, 1024, 200, 0, 2);
  safe.bias_mant = {100, 1000};
  cases.push_back({"safe and unsafe bias", chain({safe, make_layer(1, 2, {2, 2}, 4095, 1024, 0, 0, 0, ResetMode::zero, false)}),
                   {{0}, {}, {}, {}, {}, {0}, {}, {}}});
  // Pending subtractive resets through silent steps (dv = 0: no decay to catch up afterwards).
  cases.push_back({"pending subtract", chain({make_layer(1, 1, {254}, 4095, 0, 100, 0, 0, ResetMode::subtract),
                                              make_layer(1, 1, {2}, 4095, 0, 0, 0, 0, ResetMode::zero, false)}),
                   {{0}, {}, {}, {}, {}, {}}});
  // Zero and cancelling weights: neurons that get no input although the layer has events.
  cases.push_back({"zero weights", chain({make_layer(3, 2, {0, 4, 2, -2, 2, 2}, 4095, 100, 1000, 0, 0),
                                          make_layer(1, 3, {2, 2, 2}, 4095, 0, 0, 0, 0, ResetMode::zero, false)}),
                   {{0}, {0, 1}, {1}, {}, {0, 1}}});
  // The output integrator's decaying v, updated every step (it is the readout).
  cases.push_back({"output integrator", chain({make_layer(1, 1, {100}, 4095, 1024, 0, 0, 0, ResetMode::zero, false)}),
                   {{0}, {}, {}, {}, {}}});
  // A current that decays (du != 4095): u is state, kept in the u SRAM, and u != 0 keeps n updated.
  cases.push_back({"decaying current", chain({make_layer(1, 1, {128}, 2047, 100, 131071, 0, 0),
                                              make_layer(1, 1, {2}, 4095, 0, 0, 0, 0, ResetMode::zero, false)}),
                   {{0}, {}, {}, {}, {}, {}}});
  return cases;
}

}  // namespace

TEST_CASE("directed networks for every reason to update, skip or catch up a neuron", "[rtl_sim][cosim]") {
  for (const SkipCase& c : skip_cases()) {
    const auto batch = sf::test::make_batch(c.net.inputs(), c.steps);
    const auto run = sf::quantizer::run_golden(c.net, batch, 0);
    sf::quantizer::EventCounts g;
    for (const auto& l : run.counts) g += l;
    INFO(c.what << ": golden updates " << g.updates_active << ", skipped " << g.updates_idle << ", catch-ups "
                << g.catchup_decays);
    CHECK(g.updates_active > 0);
    for (const int lanes : sf::rtl_sim::rtl_lane_builds()) {
      const auto rep = check_exact(c.net, batch, traced(lanes));
      CHECK(rep.rtl.catchup_decays == g.catchup_decays);
    }
  }
  // What each case is for, in its golden counts: the skip rule must see these, or the case tests nothing.
  const auto cases = skip_cases();
  const auto counts = [&](std::size_t i) {
    const auto run = sf::quantizer::run_golden(cases[i].net, sf::test::make_batch(cases[i].net.inputs(), cases[i].steps), 0);
    return run.counts;
  };
  CHECK(counts(0)[0].updates_active == 8);   // the biased neuron, every step; its neighbour never
  CHECK(counts(0)[0].spikes == 1);
  CHECK(counts(1)[0].catchup_decays == 4);   // steps 1-4 deferred, caught up at step 5
  CHECK(counts(2)[0].catchup_decays == 4);
  CHECK(counts(2)[0].spikes > 0);            // the unsafe bias spikes without input
  CHECK(counts(3)[0].updates_active == 3);   // input step + two pending subtracts
  CHECK(counts(4)[0].updates_idle > 0);      // zero / cancelling weights skipped
  CHECK(counts(5)[0].updates_active == 5);   // the readout never defers
  CHECK(counts(6)[0].updates_idle == 0);     // u != 0 decays with du = 2047: updated every step
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

TEST_CASE("spike-exact under pseudo-random output back-pressure (out_ready low), on every build", "[rtl_sim][cosim]") {
  // A spiking neuron held in the update stage by out_ready = 0 must commit with the input it read
  // on its first cycle. The same networks run with out_ready always high and low in half the
  // cycles: spikes, u, v and every counter but cycles must be equal, and cycles must grow (so the
  // stalls happened).
  constexpr int kNetworks = 12;
  constexpr int kStallPercent = 50;
  for (const int lanes : sf::rtl_sim::rtl_lane_builds()) {
    std::mt19937_64 rng(777);
    std::uint64_t spikes = 0;
    for (int k = 0; k < kNetworks; ++k) {
      sf::test::RandomNetSpec spec;
      spec.big_currents = (k % 3 == 2);
      const auto net = sf::test::random_network(rng, spec);
      const auto batch = sf::test::random_batch(rng, 2, 10, net.inputs(), k % 2 == 0 ? 0.3 : 1.0);
      INFO("lanes " << lanes << ", network " << k);
      auto opt = traced(lanes);
      const auto free_run = check_exact(net, batch, opt);
      opt.core.out_stall_percent = kStallPercent;
      opt.core.stall_seed = 1 + static_cast<std::uint64_t>(k);
      const auto stalled = check_exact(net, batch, opt);
      auto same = stalled.rtl;
      same.cycles = free_run.rtl.cycles;
      CHECK(same == free_run.rtl);
      if (free_run.rtl.spikes > 0) {
        CHECK(stalled.rtl.cycles > free_run.rtl.cycles);
      } else {
        CHECK(stalled.rtl.cycles == free_run.rtl.cycles);  // nothing to back-pressure
      }
      spikes += free_run.rtl.spikes;
    }
    CHECK(spikes > 0);  // the suite has spikes to stall on, so the comparison is not vacuous
  }
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

TEST_CASE("a neuron the core skips but the golden model updates is caught as a state_write mismatch", "[rtl_sim][cosim]") {
  // Hidden neuron 1 gets weight 2 from input 0 (far below threshold: no spike either way). Zeroing
  // that weight in the image makes the core see no input and skip it: spikes still agree, the
  // state comparison must name the missing write.
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(sf::test::make_layer(2, 1, {100, 2}, 4095, 0, 1000, 0, 0));
  net.layers.push_back(sf::test::make_layer(1, 2, {2, 2}, 4095, 0, 0, 0, 0, sf::core::ResetMode::zero, false));
  auto image = sf::exporter::build_rtl_image(net);
  image.weights[1] = 0;  // input 0 -> neuron 1 of layer 0
  const auto batch = sf::test::make_batch(1, {{}, {0}, {}});
  sf::rtl_sim::CosimOptions opt;
  opt.image = image;
  CHECK(sf::rtl_sim::verify_samples(net, batch, 0, 1, opt).first_mismatch->field == "counts.updates_active");
  opt.trace_state = true;
  const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, 1, opt);
  REQUIRE(rep.first_mismatch.has_value());
  const auto& m = *rep.first_mismatch;
  CHECK(m.step == 1);
  CHECK(m.layer == 0);
  CHECK(m.neuron == 1);
  CHECK(m.field == "state_write");
  CHECK(m.expected == 1);
  CHECK(m.actual == 0);
}

TEST_CASE("verify_samples gives the same report on 1, 2 and 3 threads; first mismatch = lowest sample", "[rtl_sim][cosim]") {
  // Every active input makes every hidden neuron spike; the image loses the weight input 1 ->
  // neuron 2, so the samples in which input 1 spikes (not 0, 3, 6) differ, from their first such step.
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(sf::test::make_layer(3, 2, {100, 100, 100, 100, 100, 100}, 4095, 4095, 10, 0, 0));
  net.layers.push_back(sf::test::make_layer(2, 3, {2, 2, 2, 2, 2, 2}, 4095, 0, 0, 0, 0, sf::core::ResetMode::zero, false));
  sf::core::SpikeBatch batch(4, 2, 2);
  for (int s = 0; s < 9; ++s) {
    batch.begin_sample(s % 2);
    for (int t = 0; t < 4; ++t) {
      std::vector<std::uint32_t> in{0};
      if (s % 3 != 0 && t >= s % 4) in.push_back(1);
      batch.add_step(in);
    }
  }
  auto image = sf::exporter::build_rtl_image(net);
  image.weights[5] = 0;
  sf::rtl_sim::CosimOptions opt;
  opt.image = image;
  opt.trace_state = true;
  opt.threads = 1;
  const auto one = sf::rtl_sim::verify_samples(net, batch, 0, batch.size(), opt);
  REQUIRE(one.first_mismatch.has_value());
  CHECK(one.first_mismatch->sample == 1);
  CHECK(one.matched == 3);  // samples 0, 3 and 6
  for (const unsigned threads : {2U, 3U}) {
    opt.threads = threads;
    std::size_t calls = 0;
    const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, batch.size(), opt,
                                                 [&](std::size_t done, std::size_t total, std::size_t) {
                                                   ++calls;
                                                   CHECK(done <= total);
                                                 });
    INFO("threads " << threads);
    CHECK(rep.threads == threads);
    CHECK(calls == batch.size());
    CHECK(rep.samples == one.samples);
    CHECK(rep.matched == one.matched);
    CHECK(rep.correct == one.correct);
    CHECK(rep.rtl == one.rtl);
    CHECK(rep.golden == one.golden);
    REQUIRE(rep.first_mismatch.has_value());
    CHECK(rep.first_mismatch->describe() == one.first_mismatch->describe());
  }
  // An FST waveform needs a single thread.
  opt.core.fst_path = "unused.fst";
  opt.threads = 2;
  CHECK_THROWS_AS(sf::rtl_sim::verify_samples(net, batch, 0, 1, opt), sf::core::ConfigError);
}

TEST_CASE("sparse weight layouts co-simulate spike-exact with u and v on every build", "[rtl_sim][cosim][sparse]") {
  // Pruned random networks, every layer forced sparse (all-zero rows skipped, an input without
  // blocks, an all-zero layer, a layer with one non-zero weight, and at kind 4 the unpruned, fully
  // dense layers in the sparse layout), then the layouts the writer picks itself. The harness also
  // checks synaptic ops, weight, pointer and index reads against their twin at every sample.
  constexpr int kNetworks = 10;
  for (const int lanes : sf::rtl_sim::rtl_lane_builds()) {
    std::mt19937_64 rng(515);
    sf::exporter::RtlCoreLimits lim;
    lim.lanes = lanes;
    int one_nonzero = 0;
    std::uint64_t pointer_reads = 0;
    for (int k = 0; k < kNetworks; ++k) {
      sf::test::RandomNetSpec spec;
      spec.max_neurons = 40;  // several weight rows at P = 16
      auto net = sf::test::random_network(rng, spec);
      const int kind = k % 5;
      if (kind != 4) sf::test::sparsify(net, rng, std::vector<double>{0.05, 0.2, 0.5}[static_cast<std::size_t>(k % 3)], kind);
      if (kind == 3) {
        const auto& W = net.layers.back().weights;
        one_nonzero += (W.array() != 0).count() == 1 ? 1 : 0;
      }
      const auto batch = sf::test::random_batch(rng, 2, 10, net.inputs(), k % 2 == 0 ? 0.3 : 0.08);
      for (const auto choice : {sf::exporter::RtlLayoutChoice::sparse, sf::exporter::RtlLayoutChoice::automatic}) {
        auto opt = traced(lanes);
        opt.image = sf::exporter::build_rtl_image(net, lim, choice);
        INFO("lanes " << lanes << ", network " << k << " (kind " << kind << "), "
                      << (choice == sf::exporter::RtlLayoutChoice::sparse ? "all sparse" : "automatic"));
        const auto rep = check_exact(net, batch, opt);
        CHECK(rep.rtl.synaptic_ops <= rep.golden.synaptic_ops);
        pointer_reads += rep.rtl.pointer_reads;
      }
    }
    CHECK(one_nonzero > 0);   // the one-weight layer was exercised
    CHECK(pointer_reads > 0);  // the sparse path ran
  }
}

TEST_CASE("an image is refused by a build with other lanes", "[rtl_sim][cosim][sparse]") {
  const auto builds = sf::rtl_sim::rtl_lane_builds();
  if (builds.size() < 2) return;  // one build: nothing to mismatch
  std::mt19937_64 rng(3);
  const auto net = sf::test::random_network(rng, {});
  sf::exporter::RtlCoreLimits lim;
  lim.lanes = builds.front();
  auto opt = traced(builds.back());
  opt.image = sf::exporter::build_rtl_image(net, lim);
  CHECK_THROWS_WITH(sf::rtl_sim::Cosim(net, opt), Catch::Contains("lanes " + std::to_string(builds.front())));
}

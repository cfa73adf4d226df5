// The analytic twin of the core's counters (rtl_sim/energy/counts.hpp): equal to the RTL's own
// counters on every verilated build, and, for every lane count P (built or not), equal to the cycle
// count worked out by hand for a small network.
#include <catch2/catch.hpp>

#include <random>

#include "core/errors.hpp"
#include "quantizer/evaluate.hpp"
#include "quantizer/golden.hpp"
#include "rtl_fixtures.hpp"
#include "rtl_sim/energy/counts.hpp"
#include "rtl_sim/harness/cosim.hpp"
#include "rtl_sim/report_json.hpp"

namespace sf = spikeforge;

TEST_CASE("the core's counters equal their analytic twin from golden counts, on every build", "[rtl_sim][counts]") {
  for (const int lanes : sf::rtl_sim::rtl_lane_builds()) {
    std::mt19937_64 rng(11);
    for (int k = 0; k < 6; ++k) {
      sf::test::RandomNetSpec spec;
      spec.max_neurons = 80;  // several flag words and weight rows per layer
      const auto net = sf::test::random_network(rng, spec);
      const int T = 9;
      const auto batch = sf::test::random_batch(rng, 2, T, net.inputs(), k % 2 == 0 ? 0.25 : 0.04);
      sf::rtl_sim::CosimOptions opt;
      opt.core.lanes = lanes;
      const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, batch.size(), opt);
      REQUIRE(rep.all_matched());
      const auto layer_counts = sf::quantizer::evaluate_fixed(net, batch).layer_counts;
      const auto derived = sf::rtl_sim::core_counts_from_golden(net, layer_counts, batch.size(), T, lanes);
      INFO("lanes " << lanes << ", network " << k);
      CHECK(derived == rep.rtl);
    }
  }
}

TEST_CASE("cycles per inference by hand for every lane count", "[rtl_sim][counts]") {
  // 3 inputs -> 70 neurons (2 flag words) -> 2 integrators, T = 2. Step 0: inputs 0 and 2 (two events
  // into layer 0: 140 synaptic ops), nothing else; every hidden weight is 2 (no spike: vth is high),
  // no bias, dv = 0: step 0 updates the 70 hidden neurons, step 1 (no input) skips everything.
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(sf::test::make_layer(70, 3, std::vector<int>(210, 2), 4095, 0, 131071, 0, 0));
  net.layers.push_back(sf::test::make_layer(2, 70, std::vector<int>(140, 2), 4095, 0, 0, 0, 0,
                                            sf::core::ResetMode::zero, false));
  const auto batch = sf::test::make_batch(3, {{0, 2}, {}});
  const auto run = sf::quantizer::run_golden(net, batch, 0);
  REQUIRE(run.counts[0].synaptic_ops == 140);
  REQUIRE(run.counts[0].updates_active == 70);
  REQUIRE(run.counts[1].updates_active == 0);
  for (const int P : {1, 2, 4, 8, 16, 32, 64}) {
    const std::uint64_t rows = (70 + static_cast<std::uint64_t>(P) - 1) / static_cast<std::uint64_t>(P);
    // Clear pass 72 + 1; 2 input events; per step and layer: S_LAYER, S_SCAN_END, S_NEXT and the
    // accumulate phase (1 cycle, or 5 + events · rows with events), one cycle per flag word, one
    // per update. Layer 0 has 2 flag words, layer 1 one.
    const std::uint64_t expect = (72 + 1) + 2 +
                                 /* layer 0 */ (3 + 5 + 2 * rows + 2 + 70) + (3 + 1 + 2) +
                                 /* layer 1 */ (3 + 1 + 1) + (3 + 1 + 1);
    INFO("P = " << P);
    CHECK(sf::rtl_sim::core_cycles(net, run.counts, 2, P) == expect);
    const auto c = sf::rtl_sim::core_counts_from_golden(net, run.counts, 1, 2, P);
    CHECK(c.weight_reads == 2 * rows);
    CHECK(c.flag_reads == 2 * (2 + 1));
  }
  for (const int lanes : sf::rtl_sim::rtl_lane_builds()) {
    sf::rtl_sim::CosimOptions opt;
    opt.core.lanes = lanes;
    const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, 1, opt);
    REQUIRE(rep.all_matched());
    CHECK(rep.rtl.cycles == sf::rtl_sim::core_cycles(net, run.counts, 2, lanes));
  }
  CHECK_THROWS_AS(sf::rtl_sim::core_cycles(net, run.counts, 2, 3), sf::core::ConfigError);
}

TEST_CASE("sparse layouts: the core's counters, cycles included, equal the twin on every build", "[rtl_sim][counts][sparse]") {
  for (const int lanes : sf::rtl_sim::rtl_lane_builds()) {
    std::mt19937_64 rng(29);
    sf::exporter::RtlCoreLimits lim;
    lim.lanes = lanes;
    for (int k = 0; k < 4; ++k) {
      sf::test::RandomNetSpec spec;
      spec.max_neurons = 80;
      auto net = sf::test::random_network(rng, spec);
      sf::test::sparsify(net, rng, k % 2 == 0 ? 0.05 : 0.3, k % 4);
      const int T = 8;
      const auto batch = sf::test::random_batch(rng, 2, T, net.inputs(), 0.2);
      sf::rtl_sim::CosimOptions opt;
      opt.core.lanes = lanes;
      opt.image = sf::exporter::build_rtl_image(net, lim, sf::exporter::RtlLayoutChoice::sparse);
      const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, batch.size(), opt);
      REQUIRE(rep.all_matched());
      const auto layer_counts = sf::quantizer::evaluate_fixed(net, batch).layer_counts;
      const auto events = sf::rtl_sim::golden_input_events(net, batch);
      const auto derived = sf::rtl_sim::core_counts(net, *opt.image, layer_counts, events, batch.size(), T);
      INFO("lanes " << lanes << ", network " << k << ": twin " << sf::rtl_sim::to_json(derived).dump() << ", rtl "
                    << sf::rtl_sim::to_json(rep.rtl).dump());
      CHECK(derived == rep.rtl);
      CHECK(rep.rtl.pointer_reads > 0);
      // Dense counters of the same network are never smaller in accumulate work.
      const auto dense = sf::rtl_sim::core_counts_from_golden(net, layer_counts, batch.size(), T, lanes);
      CHECK(derived.weight_reads <= dense.weight_reads);
      CHECK(derived.synaptic_ops <= dense.synaptic_ops);
      // The twin needs the input events of sparse layers.
      CHECK_THROWS_AS(sf::rtl_sim::core_counts(net, *opt.image, layer_counts, {}, batch.size(), T), sf::core::ConfigError);
    }
  }
}

TEST_CASE("sparse layer cycles by hand: only stored blocks cost, an event without blocks one cycle", "[rtl_sim][counts][sparse]") {
  // 3 inputs -> 70 neurons -> 2 integrators, T = 2, step 0 has events 0, 1 and 2. Layer 0 (sparse):
  // input 0 reaches neurons 0 and 40, input 1 nothing, input 2 neuron 69. Layer 1 dense, silent.
  std::vector<int> w(210, 0);
  w[0 * 3 + 0] = 2;
  w[40 * 3 + 0] = 2;
  w[69 * 3 + 2] = 2;
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(sf::test::make_layer(70, 3, w, 4095, 0, 131071, 0, 0));
  net.layers.push_back(sf::test::make_layer(2, 70, std::vector<int>(140, 2), 4095, 0, 0, 0, 0,
                                            sf::core::ResetMode::zero, false));
  const auto batch = sf::test::make_batch(3, {{0, 1, 2}, {}});
  const auto run = sf::quantizer::run_golden(net, batch, 0);
  REQUIRE(run.counts[0].updates_active == 3);
  const auto events = sf::rtl_sim::golden_input_events(net, batch);
  for (const int P : {1, 2, 4, 8, 16, 32}) {
    sf::exporter::RtlCoreLimits lim;
    lim.lanes = P;
    const auto img = sf::exporter::build_rtl_image(net, lim, sf::exporter::RtlLayoutChoice::automatic,
                                                   {sf::exporter::RtlLayoutChoice::sparse, sf::exporter::RtlLayoutChoice::dense});
    // Blocks: input 0 two (neurons 0 and 40 share a row only when P > 40), input 1 none, input 2 one.
    const std::uint64_t b0 = P > 40 ? 1 : 2;
    const std::uint64_t ops0 = b0 * static_cast<std::uint64_t>(P);
    const std::uint64_t ops2 = std::min<std::uint64_t>(static_cast<std::uint64_t>(P), 70 - (69 / P) * P);
    // Clear pass 72 + 1; 3 input events; layer 0 step 0: S_LAYER, S_SCAN_END, S_NEXT, 5 + work
    // (max(1, b) per event: b0 + 1 + 1), 2 flag words, 3 updates; step 1: 3 + 1 + 2; layer 1 as before.
    const std::uint64_t expect = (72 + 1) + 3 + (3 + 5 + (b0 + 1 + 1) + 2 + 3) + (3 + 1 + 2) + (3 + 1 + 1) + (3 + 1 + 1);
    const auto c = sf::rtl_sim::core_counts(net, img, run.counts, events, 1, 2);
    INFO("P = " << P);
    CHECK(c.cycles == expect);
    CHECK(c.weight_reads == b0 + 1);
    CHECK(c.index_reads == b0 + 1);
    CHECK(c.pointer_reads == 3);
    CHECK(c.synaptic_ops == std::min<std::uint64_t>(ops0, 70) + ops2);
  }
  for (const int lanes : sf::rtl_sim::rtl_lane_builds()) {
    sf::exporter::RtlCoreLimits lim;
    lim.lanes = lanes;
    sf::rtl_sim::CosimOptions opt;
    opt.core.lanes = lanes;
    opt.image = sf::exporter::build_rtl_image(net, lim, sf::exporter::RtlLayoutChoice::sparse);
    const auto rep = sf::rtl_sim::verify_samples(net, batch, 0, 1, opt);
    REQUIRE(rep.all_matched());
    CHECK(rep.rtl == sf::rtl_sim::core_counts(net, *opt.image, run.counts, events, 1, 2));
  }
}

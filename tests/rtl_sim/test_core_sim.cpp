// Directed tests of the verilated core through its typed harness: the Loihi/Lava test vectors of
// docs/fixed-point.md run through single-layer networks, the build's limits, the
// protocol (clear between samples), and FST tracing.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "core/errors.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/golden.hpp"
#include "quantizer/profile.hpp"
#include "rtl_fixtures.hpp"
#include "rtl_sim/harness/core_sim.hpp"
#include "support/temp_dir.hpp"

namespace sf = spikeforge;
using sf::rtl_sim::CoreSim;
using sf::rtl_sim::StateWrite;

namespace {

struct Trace {
  std::vector<std::vector<std::int32_t>> u, v;  // [step][neuron]
  std::vector<std::vector<std::uint32_t>> spikes;  // [step] (single layer)
};

// Runs a single-layer network for the given input steps and records the monitor port.
Trace run_single_layer(const sf::quantizer::FixedNetwork& net, const std::vector<std::vector<std::uint32_t>>& steps) {
  CoreSim sim;
  sim.load(sf::exporter::build_rtl_image(net, sim.limits()));
  sim.clear();
  Trace tr;
  std::vector<std::vector<std::uint32_t>> spikes;
  for (const auto& in : steps) {
    std::vector<StateWrite> writes;
    sim.step(in, spikes, &writes);
    const auto n = static_cast<std::size_t>(net.layers[0].outputs());
    REQUIRE(writes.size() == n);
    tr.u.emplace_back(n);
    tr.v.emplace_back(n);
    for (const auto& w : writes) {
      tr.u.back()[w.neuron] = w.u;
      tr.v.back()[w.neuron] = w.v;
    }
    tr.spikes.push_back(spikes[0]);
  }
  return tr;
}

sf::quantizer::FixedNetwork one_layer(const sf::quantizer::FixedLayer& L) {
  sf::quantizer::FixedNetwork net;
  net.profile = "spikeforge-core";
  net.layers.push_back(L);
  return net;
}

std::vector<std::int32_t> column(const std::vector<std::vector<std::int32_t>>& m, std::size_t n) {
  std::vector<std::int32_t> out;
  for (const auto& row : m) out.push_back(row[n]);
  return out;
}

}  // namespace

TEST_CASE("core limits equal the exporter's defaults and the spikeforge-core profile", "[rtl_sim][core_sim]") {
  CoreSim sim;
  const auto lim = sim.limits();
  const sf::exporter::RtlCoreLimits def;
  CHECK(lim.layers == def.layers);
  CHECK(lim.neurons_per_layer == def.neurons_per_layer);
  CHECK(lim.inputs == def.inputs);
  CHECK(lim.state_words == def.state_words);
  CHECK(lim.weight_words == def.weight_words);
  CHECK(lim.lanes == def.lanes);
  CHECK(lim.sparse == def.sparse);
  CHECK(lim.pointer_words == def.pointer_words);
  const auto prof = sf::quantizer::load_profile("spikeforge-core");
  CHECK(prof.max_layers == lim.layers);
  CHECK(prof.max_neurons_per_layer == lim.neurons_per_layer);
  CHECK(prof.max_fan_in == lim.inputs);
  CHECK(prof.max_synapses == lim.weight_words);
  CHECK(static_cast<std::int64_t>(prof.max_layers) * prof.max_neurons_per_layer == lim.state_words);
}

TEST_CASE("current decay vector: du = 2047, a = 128 at step 1", "[rtl_sim][core_sim]") {
  const auto net = one_layer(sf::test::make_layer(1, 1, {128}, 2047, 0, 131071, 0, 0));
  const Trace tr = run_single_layer(net, {{0}, {}, {}, {}, {}, {}, {}, {}});
  CHECK(column(tr.u, 0) == std::vector<std::int32_t>{8192, 4096, 2048, 1024, 512, 256, 128, 64});
}

TEST_CASE("voltage decay vector: du = 0, dv = 2048, a = ±128 at step 1", "[rtl_sim][core_sim]") {
  const std::vector<std::int32_t> expect{8192, 12286, 14331, 15351, 15859, 16111, 16235, 16295};
  const std::vector<std::vector<std::uint32_t>> in{{0}, {}, {}, {}, {}, {}, {}, {}};
  const Trace pos = run_single_layer(one_layer(sf::test::make_layer(1, 1, {128}, 0, 2048, 131071, 0, 0)), in);
  CHECK(column(pos.v, 0) == expect);
  const Trace neg = run_single_layer(one_layer(sf::test::make_layer(1, 1, {-128}, 0, 2048, 131071, 0, 0)), in);
  std::vector<std::int32_t> negated;
  for (const auto x : expect) negated.push_back(-x);
  CHECK(column(neg.v, 0) == negated);
}

TEST_CASE("bias vectors: spikes at steps 5 and 10, bias 4095 << 5", "[rtl_sim][core_sim]") {
  const Trace tr = run_single_layer(one_layer(sf::test::make_layer(1, 1, {0}, 0, 0, 8, 2, 6)),
                                    std::vector<std::vector<std::uint32_t>>(10));
  CHECK(column(tr.v, 0) == std::vector<std::int32_t>{128, 256, 384, 512, 0, 128, 256, 384, 512, 0});
  std::vector<int> spike_steps;
  for (std::size_t t = 0; t < tr.spikes.size(); ++t) {
    if (!tr.spikes[t].empty()) spike_steps.push_back(static_cast<int>(t) + 1);
  }
  CHECK(spike_steps == std::vector<int>{5, 10});
  const Trace big = run_single_layer(one_layer(sf::test::make_layer(1, 1, {0}, 0, 0, 131071, 4095, 5)), {{}});
  CHECK(big.v[0][0] == 131040);
}

TEST_CASE("Lava Source -> Dense -> LIF 12-step vector (Dense delay: step-(t-1) input at step t)", "[rtl_sim][core_sim]") {
  // Stored weights [[2, -4, 254], [100, 50, 24]] (MIXED, 8 bits); du 1023, dv 511, vth 200, bias 3 << 2.
  const auto net = one_layer(sf::test::make_layer(2, 3, {2, -4, 254, 100, 50, 24}, 1023, 511, 200, 3, 2));
  // Lava inputs: all at step 1, input 0 at step 4, input 1 at step 6 -> here at steps 2, 5, 7.
  std::vector<std::vector<std::uint32_t>> in(12);
  in[1] = {0, 1, 2};
  in[4] = {0};
  in[6] = {1};
  const Trace tr = run_single_layer(net, in);
  CHECK(column(tr.u, 0) == std::vector<std::int32_t>{0, 16128, 12096, 9072, 6932, 5199, 3643, 2732, 2049, 1536, 1152, 864});
  CHECK(column(tr.u, 1) == std::vector<std::int32_t>{0, 11136, 8352, 6264, 11098, 8323, 9442, 7081, 5310, 3982, 2986, 2239});
  CHECK(column(tr.v, 0) == std::vector<std::int32_t>{12, 0, 12108, 0, 6944, 11288, 0, 2744, 4462, 5453, 5936, 6071});
  CHECK(column(tr.v, 1) == std::vector<std::int32_t>{12, 11158, 0, 6276, 0, 8335, 0, 7093, 11530, 0, 2998, 4874});
  std::vector<int> s0, s1;
  for (const auto& s : tr.spikes) {
    s0.push_back(std::count(s.begin(), s.end(), 0U) > 0 ? 1 : 0);
    s1.push_back(std::count(s.begin(), s.end(), 1U) > 0 ? 1 : 0);
  }
  CHECK(s0 == std::vector<int>{0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0});
  CHECK(s1 == std::vector<int>{0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0});
}

TEST_CASE("clear() restarts a sample from zero state and zero counters", "[rtl_sim][core_sim]") {
  const auto net = one_layer(sf::test::make_layer(2, 3, {2, -4, 254, 100, 50, 24}, 1023, 511, 200, 3, 2));
  CoreSim sim;
  sim.load(sf::exporter::build_rtl_image(net, sim.limits()));
  std::vector<std::vector<std::uint32_t>> spikes;
  std::vector<std::uint32_t> all{0, 1, 2};
  auto run = [&] {
    sim.clear();
    std::vector<std::vector<std::uint32_t>> seen;
    for (int t = 0; t < 6; ++t) {
      sim.step(all, spikes);
      seen.push_back(spikes[0]);
    }
    return std::make_pair(seen, sim.counters());
  };
  const auto first = run();
  const auto second = run();
  CHECK(first.first == second.first);
  CHECK(first.second == second.second);
  // 6 steps x 3 events x 2 neurons.
  CHECK(first.second.synaptic_ops == 36);
  CHECK(first.second.state_reads == 12);
}

TEST_CASE("FST tracing writes a waveform file", "[rtl_sim][core_sim]") {
  sf::test::TempDir dir;
  const auto path = dir / "run.fst";
  {
    sf::rtl_sim::CoreSimOptions opt;
    opt.fst_path = path.string();
    CoreSim sim(opt);
    const auto net = one_layer(sf::test::make_layer(1, 1, {128}, 2047, 0, 131071, 0, 0));
    sim.load(sf::exporter::build_rtl_image(net, sim.limits()));
    sim.clear();
    std::vector<std::vector<std::uint32_t>> spikes;
    std::vector<std::uint32_t> in{0};
    sim.step(in, spikes);
  }
  REQUIRE(std::filesystem::exists(path));
  CHECK(std::filesystem::file_size(path) > 0);
}

TEST_CASE("every lane-count build reports its P; the default build is one of them", "[rtl_sim][core_sim]") {
  const auto builds = sf::rtl_sim::rtl_lane_builds();
  REQUIRE_FALSE(builds.empty());
  CHECK(std::find(builds.begin(), builds.end(), sf::rtl_sim::rtl_default_lanes()) != builds.end());
  for (const int p : builds) {
    sf::rtl_sim::CoreSimOptions opt;
    opt.lanes = p;
    CHECK(CoreSim(opt).lanes() == p);
    // The sizes are the exporter's defaults; the lane count (which a sparse layout depends on) is P.
    sf::exporter::RtlCoreLimits expect;
    expect.lanes = p;
    CHECK(CoreSim(opt).limits() == expect);
  }
  CHECK(CoreSim().lanes() == sf::rtl_sim::rtl_default_lanes());
}

TEST_CASE("CoreSimOptions are validated", "[rtl_sim][core_sim]") {
  sf::rtl_sim::CoreSimOptions opt;
  opt.lanes = 3;
  CHECK_THROWS_WITH(opt.validate(), Catch::Contains("lanes = 3"));
  opt.lanes = 0;
  opt.rand_reset = 3;
  CHECK_THROWS_AS(opt.validate(), sf::core::ConfigError);
  opt.rand_reset = 2;
  opt.seed = 0;
  CHECK_THROWS_AS(opt.validate(), sf::core::ConfigError);
  opt.seed = 1;
  opt.out_stall_percent = sf::rtl_sim::kMaxOutStallPercent;
  CHECK_NOTHROW(opt.validate());
  opt.out_stall_percent = sf::rtl_sim::kMaxOutStallPercent + 1;
  CHECK_THROWS_WITH(opt.validate(), Catch::Contains("out_stall_percent = 91"));
  opt.out_stall_percent = -1;
  CHECK_THROWS_AS(opt.validate(), sf::core::ConfigError);
  opt.out_stall_percent = 10;
  opt.stall_seed = 0;
  CHECK_THROWS_WITH(opt.validate(), Catch::Contains("stall_seed = 0"));
}

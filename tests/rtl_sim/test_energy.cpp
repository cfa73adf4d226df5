// Energy model: the constants table loads with source/node/voltage for every set, per-event sets
// price exactly their published constants, SOP-only sets say so, the Horowitz building blocks price
// memory accesses by array size and width (weight banks by P), skipped neurons at nothing, and the
// ANN on the same table.
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"
#include "rtl_sim/energy/energy.hpp"
#include "support/temp_dir.hpp"

namespace sf = spikeforge;
using sf::rtl_sim::EnergyInput;

namespace {
// Relative tolerance for sums of a handful of doubles (rounding only).
constexpr double kRel = 1e-12;

EnergyInput sample_input() {
  EnergyInput in;
  in.inferences = 10;
  in.synapses = 1000;
  in.counts.synaptic_ops = 5000;
  in.counts.updates_active = 300;
  in.counts.updates_idle = 200;
  in.counts.catchup_decays = 30;
  in.counts.spikes = 40;
  in.counts.weight_reads = 5000;
  in.counts.state_reads = 300;
  in.counts.state_writes = 400;
  in.counts.u_reads = 50;
  in.counts.u_writes = 60;
  in.counts.flag_reads = 70;
  in.lanes = 1;
  return in;
}
}  // namespace

TEST_CASE("every constant set of docs/energy.md is present with source, node and voltage", "[rtl_sim][energy]") {
  const auto sets = sf::rtl_sim::load_energy_sets();
  for (const char* name : {"loihi-2018", "odin-28nm", "reckon-28nm", "truenorth", "horowitz-45nm"}) {
    const auto& s = sf::rtl_sim::find_energy_set(sets, name);
    CHECK_FALSE(s.source.empty());
    CHECK_FALSE(s.node.empty());
    CHECK_FALSE(s.voltage.empty());
  }
  CHECK_THROWS_AS(sf::rtl_sim::find_energy_set(sets, "no-such-set"), sf::core::ConfigError);
}

TEST_CASE("loihi-2018 prices SOPs, active/idle updates and spikes per inference", "[rtl_sim][energy]") {
  const auto sets = sf::rtl_sim::load_energy_sets();
  const auto e = sf::rtl_sim::estimate_energy(sf::rtl_sim::find_energy_set(sets, "loihi-2018"), sample_input());
  const double expect = (5000 * 23.6e-12 + 300 * 81e-12 + 200 * 52e-12 + 40 * 1.7e-12) / 10.0;
  CHECK(e.energy_per_inference_j == Approx(expect).epsilon(kRel));
  CHECK_FALSE(e.sop_only);
  CHECK(e.spikes_per_synapse == Approx(0.5).epsilon(kRel));  // 500 SOPs per inference over 1000 synapses
  CHECK_FALSE(e.ann_energy_per_inference_j.has_value());
}

TEST_CASE("per-SOP sets price only synaptic ops and say so", "[rtl_sim][energy]") {
  const auto sets = sf::rtl_sim::load_energy_sets();
  const auto e = sf::rtl_sim::estimate_energy(sf::rtl_sim::find_energy_set(sets, "odin-28nm"), sample_input());
  CHECK(e.sop_only);
  CHECK(e.energy_per_inference_j == Approx(500 * 12.7e-12).epsilon(kRel));
  REQUIRE(e.breakdown.size() == 1);
}

TEST_CASE("horowitz-45nm prices accesses by array size and width, and the ANN on the same table", "[rtl_sim][energy]") {
  const auto sets = sf::rtl_sim::load_energy_sets();
  const auto& h = sf::rtl_sim::find_energy_set(sets, "horowitz-45nm");
  CHECK(h.sram_access_j(4096, 64) == Approx(10e-12).epsilon(kRel));
  CHECK(h.sram_access_j(8193, 32) == Approx(10e-12).epsilon(kRel));  // 32 KB entry, half a word
  CHECK(h.sram_access_j(4e6, 64) == Approx(100e-12).epsilon(kRel));  // above 1 MB: the 1 MB figure
  const EnergyInput in = sample_input();
  const auto e = sf::rtl_sim::estimate_energy(h, in);
  double sum = 0.0;
  for (const auto& l : e.breakdown) sum += l.total_j;
  CHECK(sum == Approx(e.energy_per_inference_j).epsilon(kRel));
  REQUIRE(e.ann_energy_per_inference_j.has_value());
  // int8 MAC (0.2 + 0.1 pJ) + an 8-bit read of the 1 MB-class weight array (100 pJ · 8/64) per synapse.
  CHECK(*e.ann_energy_per_inference_j == Approx(1000 * (0.3e-12 + 12.5e-12)).epsilon(kRel));
  REQUIRE(e.snn_over_ann.has_value());
  CHECK(*e.snn_over_ann == Approx(e.energy_per_inference_j / *e.ann_energy_per_inference_j).epsilon(kRel));
}

namespace {
double line_unit(const sf::rtl_sim::EnergyEstimate& e, const std::string& prefix) {
  for (const auto& l : e.breakdown) {
    if (l.item.rfind(prefix, 0) == 0) return l.unit_j;
  }
  FAIL("no breakdown line " << prefix);
  return 0.0;
}
}  // namespace

TEST_CASE("horowitz-45nm prices each line from its array and word width", "[rtl_sim][energy]") {
  const auto sets = sf::rtl_sim::load_energy_sets();
  const auto& h = sf::rtl_sim::find_energy_set(sets, "horowitz-45nm");
  const auto e = sf::rtl_sim::estimate_energy(h, sample_input());
  // Default core (docs/formats-rtl.md): v state 8192 × 25 bits = 25.6 KB (32 KB entry: 20 pJ per 64
  // bits), u state 8192 × 32 bits = 32 KB (32 KB entry), accumulators 1024 × 24 bits = 3 KB (8 KB
  // entry: 10 pJ), bias 8192 × 13 bits = 13 KB (32 KB entry), flags 8192 × 2 bits = 2 KB (8 KB entry).
  const double v_access = 20e-12 * 25 / 64;
  const double acc_access = 10e-12 * 24 / 64;
  // An update reads its accumulator lane once: the core never clears it (a non-zero flag does).
  CHECK(line_unit(e, "state_read") == Approx(v_access + acc_access).epsilon(kRel));
  CHECK(line_unit(e, "state_write") == Approx(v_access + 20e-12 * 13 / 64).epsilon(kRel));
  CHECK(line_unit(e, "u_state") == Approx(20e-12 * 32 / 64).epsilon(kRel));
  CHECK(line_unit(e, "flag_read") == Approx(10e-12 * 128 / 64).epsilon(kRel));
  CHECK(line_unit(e, "catchup_decay") == Approx(3.1e-12 + 5 * 0.1e-12).epsilon(kRel));
  CHECK(line_unit(e, "neuron_update_logic") == Approx(2 * 3.1e-12 + 11 * 0.1e-12).epsilon(kRel));
}

TEST_CASE("horowitz-45nm: skipped neurons cost nothing; P banks price a row by its bank words", "[rtl_sim][energy]") {
  const auto sets = sf::rtl_sim::load_energy_sets();
  const auto& h = sf::rtl_sim::find_energy_set(sets, "horowitz-45nm");
  EnergyInput in = sample_input();
  const auto base = sf::rtl_sim::estimate_energy(h, in);
  in.counts.updates_idle *= 10;
  CHECK(sf::rtl_sim::estimate_energy(h, in).energy_per_inference_j == Approx(base.energy_per_inference_j).epsilon(kRel));
  // 2^20 weights × 9 bits: one bank (1.18 MB) and 16 banks (72 KB each) both take the 1 MB entry
  // (100 pJ per 64 bits); 64 banks of 18 KB the 32 KB entry (20 pJ). One bank word per synaptic op.
  for (const auto& [lanes, per64] : std::vector<std::pair<int, double>>{{1, 100e-12}, {16, 100e-12}, {64, 20e-12}}) {
    in.lanes = lanes;
    const auto e = sf::rtl_sim::estimate_energy(h, in);
    INFO("lanes " << lanes);
    CHECK(line_unit(e, "weight_read") == Approx(per64 * 9 / 64).epsilon(kRel));
    CHECK(*e.ann_energy_per_inference_j == Approx(*base.ann_energy_per_inference_j).epsilon(kRel));  // ANN basis fixed
  }
  in.lanes = 3;
  CHECK_THROWS_AS(sf::rtl_sim::estimate_energy(h, in), sf::core::ConfigError);
}

TEST_CASE("bad energy tables and inputs are rejected", "[rtl_sim][energy]") {
  sf::test::TempDir dir;
  const auto p = dir / "t.json";
  std::ofstream(p) << R"({"format": "spikeforge.energy/1", "sets": {"x": {"source": "s", "node": "n"}}})";
  CHECK_THROWS_WITH(sf::rtl_sim::load_energy_sets(p), Catch::Contains("voltage"));
  CHECK_THROWS_AS(sf::rtl_sim::load_energy_sets(dir / "missing.json"), sf::core::InputError);
  const auto sets = sf::rtl_sim::load_energy_sets();
  EnergyInput none = sample_input();
  none.inferences = 0;
  CHECK_THROWS_AS(sf::rtl_sim::estimate_energy(sets.front(), none), sf::core::ConfigError);
}

TEST_CASE("horowitz-45nm: the ANN is priced on non-zero synapses, the dense ANN beside it", "[rtl_sim][energy][sparse]") {
  const auto sets = sf::rtl_sim::load_energy_sets();
  const auto& h = sf::rtl_sim::find_energy_set(sets, "horowitz-45nm");
  EnergyInput in = sample_input();
  const auto unknown = sf::rtl_sim::estimate_energy(h, in);  // nonzero unknown: every synapse
  CHECK(unknown.ann_macs == 1000);
  CHECK(*unknown.ann_energy_per_inference_j == Approx(*unknown.ann_dense_energy_per_inference_j).epsilon(kRel));
  in.nonzero_synapses = 250;
  const auto e = sf::rtl_sim::estimate_energy(h, in);
  CHECK(e.ann_macs == 250);
  CHECK(e.ann_dense_macs == 1000);
  CHECK(*e.ann_energy_per_inference_j == Approx(0.25 * *e.ann_dense_energy_per_inference_j).epsilon(kRel));
  CHECK(*e.ann_fp32_energy_per_inference_j == Approx(0.25 * *e.ann_dense_fp32_energy_per_inference_j).epsilon(kRel));
  CHECK(*e.snn_over_ann == Approx(4.0 * *e.snn_over_ann_dense).epsilon(kRel));
  CHECK(e.energy_per_inference_j == Approx(unknown.energy_per_inference_j).epsilon(kRel));  // the SNN side is unchanged
}

TEST_CASE("horowitz-45nm prices sparse pointer and index reads by their arrays and widths", "[rtl_sim][energy][sparse]") {
  const auto sets = sf::rtl_sim::load_energy_sets();
  const auto& h = sf::rtl_sim::find_energy_set(sets, "horowitz-45nm");
  EnergyInput in = sample_input();
  in.lanes = 16;
  in.counts.pointer_reads = 100;
  in.counts.index_reads = 200;
  const auto e = sf::rtl_sim::estimate_energy(h, in);
  // P = 16: pointers 8192 × 23 bits = 23.5 KB (32 KB entry: 20 pJ per 64 bits); index 65536 × 6
  // bits = 48 KB (1 MB entry: 100 pJ per 64 bits).
  CHECK(line_unit(e, "pointer_read") == Approx(20e-12 * 23 / 64).epsilon(kRel));
  CHECK(line_unit(e, "index_read") == Approx(100e-12 * 6 / 64).epsilon(kRel));
  in.counts.pointer_reads = 0;
  in.counts.index_reads = 0;
  const auto base = sf::rtl_sim::estimate_energy(h, in);
  CHECK(e.energy_per_inference_j - base.energy_per_inference_j ==
        Approx(10 * 20e-12 * 23 / 64 + 20 * 100e-12 * 6 / 64).epsilon(kRel));
  // A build without the sparse memories has no such lines.
  in.core.sparse = false;
  in.core.pointer_words = 0;
  for (const auto& l : sf::rtl_sim::estimate_energy(h, in).breakdown) CHECK(l.item.rfind("pointer_read", 0) != 0);
}

#include "export/lava_json.hpp"

#include <cstdlib>
#include <fstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "export/fixed_fixture.hpp"
#include "quantizer/golden.hpp"
#include "quantizer/synapse_memory.hpp"
#include "support/temp_dir.hpp"

namespace sf = spikeforge;
using nlohmann::json;

namespace {

// The golden model's trace of one sample in the JSON layout tests/export/test_spikeforge_lava.py reads.
json golden_trace(const sf::quantizer::FixedNetwork& net, const sf::core::SpikeBatch& batch) {
  const auto run = sf::quantizer::run_golden(net, batch, 0, true);
  json input = json::array();
  for (int t = 0; t < batch.steps(); ++t) {
    const auto a = batch.active(0, t);
    input.push_back(std::vector<std::uint32_t>(a.begin(), a.end()));
  }
  return {{"input", input}, {"spikes", run.spikes}, {"u", run.u}, {"v", run.v}, {"output_v", run.output_v}};
}

std::string shell_quote(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

// lava_from_json(doc, "bad.json") must throw InputError naming the file and every needle.
void expect_input_error(const json& doc, const std::vector<std::string>& needles) {
  try {
    (void)sf::exporter::lava_from_json(doc, "bad.json");
    FAIL("expected InputError containing " << needles.back());
  } catch (const sf::core::InputError& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.find("bad.json") != std::string::npos);
    for (const auto& n : needles) CHECK(msg.find(n) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("lava.json describes the network as Lava processes", "[export][lava]") {
  const auto net = sf::test::make_fixed_network({4, 3, 2}, sf::core::ResetMode::subtract);
  const json doc = sf::exporter::lava_to_json(net, 10);
  CHECK(doc["format"] == "spikeforge.lava/1");
  CHECK(doc["run_config"]["select_tag"] == "fixed_pt");
  CHECK(doc["timing"]["run_steps"] == 12);
  CHECK(doc["timing"]["layer_offset"] == json({1, 2}));
  const auto& p = doc["processes"];
  REQUIRE(p.size() == 5);
  CHECK(p[0]["type"] == "RingBuffer");
  CHECK(p[1]["type"] == "Dense");
  CHECK(p[1]["sign_mode"] == 1);
  CHECK(p[1]["sign_mode_name"] == "MIXED");
  CHECK(p[3]["sign_mode"] == 2);
  CHECK(p[2]["type"] == "LIFResetSubtract");
  CHECK(p[4]["type"] == "LIFNonSpiking");
  CHECK(p[4]["vth"] == sf::quantizer::kVthMax);  // a plain Lava LIF would need the largest threshold
  CHECK_FALSE(p[2].contains("weights"));
  CHECK(p[1]["weights"][2][1] == net.layers[0].weights(2, 1));
  CHECK(doc["connections"].size() == 4);
  CHECK(doc["connections"][2]["from"] == "lif1.s_out");
}

TEST_CASE("lava.json round trip gives back the network", "[export][lava]") {
  sf::test::TempDir dir;
  for (auto reset : {sf::core::ResetMode::zero, sf::core::ResetMode::subtract}) {
    const auto net = sf::test::make_fixed_network({6, 5, 4, 3}, reset);
    const auto path = dir / "lava.json";
    sf::exporter::write_lava(path, net);
    const auto back = sf::exporter::read_lava(path);
    CHECK(sf::test::same_fixed_network(net, back));
    CHECK(back.encoding.steps == net.encoding.steps);
    CHECK(json::parse(back.metadata_json) == json::parse(net.metadata_json));
    std::ifstream in(path);
    CHECK(sf::exporter::lava_steps(json::parse(in), path.string()) == net.encoding.steps);
  }
}

TEST_CASE("lava.json reader rejects bad documents naming file, process and field", "[export][lava]") {
  const auto net = sf::test::make_fixed_network({4, 3, 2}, sf::core::ResetMode::zero);
  const json good = sf::exporter::lava_to_json(net, 5);

  json doc = good;
  doc["format"] = "spikeforge.lava/2";
  auto expect_error = [](const json& bad, const std::string& needle) { expect_input_error(bad, {needle}); };
  expect_error(doc, "format");
  doc = good;
  doc["processes"][2]["du"] = 4096;
  expect_error(doc, "du");
  doc = good;
  doc["processes"][1]["weights"][0].erase(0);
  expect_error(doc, "weights row 0");
  doc = good;
  doc["processes"][2]["reset"] = "sideways";
  expect_error(doc, "reset");
  doc = good;
  doc["processes"][1]["weights"][0][0] = 3;  // not its own MIXED 8-bit truncation (odd)
  expect_error(doc, "weights");
  doc = good;
  doc["processes"][4].erase("bias_mant");
  expect_error(doc, "bias_mant");
}

namespace {

// make_fixed_network with all but every `keep`-th synapse of layer 0 pruned (set to zero).
sf::quantizer::FixedNetwork pruned_network(int keep) {
  auto net = sf::test::make_fixed_network({12, 10, 8, 4}, sf::core::ResetMode::zero, 5);
  auto& w = net.layers[0].weights;
  for (Eigen::Index r = 0; r < w.rows(); ++r) {
    for (Eigen::Index c = 0; c < w.cols(); ++c) {
      if ((r * w.cols() + c) % keep != 0) w(r, c) = 0;
    }
  }
  return net;
}

}  // namespace

TEST_CASE("lava.json writes pruned layers as Lava's Sparse (CSR) and reads them back", "[export][lava]") {
  using sf::exporter::LavaConnections;
  const auto net = pruned_network(8);
  const json doc = sf::exporter::lava_to_json(net, 6);
  const auto& p = doc["processes"];
  REQUIRE(p.size() == 7);
  // Layer 0 keeps 1 synapse in 8: CSR needs fewer bits; layer 2 (random MIXED 8-bit weights, nearly
  // all nonzero) stays Dense; layer 1 (EXCITATORY: its negative draws clip to 0) follows synapse_memory.
  const auto sparse = sf::exporter::lava_sparse_layers(net, LavaConnections::automatic);
  REQUIRE(sparse.size() == 3);
  CHECK(sparse[0]);
  CHECK(sparse[1] == (sf::quantizer::synapse_memory(net).layers[1].layout() == "sparse"));
  CHECK_FALSE(sparse[2]);
  CHECK(p[1]["type"] == "Sparse");
  CHECK(p[1]["name"] == "sparse1");
  CHECK(p[1]["lava_class"] == "lava.proc.sparse.process.Sparse");
  CHECK_FALSE(p[1].contains("weights"));
  CHECK(p[5]["type"] == "Dense");
  CHECK(doc["connections"][0]["to"] == "sparse1.s_in");
  CHECK(doc["connections"][1]["from"] == "sparse1.a_out");
  const auto& w = net.layers[0].weights;
  const auto nnz = static_cast<std::size_t>((w.array() != 0).count());
  CHECK(p[1]["csr"]["data"].size() == nnz);
  CHECK(p[1]["csr"]["indptr"].size() == static_cast<std::size_t>(w.rows()) + 1);
  CHECK(p[1]["csr"]["indptr"].back() == nnz);
  // Row r's entries are its nonzero columns in order.
  const auto& csr = p[1]["csr"];
  for (Eigen::Index r = 0; r < w.rows(); ++r) {
    std::size_t k = csr["indptr"][static_cast<std::size_t>(r)].get<std::size_t>();
    for (Eigen::Index c = 0; c < w.cols(); ++c) {
      if (w(r, c) == 0) continue;
      REQUIRE(k < nnz);
      CHECK(csr["indices"][k] == c);
      CHECK(csr["data"][k] == w(r, c));
      ++k;
    }
    CHECK(k == csr["indptr"][static_cast<std::size_t>(r + 1)].get<std::size_t>());
  }
  for (auto mode : {LavaConnections::automatic, LavaConnections::dense, LavaConnections::sparse}) {
    CHECK(sf::test::same_fixed_network(net, sf::exporter::lava_from_json(sf::exporter::lava_to_json(net, 6, mode), "x")));
  }
  const json all_dense = sf::exporter::lava_to_json(net, 6, LavaConnections::dense);
  const json all_sparse = sf::exporter::lava_to_json(net, 6, LavaConnections::sparse);
  CHECK(all_dense["processes"][1]["type"] == "Dense");
  CHECK(all_sparse["processes"][3]["type"] == "Sparse");
  CHECK(all_sparse["processes"][5]["type"] == "Sparse");
  // The unpruned layer 0 stays Dense under auto.
  const auto full = sf::test::make_fixed_network({12, 10, 8, 4}, sf::core::ResetMode::zero, 5);
  CHECK_FALSE(sf::exporter::lava_sparse_layers(full, LavaConnections::automatic)[0]);
}

TEST_CASE("lava.json reader rejects malformed Sparse processes", "[export][lava]") {
  const json good = sf::exporter::lava_to_json(pruned_network(8), 6);
  auto expect_error = [](const json& doc, const std::string& needle) { expect_input_error(doc, {"sparse1", needle}); };
  json doc = good;
  doc["processes"][1]["csr"]["indptr"].erase(0);
  expect_error(doc, "indptr has");
  doc = good;
  doc["processes"][1]["csr"]["indptr"][0] = 1;
  expect_error(doc, "indptr must run from 0");
  doc = good;
  doc["processes"][1]["csr"]["indices"][0] = 12;
  expect_error(doc, "indices[0] = 12");
  doc = good;
  doc["processes"][1]["csr"]["data"][0] = 300;
  expect_error(doc, "data[0] = 300");
  doc = good;
  doc["processes"][1]["csr"]["data"].erase(0);
  expect_error(doc, "but data has");
  doc = good;
  doc["processes"][1]["shape"][1] = 11;
  expect_error(doc, "shape[1] = 11");
  doc = good;
  doc["processes"][1]["type"] = "Conv";
  expect_error(doc, "type = 'Conv'");
  doc = good;  // two entries of one row with the same column: scipy would add them
  {
    auto& csr = doc["processes"][1]["csr"];
    std::size_t row = 0;
    while (csr["indptr"][row + 1].get<int>() - csr["indptr"][row].get<int>() < 2) ++row;
    const auto k = csr["indptr"][row].get<std::size_t>();
    csr["indices"][k + 1] = csr["indices"][k];
  }
  expect_error(doc, "is not above the previous column");
}

TEST_CASE("write_lava refuses an out-of-range network and writes nothing", "[export][lava]") {
  sf::test::TempDir dir;
  auto net = sf::test::make_fixed_network({4, 3, 2}, sf::core::ResetMode::zero);
  net.layers[0].vth = -1;
  CHECK_THROWS_AS(sf::exporter::write_lava(dir / "lava.json", net), sf::core::ConfigError);
  CHECK_FALSE(std::filesystem::exists(dir / "lava.json"));
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("spikeforge_lava.simulate_numpy equals the golden model step by step", "[export][lava][python]") {
  // Runs the Python loader's NumPy twin of Lava (Dense delay + bias gating + alignment) on lava.json and
  // compares every spike, u and v with quantizer::run_golden (both reset modes, three layers).
  sf::test::TempDir dir;
  const std::string script = std::string(SPIKEFORGE_SOURCE_DIR) + "/tests/export/test_spikeforge_lava.py";
  int case_no = 0;
  for (auto reset : {sf::core::ResetMode::zero, sf::core::ResetMode::subtract}) {
    for (std::uint64_t seed : {11U, 12U}) {
      const auto net = sf::test::make_fixed_network({12, 10, 8, 4}, reset, seed);
      const auto batch = sf::test::make_spikes(16, 12, 0.35, seed);
      const auto lava = dir / ("lava" + std::to_string(case_no) + ".json");
      const auto trace = dir / ("trace" + std::to_string(case_no) + ".json");
      ++case_no;
      // Alternate Dense and Sparse connections: the loader's Sparse path must give the same numbers.
      sf::exporter::write_lava(lava, net, batch.steps(),
                               case_no % 2 == 0 ? sf::exporter::LavaConnections::dense : sf::exporter::LavaConnections::sparse);
      sf::core::write_file_atomically(trace, golden_trace(net, batch).dump());
      const std::string cmd = std::string(SPIKEFORGE_PYTHON) + " " + shell_quote(script) + " --compare " + shell_quote(lava) +
                              " " + shell_quote(trace);
      INFO(cmd);
      CHECK(std::system(cmd.c_str()) == 0);
    }
  }
}

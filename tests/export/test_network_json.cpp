#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "export/network_json.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge;
using nlohmann::json;

namespace {

core::FloatNetwork sample_network() {
  std::mt19937_64 rng(42);
  std::normal_distribution<float> normal(0.0F, 1.0F);
  core::FloatNetwork net;
  const int sizes[] = {6, 4, 3};
  for (int l = 1; l < 3; ++l) {
    core::Layer layer;
    layer.weights.resize(sizes[l], sizes[l - 1]);
    for (Eigen::Index k = 0; k < layer.weights.size(); ++k) layer.weights.data()[k] = normal(rng) / 3.0F;
    layer.bias.resize(sizes[l]);
    for (Eigen::Index k = 0; k < layer.bias.size(); ++k) layer.bias(k) = normal(rng) * 1e-3F;
    layer.neuron.leak = 0.9F;
    layer.neuron.v_thresh = 0.7F;
    layer.neuron.reset = l == 1 ? core::ResetMode::zero : core::ResetMode::subtract;
    layer.neuron.spiking = l == 1;
    net.layers.push_back(layer);
  }
  // Awkward floats: a subnormal, the largest float, negative zero, 1/3.
  net.layers[0].weights(0, 0) = std::numeric_limits<float>::denorm_min();
  net.layers[0].weights(1, 1) = std::numeric_limits<float>::max();
  net.layers[0].weights(2, 2) = -0.0F;
  net.layers[1].bias(2) = 1.0F / 3.0F;
  net.encoding.dataset = "synthetic";
  net.encoding.encoding = "latency";
  net.encoding.steps = 17;
  net.encoding.seed = 18446744073709551557ULL;  // Largest 64-bit prime: needs all 64 bits.
  net.encoding.bin_us = 2500.0;
  net.encoding.latency_cutoff = 0.45;
  net.metadata_json = R"({"trainer":"admm","history":[1,2.5,{"x":null}]})";
  return net;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void put(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

/// A valid document as JSON, to be broken field by field.
json valid_doc() { return exporter::network_to_json(sample_network()); }

/// Writes `doc` and expects read_network to throw InputError whose message contains every part.
void expect_bad(const test::TempDir& dir, const std::string& text, const std::vector<std::string>& parts) {
  const auto p = dir / "bad.json";
  put(p, text);
  try {
    (void)exporter::read_network(p);
    FAIL("read_network accepted: " << text.substr(0, 200));
  } catch (const core::InputError& e) {
    const std::string msg = e.what();
    CHECK_THAT(msg, Catch::Contains(p.string()));
    for (const auto& part : parts) CHECK_THAT(msg, Catch::Contains(part));
  }
}

}  // namespace

TEST_CASE("net.json round trip is exact", "[network_json]") {
  const test::TempDir dir;
  const core::FloatNetwork net = sample_network();
  exporter::write_network(dir / "net.json", net);
  CHECK(exporter::detect_format(dir / "net.json") == "spikeforge.network/1");
  const core::FloatNetwork back = exporter::read_network(dir / "net.json");
  REQUIRE(back.depth() == net.depth());
  for (std::size_t l = 0; l < net.depth(); ++l) {
    // Bitwise: == on floats would accept -0 for +0.
    REQUIRE(back.layers[l].weights.size() == net.layers[l].weights.size());
    CHECK(std::memcmp(back.layers[l].weights.data(), net.layers[l].weights.data(),
                      sizeof(float) * static_cast<std::size_t>(net.layers[l].weights.size())) == 0);
    CHECK(back.layers[l].bias == net.layers[l].bias);
    CHECK(back.layers[l].neuron.leak == net.layers[l].neuron.leak);
    CHECK(back.layers[l].neuron.v_thresh == net.layers[l].neuron.v_thresh);
    CHECK(back.layers[l].neuron.reset == net.layers[l].neuron.reset);
    CHECK(back.layers[l].neuron.spiking == net.layers[l].neuron.spiking);
  }
  CHECK(std::signbit(back.layers[0].weights(2, 2)));
  CHECK(back.encoding.dataset == "synthetic");
  CHECK(back.encoding.encoding == "latency");
  CHECK(back.encoding.steps == 17);
  CHECK(back.encoding.seed == 18446744073709551557ULL);
  CHECK(back.encoding.bin_us == 2500.0);
  CHECK(back.encoding.latency_cutoff == 0.45);
  CHECK(json::parse(back.metadata_json) == json::parse(net.metadata_json));
  // Writing what was read gives the same bytes.
  exporter::write_network(dir / "again.json", back);
  CHECK(slurp(dir / "again.json") == slurp(dir / "net.json"));
}

TEST_CASE("floats are written exactly and briefly", "[network_json]") {
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<std::uint32_t> bits;
  for (int k = 0; k < 20000; ++k) {
    const std::uint32_t u = bits(rng);
    float x;
    std::memcpy(&x, &u, sizeof x);
    if (!std::isfinite(x)) continue;
    const json j = json::parse(exporter::float_to_json(x).dump());
    REQUIRE(static_cast<float>(j.get<double>()) == x);
  }
  CHECK(exporter::float_to_json(0.1F).dump() == "0.1");
  CHECK(exporter::float_to_json(0.7F).dump() == "0.7");
}

TEST_CASE("read_network rejects bad files, naming file, field and value", "[network_json]") {
  const test::TempDir dir;
  json doc = valid_doc();
  SECTION("missing file") {
    REQUIRE_THROWS_WITH(exporter::read_network(dir / "nope.json"),
                        Catch::Contains("nope.json") && Catch::Contains("does not exist"));
  }
  SECTION("truncated file") {
    const std::string text = doc.dump();
    expect_bad(dir, text.substr(0, text.size() / 2), {"invalid JSON"});
  }
  SECTION("wrong tag") {
    doc["format"] = "spikeforge.fixed/1";
    expect_bad(dir, doc.dump(), {"format", "spikeforge.fixed/1", "not a float network"});
  }
  SECTION("wrong version") {
    doc["format"] = "spikeforge.network/2";
    expect_bad(dir, doc.dump(), {"format", "unsupported version 2"});
  }
  SECTION("missing field") {
    doc["layers"][1].erase("v_thresh");
    expect_bad(dir, doc.dump(), {"layers[1].v_thresh", "missing"});
  }
  SECTION("missing encoding field") {
    doc["encoding"].erase("steps");
    expect_bad(dir, doc.dump(), {"encoding.steps", "missing"});
  }
  SECTION("latency cutoff out of range") {
    doc["encoding"]["latency_cutoff"] = 1.0;
    expect_bad(dir, doc.dump(), {"encoding.latency_cutoff", "must be in [0, 1)"});
  }
  SECTION("mistyped field") {
    doc["layers"][0]["spiking"] = "yes";
    expect_bad(dir, doc.dump(), {"layers[0].spiking", "\"yes\""});
  }
  SECTION("NaN written as null") {
    doc["layers"][1]["weights"][2][3] = nullptr;
    expect_bad(dir, doc.dump(), {"layers[1].weights[2][3]", "= null", "not a finite number"});
  }
  SECTION("NaN written as a string") {
    doc["layers"][0]["bias"][1] = "NaN";
    expect_bad(dir, doc.dump(), {"layers[0].bias[1]", "\"NaN\""});
  }
  SECTION("overflowing float") {
    doc["layers"][0]["weights"][0][1] = 1e300;
    expect_bad(dir, doc.dump(), {"layers[0].weights[0][1]", "1e+300", "not a finite float"});
  }
  SECTION("ragged rows") {
    doc["layers"][0]["weights"][2].erase(0);
    expect_bad(dir, doc.dump(), {"layers[0].weights[2]", "has 5 entries", "ragged"});
  }
  SECTION("shapes do not chain") {
    for (auto& row : doc["layers"][1]["weights"]) row.push_back(0.5);
    doc["layers"][1].erase("inputs");
    expect_bad(dir, doc.dump(), {"layers[1].weights", "5 columns", "4 outputs", "do not chain"});
  }
  SECTION("bias size") {
    doc["layers"][1]["bias"].push_back(0.0);
    expect_bad(dir, doc.dump(), {"layers[1].bias", "has 4 entries", "expected 3"});
  }
  SECTION("leak out of range") {
    doc["layers"][0]["leak"] = 1.5;
    expect_bad(dir, doc.dump(), {"layers[0].leak", "1.5", "(0, 1]"});
    doc["layers"][0]["leak"] = 0;
    expect_bad(dir, doc.dump(), {"layers[0].leak", "= 0"});
  }
  SECTION("non-positive threshold") {
    doc["layers"][1]["v_thresh"] = -0.25;
    expect_bad(dir, doc.dump(), {"layers[1].v_thresh", "-0.25", "> 0"});
  }
  SECTION("unknown reset") {
    doc["layers"][0]["reset"] = "hard";
    expect_bad(dir, doc.dump(), {"layers[0].reset", "\"hard\""});
  }
  SECTION("non-spiking hidden layer") {
    doc["layers"][0]["spiking"] = false;
    expect_bad(dir, doc.dump(), {"layers[0].spiking", "false"});
  }
  SECTION("readout that contradicts the last layer") {
    doc["readout"] = "spike_count";
    expect_bad(dir, doc.dump(), {"readout", "spike_count"});
  }
  SECTION("declared inputs that contradict the weights") {
    doc["layers"][0]["inputs"] = 7;
    expect_bad(dir, doc.dump(), {"layers[0].inputs", "7", "6 columns"});
  }
  SECTION("metadata that is not an object") {
    doc["metadata"] = json::array({1, 2});
    expect_bad(dir, doc.dump(), {"metadata", "[1,2]"});
  }
  SECTION("not an object at all") { expect_bad(dir, "[1, 2, 3]", {"not an object"}); }
}

TEST_CASE("write_network writes nothing when it fails and keeps the old file", "[network_json]") {
  const test::TempDir dir;
  const auto p = dir / "net.json";
  put(p, "old content");
  core::FloatNetwork net = sample_network();
  SECTION("invalid network") {
    net.layers[1].weights(0, 0) = std::numeric_limits<float>::quiet_NaN();
    REQUIRE_THROWS_AS(exporter::write_network(p, net), core::ConfigError);
  }
  SECTION("metadata that is not an object") {
    net.metadata_json = "[1, 2";
    REQUIRE_THROWS_AS(exporter::write_network(p, net), core::ConfigError);
  }
  SECTION("unwritable directory") {
    REQUIRE_THROWS_AS(exporter::write_network(dir / "no-such-dir" / "net.json", net), core::OutputError);
    CHECK_FALSE(std::filesystem::exists(dir / "no-such-dir"));
  }
  CHECK(slurp(p) == "old content");
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
  CHECK(files == 1);  // No temp file left behind.
}

TEST_CASE("detect_format reports any spikeforge tag", "[network_json]") {
  const test::TempDir dir;
  put(dir / "q.json", R"({"format": "spikeforge.fixed/1", "layers": []})");
  CHECK(exporter::detect_format(dir / "q.json") == "spikeforge.fixed/1");
  put(dir / "x.json", R"({"layers": []})");
  REQUIRE_THROWS_WITH(exporter::detect_format(dir / "x.json"), Catch::Contains("x.json") && Catch::Contains("format"));
  put(dir / "t.json", R"({"format": "spikeforge.fi)");
  REQUIRE_THROWS_AS(exporter::detect_format(dir / "t.json"), core::InputError);
  REQUIRE_THROWS_AS(exporter::detect_format(dir / "missing.json"), core::InputError);
}

TEST_CASE("a net.json without latency_cutoff was encoded with the default", "[network_json]") {
  const test::TempDir dir;
  json doc = valid_doc();
  doc["encoding"].erase("latency_cutoff");
  put(dir / "old.json", doc.dump());
  CHECK(exporter::read_network(dir / "old.json").encoding.latency_cutoff == core::EncodingInfo{}.latency_cutoff);
}

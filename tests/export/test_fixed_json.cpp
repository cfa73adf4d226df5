// net.q.json: round trip, and every kind of bad content is an InputError naming file, layer,
// field and value.
#include <catch2/catch.hpp>

#include <fstream>
#include <functional>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "export/fixed_json.hpp"
#include "quantizer/dense.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge;

namespace {

quantizer::FixedNetwork sample_net() {
  quantizer::FixedNetwork net;
  net.profile = "loihi";
  net.encoding.dataset = "fashion-mnist";
  net.encoding.steps = 25;
  net.metadata_json = R"({"trainer":"admm"})";
  quantizer::FixedLayer a;
  Eigen::MatrixXi w(2, 3);
  w << 2, -4, 254, 100, 50, 24;
  a.weights = quantizer::dense_prepare(w, 8, quantizer::SignMode::mixed);
  a.du = 1023;
  a.dv = 511;
  a.vth = 200;
  a.bias_mant = {3, -4096};
  a.bias_exp = 2;
  a.weight_exp = -3;
  a.scale = 0.0125;
  quantizer::FixedLayer b;
  Eigen::MatrixXi w2(1, 2);
  w2 << 0, -12;
  b.weights = quantizer::dense_prepare(w2, 6, quantizer::SignMode::inhibitory);
  b.num_weight_bits = 6;
  b.sign_mode = quantizer::SignMode::inhibitory;
  b.bias_mant = {0};
  b.spiking = false;
  b.reset = core::ResetMode::subtract;
  net.layers = {a, b};
  return net;
}

nlohmann::json doc() { return exporter::fixed_network_to_json(sample_net()); }

}  // namespace

TEST_CASE("fixed json: write then read gives the same network") {
  test::TempDir dir;
  const auto net = sample_net();
  exporter::write_fixed_network(dir / "net.q.json", net);
  const auto back = exporter::read_fixed_network(dir / "net.q.json");
  CHECK(back.profile == "loihi");
  CHECK(back.encoding.dataset == "fashion-mnist");
  CHECK(back.encoding.steps == 25);
  CHECK(nlohmann::json::parse(back.metadata_json) == nlohmann::json::parse(net.metadata_json));
  REQUIRE(back.layers.size() == 2);
  for (std::size_t l = 0; l < 2; ++l) {
    const auto& x = net.layers[l];
    const auto& y = back.layers[l];
    CHECK(x.weights == y.weights);
    CHECK(x.weight_exp == y.weight_exp);
    CHECK(x.num_weight_bits == y.num_weight_bits);
    CHECK(x.sign_mode == y.sign_mode);
    CHECK(x.du == y.du);
    CHECK(x.dv == y.dv);
    CHECK(x.vth == y.vth);
    CHECK(x.bias_mant == y.bias_mant);
    CHECK(x.bias_exp == y.bias_exp);
    CHECK(x.reset == y.reset);
    CHECK(x.spiking == y.spiking);
    CHECK(x.scale == y.scale);
  }
  const auto j = nlohmann::json::parse(std::ifstream(dir / "net.q.json"));
  CHECK(j.at("format") == "spikeforge.fixed/1");
  CHECK(j.at("layers")[0].at("weights")[0][2] == 254);
  CHECK(j.at("layers")[1].at("sign_mode") == "inhibitory");
}

TEST_CASE("fixed json: out-of-range and inconsistent values are InputErrors naming file, layer, field, value") {
  test::TempDir dir;
  struct Case {
    const char* what;
    std::function<void(nlohmann::json&)> edit;
  };
  const std::vector<Case> cases{
      {"layers[0].weights[0][0] = 300", [](auto& d) { d["layers"][0]["weights"][0][0] = 300; }},
      {"weights[0][0] = 3 is not representable", [](auto& d) { d["layers"][0]["weights"][0][0] = 3; }},
      {"weights[0][1] = -12 is not representable", [](auto& d) { d["layers"][1]["weights"][0][1] = -12; d["layers"][1]["num_weight_bits"] = 4; }},
      {"layers[0].du = 4096", [](auto& d) { d["layers"][0]["du"] = 4096; }},
      {"layers[0].dv = -1", [](auto& d) { d["layers"][0]["dv"] = -1; }},
      {"layers[0].vth = 131072", [](auto& d) { d["layers"][0]["vth"] = 131072; }},
      {"layers[0].bias_mant[1] = -4097", [](auto& d) { d["layers"][0]["bias_mant"][1] = -4097; }},
      {"layers[0].bias_exp = 8", [](auto& d) { d["layers"][0]["bias_exp"] = 8; }},
      {"layers[0].weight_exp = -9", [](auto& d) { d["layers"][0]["weight_exp"] = -9; }},
      {"layers[1].num_weight_bits = 9", [](auto& d) { d["layers"][1]["num_weight_bits"] = 9; }},
      {"layers[0].sign_mode", [](auto& d) { d["layers"][0]["sign_mode"] = "both"; }},
      {"layers[0].weights has 3 entries", [](auto& d) { d["layers"][0]["weights"].push_back(d["layers"][0]["weights"][0]); }},
      {"layers[0].weights[1] has 2 entries", [](auto& d) { d["layers"][0]["weights"][1].erase(0); }},
      {"layers[0].reset", [](auto& d) { d["layers"][0]["reset"] = "hard"; }},
      {"layers[1].vth is missing", [](auto& d) { d["layers"][1].erase("vth"); }},
      {"layers[0].vth = 1.5 is not an integer", [](auto& d) { d["layers"][0]["vth"] = 1.5; }},
      {"layer 1 inputs = 3", [](auto& d) { d["layers"][1]["inputs"] = 3; d["layers"][1]["weights"][0].push_back(0); }},
      {"format", [](auto& d) { d["format"] = "spikeforge.network/1"; }},
      {"unsupported version", [](auto& d) { d["format"] = "spikeforge.fixed/2"; }},
  };
  for (const auto& c : cases) {
    auto d = doc();
    c.edit(d);
    const auto p = dir / "bad.q.json";
    std::ofstream(p) << d.dump();
    INFO(c.what);
    CHECK_THROWS_AS(exporter::read_fixed_network(p), core::InputError);
    CHECK_THROWS_WITH(exporter::read_fixed_network(p), Catch::Contains(c.what) && Catch::Contains("bad.q.json"));
  }
}

TEST_CASE("fixed json: missing and truncated files are InputErrors, a bad network writes nothing") {
  test::TempDir dir;
  CHECK_THROWS_AS(exporter::read_fixed_network(dir / "none.json"), core::InputError);
  std::ofstream(dir / "trunc.json") << doc().dump().substr(0, 40);
  CHECK_THROWS_AS(exporter::read_fixed_network(dir / "trunc.json"), core::InputError);
  auto net = sample_net();
  net.layers[0].vth = -1;
  CHECK_THROWS_AS(exporter::write_fixed_network(dir / "out.json", net), core::ConfigError);
  CHECK_FALSE(std::filesystem::exists(dir / "out.json"));
}

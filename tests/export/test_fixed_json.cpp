// net.q.json: round trip, and every kind of bad content is an InputError naming file, layer,
// field and value.
#include <catch2/catch.hpp>

#include <fstream>
#include <cstdlib>
#include <functional>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "export/fixed_json.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/profile.hpp"
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

TEST_CASE("fixed json: values outside the file's profile are InputErrors naming file, layer, field, profile") {
  // A narrow profile in its own directory, one edit per class of field; each file is valid for the
  // format (and for the shipped loihi profile) and fails only against the profile it names.
  test::TempDir dir;
  auto prof = nlohmann::json::parse(std::ifstream(quantizer::profile_dir() / "loihi.json"));
  prof["name"] = "narrow";
  prof["weights"] = {{"max_bits", 7}, {"sign_modes", {"mixed"}}, {"exp_min", -4}, {"exp_max", 4}};
  prof["neuron"]["vth_bits"] = 10;
  prof["neuron"]["bias_mant_bits"] = 8;
  prof["neuron"]["bias_exp_bits"] = 2;
  prof["limits"] = {{"max_layers", 2}, {"max_neurons_per_layer", 4}, {"max_fan_in", 3}, {"max_synapses", 100}};
  std::ofstream(dir / "narrow.json") << prof.dump();
  ::setenv("SPIKEFORGE_PROFILE_DIR", dir.path().c_str(), 1);
  // A network the narrow profile holds: 3 -> 2 (7-bit mixed, zero reset) -> 1 (integrator).
  const auto narrow_doc = [] {
    quantizer::FixedNetwork net = sample_net();
    net.profile = "narrow";
    Eigen::MatrixXi w(2, 3);
    w << 4, -8, 124, 100, 52, 24;
    net.layers[0].weights = quantizer::dense_prepare(w, 7, quantizer::SignMode::mixed);
    net.layers[0].num_weight_bits = 7;
    net.layers[0].bias_mant = {3, -100};
    net.layers[1].weights = quantizer::dense_prepare(Eigen::MatrixXi::Constant(1, 2, -12), 7, quantizer::SignMode::mixed);
    net.layers[1].num_weight_bits = 7;
    net.layers[1].sign_mode = quantizer::SignMode::mixed;
    return exporter::fixed_network_to_json(net);
  };
  struct Case {
    const char* what;
    std::function<void(nlohmann::json&)> edit;
  };
  const std::vector<Case> cases{
      {"layer 0 num_weight_bits = 8", [](auto& d) { d["layers"][0]["num_weight_bits"] = 8; }},
      {"layer 1 sign_mode = inhibitory", [](auto& d) { d["layers"][1]["sign_mode"] = "inhibitory"; }},
      {"layer 0 weight_exp = 5", [](auto& d) { d["layers"][0]["weight_exp"] = 5; }},
      {"layer 0 vth = 1024", [](auto& d) { d["layers"][0]["vth"] = 1024; }},
      {"layer 0 bias_mant[1] = -129", [](auto& d) { d["layers"][0]["bias_mant"][1] = -129; }},
      {"layer 0 bias_exp = 4", [](auto& d) { d["layers"][0]["bias_exp"] = 4; }},
      {"layer 0 reset = subtract", [](auto& d) { d["layers"][0]["reset"] = "subtract"; }},
      {"layer 1 outputs = 5", [](auto& d) {
         d["layers"][1]["outputs"] = 5;
         d["layers"][1]["weights"] = nlohmann::json::array();
         for (int r = 0; r < 5; ++r) d["layers"][1]["weights"].push_back({0, 0});
         d["layers"][1]["bias_mant"] = {0, 0, 0, 0, 0};
       }},
      {"profile = \"loihi2\" is not a known profile", [](auto& d) { d["profile"] = "loihi2"; }},
      {"profile = \"../narrow\" is not a profile name", [](auto& d) { d["profile"] = "../narrow"; }},
  };
  {
    const auto p = dir / "ok.q.json";
    std::ofstream(p) << narrow_doc().dump();
    CHECK_NOTHROW(exporter::read_fixed_network(p));
  }
  for (const auto& c : cases) {
    auto d = narrow_doc();
    c.edit(d);
    const auto p = dir / "outside.q.json";
    std::ofstream(p) << d.dump();
    INFO(c.what);
    CHECK_THROWS_AS(exporter::read_fixed_network(p), core::InputError);
    CHECK_THROWS_WITH(exporter::read_fixed_network(p), Catch::Contains(c.what) && Catch::Contains("outside.q.json"));
  }
  ::unsetenv("SPIKEFORGE_PROFILE_DIR");
}

TEST_CASE("fixed json: a spikeforge-core file whose input could run u past 32 bits is refused (du = 0)") {
  // The issue's case: du = 0 and 64 inputs of 254 at weight_exp 7 — valid ranges, but |a| = 2^21 per step.
  test::TempDir dir;
  auto d = doc();
  d["profile"] = "spikeforge-core";
  d["layers"][0]["inputs"] = 64;
  d["layers"][0]["weights"] = {std::vector<int>(64, 254), std::vector<int>(64, 2)};
  d["layers"][0]["weight_exp"] = 7;
  d["layers"][0]["du"] = 0;
  const auto p = dir / "runaway.q.json";
  std::ofstream(p) << d.dump();
  CHECK_THROWS_AS(exporter::read_fixed_network(p), core::InputError);
  CHECK_THROWS_WITH(exporter::read_fixed_network(p),
                    Catch::Contains("runaway.q.json") && Catch::Contains("layer 0 worst-case one-step input |a| = 2080768") &&
                        Catch::Contains("profile spikeforge-core"));
  // The same weights at weight_exp 0 keep |a| = 16256 < 2^17: accepted.
  d["layers"][0]["weight_exp"] = 0;
  std::ofstream(p) << d.dump();
  CHECK_NOTHROW(exporter::read_fixed_network(p));
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

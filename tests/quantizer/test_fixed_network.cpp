// FixedNetwork::validate: shapes and every field range of the spikeforge.fixed/1 format.
#include <catch2/catch.hpp>

#include <functional>

#include "core/errors.hpp"
#include "fixed_fixtures.hpp"

using namespace spikeforge;
using quantizer::SignMode;

TEST_CASE("fixed network: a valid two-layer network passes and counts synapses") {
  auto a = test::fixed_layer({{2, 4}, {6, 8}, {0, -2}}, SignMode::mixed);
  auto b = test::fixed_layer({{2, 4, 6}}, SignMode::mixed);
  b.spiking = false;
  quantizer::FixedNetwork net;
  net.layers = {a, b};
  CHECK_NOTHROW(net.validate());
  CHECK(net.synapses() == 9);
  CHECK(net.inputs() == 2);
  CHECK(net.outputs() == 1);
}

TEST_CASE("fixed network: each out-of-range field is rejected naming layer, field and value") {
  struct Case {
    const char* what;
    std::function<void(quantizer::FixedLayer&)> edit;
  };
  const std::vector<Case> cases{
      {"du = 4096", [](auto& l) { l.du = 4096; }},
      {"dv = -1", [](auto& l) { l.dv = -1; }},
      {"vth = 131072", [](auto& l) { l.vth = 131072; }},
      {"bias_mant[0] = 4096", [](auto& l) { l.bias_mant[0] = 4096; }},
      {"bias_exp = 8", [](auto& l) { l.bias_exp = 8; }},
      {"weight_exp = 8", [](auto& l) { l.weight_exp = 8; }},
      {"num_weight_bits = 0", [](auto& l) { l.num_weight_bits = 0; }},
      {"weights[0][0] = 3", [](auto& l) { l.weights(0, 0) = 3; }},
      {"weights[0][0] = 300", [](auto& l) { l.weights(0, 0) = 300; }},
      {"bias_mant size = 2", [](auto& l) { l.bias_mant.push_back(0); }},
  };
  for (const auto& c : cases) {
    auto l = test::fixed_layer({{2, 4}}, SignMode::mixed);
    c.edit(l);
    const auto net = test::one_layer_net(l);
    INFO(c.what);
    CHECK_THROWS_WITH(net.validate(), Catch::Contains("layer 0") && Catch::Contains(c.what));
    CHECK_THROWS_AS(net.validate(), core::ConfigError);
  }
}

TEST_CASE("fixed network: shapes must chain and hidden layers must spike") {
  auto a = test::fixed_layer({{2, 4}, {6, 8}}, SignMode::mixed);
  auto b = test::fixed_layer({{2, 4, 6}}, SignMode::mixed);
  quantizer::FixedNetwork net;
  net.layers = {a, b};
  CHECK_THROWS_WITH(net.validate(), Catch::Contains("layer 1 inputs = 3"));
  a.spiking = false;
  net.layers = {a, test::fixed_layer({{2, 4}}, SignMode::mixed)};
  CHECK_THROWS_WITH(net.validate(), Catch::Contains("hidden layer must spike"));
  CHECK_THROWS_AS(quantizer::FixedNetwork{}.validate(), core::ConfigError);
}

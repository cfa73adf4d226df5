#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "core/errors.hpp"
#include "core/network.hpp"

using namespace spikeforge::core;

namespace {
FloatNetwork two_layer() {
  FloatNetwork net;
  Layer h;
  h.weights = Eigen::MatrixXf::Constant(3, 4, 0.5F);
  h.bias = Eigen::VectorXf::Zero(3);
  Layer o;
  o.weights = Eigen::MatrixXf::Constant(2, 3, 0.25F);
  o.bias = Eigen::VectorXf::Zero(2);
  o.neuron.spiking = false;
  net.layers = {h, o};
  return net;
}
}  // namespace

TEST_CASE("a well-formed network validates and reports its sizes", "[network]") {
  const FloatNetwork net = two_layer();
  REQUIRE_NOTHROW(net.validate());
  CHECK(net.inputs() == 4);
  CHECK(net.outputs() == 2);
  CHECK(net.synapses() == 3 * 4 + 2 * 3);
}

TEST_CASE("network validation names the layer, field and value", "[network]") {
  FloatNetwork net = two_layer();
  SECTION("shapes that do not chain") {
    net.layers[1].weights = Eigen::MatrixXf::Zero(2, 5);
    REQUIRE_THROWS_WITH(net.validate(), Catch::Contains("layer 1") && Catch::Contains("do not chain"));
  }
  SECTION("NaN weight") {
    net.layers[0].weights(1, 2) = std::numeric_limits<float>::quiet_NaN();
    REQUIRE_THROWS_WITH(net.validate(), Catch::Contains("layer 0 weights[1,2]") && Catch::Contains("not finite"));
  }
  SECTION("Inf bias") {
    net.layers[1].bias(0) = std::numeric_limits<float>::infinity();
    REQUIRE_THROWS_AS(net.validate(), ConfigError);
  }
  SECTION("leak outside (0, 1]") {
    net.layers[0].neuron.leak = 1.5F;
    REQUIRE_THROWS_WITH(net.validate(), Catch::Contains("leak = 1.5"));
    net.layers[0].neuron.leak = 0.0F;
    REQUIRE_THROWS_AS(net.validate(), ConfigError);
  }
  SECTION("non-positive threshold") {
    net.layers[0].neuron.v_thresh = 0.0F;
    REQUIRE_THROWS_WITH(net.validate(), Catch::Contains("v_thresh"));
  }
  SECTION("bias of the wrong size") {
    net.layers[0].bias = Eigen::VectorXf::Zero(2);
    REQUIRE_THROWS_WITH(net.validate(), Catch::Contains("bias has 2 entries"));
  }
  SECTION("a hidden layer that does not spike") {
    net.layers[0].neuron.spiking = false;
    REQUIRE_THROWS_WITH(net.validate(), Catch::Contains("hidden layer"));
  }
  SECTION("no layers") {
    net.layers.clear();
    REQUIRE_THROWS_AS(net.validate(), ConfigError);
  }
}

TEST_CASE("reset modes parse and print", "[network]") {
  CHECK(parse_reset_mode("subtract") == ResetMode::subtract);
  CHECK(parse_reset_mode("zero") == ResetMode::zero);
  CHECK(std::string(to_string(ResetMode::zero)) == "zero");
  REQUIRE_THROWS_WITH(parse_reset_mode("soft", "layer 2 reset"), Catch::Contains("layer 2 reset") && Catch::Contains("'soft'"));
}

// quantizer/grid.cpp: projections land on map_network's grid (mapping a projected network loses
// nothing: it dequantizes back to itself exactly), are idempotent, and check shapes and profiles.
#include <catch2/catch.hpp>

#include <random>

#include "core/errors.hpp"
#include "quantizer/grid.hpp"
#include "quantizer/profile.hpp"

using namespace spikeforge;

namespace {

constexpr double kHalfUlp = 0x1p-24;  // float rounding of a dequantized weight, relative

/// A 2-layer network (spiking hidden, integrator output) with random weights and biases; `sign`
/// +1 makes the hidden layer's weights all non-negative (EXCITATORY), -1 all non-positive.
core::FloatNetwork random_net(std::uint64_t seed, int sign, core::ResetMode reset, bool with_bias) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0F, 0.3F);
  core::FloatNetwork net;
  net.encoding.steps = 20;
  const int sizes[] = {12, 9, 4};
  for (int l = 0; l < 2; ++l) {
    core::Layer L;
    L.weights.resize(sizes[l + 1], sizes[l]);
    for (Eigen::Index i = 0; i < L.weights.size(); ++i) {
      float w = normal(rng);
      if (l == 0 && sign != 0) w = static_cast<float>(sign) * std::abs(w);
      L.weights.data()[i] = w;
    }
    L.bias = Eigen::VectorXf::Zero(sizes[l + 1]);
    if (with_bias) {
      for (Eigen::Index i = 0; i < L.bias.size(); ++i) L.bias(i) = 0.1F * normal(rng);
    }
    L.neuron.leak = 0.9F;
    L.neuron.v_thresh = 1.0F;
    L.neuron.reset = reset;
    L.neuron.spiking = l == 0;
    net.layers.push_back(std::move(L));
  }
  return net;
}

bool equal(const core::FloatNetwork& a, const core::FloatNetwork& b) {
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    if (a.layers[l].weights != b.layers[l].weights || a.layers[l].bias != b.layers[l].bias) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("grid: a projected network is a fixed point of map_network at every width", "[grid]") {
  const quantizer::ChipProfile profile = quantizer::load_profile("spikeforge-core");
  // From 2 bits: MIXED 1-bit weights cannot be positive at all (the error is tested below).
  const bool netx_exact = GENERATE(false, true);  // netx-exact grids (weight_exp 0, bias_exp 6) too
  for (int bits = 2; bits <= 8; ++bits) {
    for (int sign : {0, 1, -1}) {
      for (bool with_bias : {false, true}) {
        CAPTURE(bits, sign, with_bias, netx_exact);
        const core::FloatNetwork net = random_net(static_cast<std::uint64_t>(bits * 7 + sign + 3), sign,
                                                  netx_exact ? core::ResetMode::zero : core::ResetMode::subtract, with_bias);
        quantizer::MappingOptions opt;
        opt.weight_bits = bits;
        opt.netx_exact = netx_exact;
        const quantizer::WeightGrid grid(net, profile, opt);
        const core::FloatNetwork p = grid.project(net);
        // Idempotent.
        CHECK(equal(grid.project(p), p));
        // Mapping the projection dequantizes back to it exactly and reports zero weight error.
        const quantizer::MappingResult m = quantizer::map_network(p, profile, opt);
        for (std::size_t l = 0; l < p.layers.size(); ++l) {
          const quantizer::DequantizedLayer d =
              quantizer::dequantize_layer(m.network.layers[l], m.report.layers[l].weight_quantum);
          CHECK(d.weights == p.layers[l].weights);
          CHECK(d.bias == p.layers[l].bias);
          // The report measures |w − w_int·q| in double against the float w = float(w_int·q): only
          // the float rounding of the projected value, at most half an ulp, 2^-24 relative.
          CHECK(m.report.layers[l].weight_err_rel_max <= kHalfUlp);
          CHECK(m.report.layers[l].clipped_weights == 0);
        }
        // Projecting changed something (the random weights are not on a grid) but kept max |w|.
        CHECK_FALSE(equal(p, net));
        CHECK(p.layers[0].weights.cwiseAbs().maxCoeff() == net.layers[0].weights.cwiseAbs().maxCoeff());
      }
    }
  }
}

TEST_CASE("grid: the projection is the nearest grid value, element by element", "[grid]") {
  const quantizer::ChipProfile profile = quantizer::load_profile("spikeforge-core");
  const core::FloatNetwork net = random_net(11, 0, core::ResetMode::subtract, false);
  quantizer::MappingOptions opt;
  opt.weight_bits = 4;  // MIXED 4-bit: multiples of 32 up to 224 in integer units -> steps of 32·q
  const quantizer::WeightGrid grid(net, profile, opt);
  const core::FloatNetwork p = grid.project(net);
  const quantizer::MappingResult m = quantizer::map_network(p, profile, opt);
  const double q = m.report.layers[0].weight_quantum;
  const double step = 32.0 * q;
  // Float round-off of w/q and of the dequantized value: far below half a step.
  constexpr double kRoundOff = 1e-5;
  for (Eigen::Index i = 0; i < net.layers[0].weights.size(); ++i) {
    const double w = net.layers[0].weights.data()[i];
    const double v = p.layers[0].weights.data()[i];
    CHECK(std::abs(w - v) <= 0.5 * step * (1.0 + kRoundOff));
  }
}

TEST_CASE("grid: errors name the problem", "[grid]") {
  const core::FloatNetwork net = random_net(5, 0, core::ResetMode::subtract, true);
  // loihi lacks subtract reset: the same ConfigError map_network raises.
  CHECK_THROWS_AS(quantizer::WeightGrid(net, quantizer::load_profile("loihi"), {}), core::ConfigError);
  const quantizer::WeightGrid grid(net, quantizer::load_profile("spikeforge-core"), {});
  Eigen::MatrixXf w = Eigen::MatrixXf::Zero(3, 3);
  Eigen::VectorXf b = Eigen::VectorXf::Zero(3);
  CHECK_THROWS_WITH(grid.project_layer(0, w, b), Catch::Contains("layer 0 is 3 x 3"));
  CHECK_THROWS_WITH(grid.project_layer(5, w, b), Catch::Contains("layer 5 does not exist"));
  // MIXED 1-bit weights keep only {−256, 0}: map_network refuses them.
  quantizer::MappingOptions one_bit;
  one_bit.weight_bits = 1;
  CHECK_THROWS_WITH(quantizer::WeightGrid(net, quantizer::load_profile("spikeforge-core"), one_bit),
                    Catch::Contains("weight_bits = 1 with mixed weights"));
}

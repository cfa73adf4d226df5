// Float → fixed mapping: the scale formula, lossless mapping of on-grid networks (float and fixed
// simulations then agree spike for spike), reset-mode and limit errors, saturation reporting.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "quantizer/golden.hpp"
#include "quantizer/mapping.hpp"

using namespace spikeforge;
using quantizer::SignMode;

namespace {

core::Layer layer(const Eigen::MatrixXf& w, float leak, float theta, core::ResetMode reset, bool spiking,
                  Eigen::VectorXf bias = {}) {
  core::Layer l;
  l.weights = w;
  l.bias = bias.size() > 0 ? bias : Eigen::VectorXf::Zero(w.rows());
  l.neuron.leak = leak;
  l.neuron.v_thresh = theta;
  l.neuron.reset = reset;
  l.neuron.spiking = spiking;
  return l;
}

/// Weights m · 0.5 with m even in [−254, 254] and max |m| = 254: the MIXED 8-bit grid with q = 0.5.
Eigen::MatrixXf grid_weights(std::mt19937_64& rng, int rows, int cols) {
  std::uniform_int_distribution<int> half(-127, 127);
  Eigen::MatrixXf w(rows, cols);
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) w(r, c) = static_cast<float>(half(rng)) * 1.0F;  // 2·half·0.5
  }
  w(0, 0) = 127.0F;  // max |w| = 127 = 254 · 0.5
  w(rows - 1, cols - 1) = -100.0F;  // make sure the matrix is MIXED
  return w;
}

core::SpikeBatch random_batch(std::mt19937_64& rng, int inputs, int steps, int samples, double p) {
  core::SpikeBatch b(steps, inputs, 4);
  std::bernoulli_distribution on(p);
  for (int s = 0; s < samples; ++s) {
    b.begin_sample(s % 4);
    for (int t = 0; t < steps; ++t) {
      std::vector<std::uint32_t> a;
      for (int i = 0; i < inputs; ++i) {
        if (on(rng)) a.push_back(static_cast<std::uint32_t>(i));
      }
      b.add_step(a);
    }
  }
  return b;
}

}  // namespace

TEST_CASE("mapping: scale, weight_exp and threshold follow the documented formula") {
  core::FloatNetwork net;
  Eigen::MatrixXf w(2, 3);
  w << 0.5F, -0.25F, 0.125F, 0.0F, 0.3F, -0.1F;
  net.layers.push_back(layer(w, 0.75F, 1.0F, core::ResetMode::zero, true));
  net.layers.push_back(layer(Eigen::MatrixXf::Constant(1, 2, 0.2F), 1.0F, 1.0F, core::ResetMode::zero, false));
  const auto res = quantizer::map_network(net, quantizer::load_profile("loihi"));
  const auto& L = res.network.layers[0];
  const auto& R = res.report.layers[0];
  CHECK(L.sign_mode == SignMode::mixed);
  CHECK(R.weight_quantum == Approx(0.5 / 254).epsilon(1e-12));
  // max|w| maps to the top of the MIXED 8-bit range.
  CHECK(L.weights(0, 0) == 254);
  CHECK(L.weights(0, 1) == -128);
  // e: the largest exponent with vth ≤ 2^17 − 1 and no u wrap: θ·2^e/q = 508·2^e → e = 7.
  CHECK(L.weight_exp == 7);
  CHECK(R.scale == Approx(R.weight_quantum / 128.0).epsilon(1e-12));
  CHECK(L.vth == static_cast<std::int32_t>(std::nearbyint(1.0 / R.scale)));
  CHECK(L.du == 4095);
  CHECK(L.dv == 1024);
  // The second layer's weights are all positive: EXCITATORY, 0.2 ↦ 255.
  CHECK(res.network.layers[1].sign_mode == SignMode::excitatory);
  CHECK(res.network.layers[1].weights(0, 0) == 255);
  CHECK_FALSE(res.network.layers[1].spiking);
  CHECK(R.weight_err_rel_max <= 0.5 / 254 / 0.5 + 1e-12);  // at most half a quantum
  CHECK(R.clipped_weights == 0);
}

TEST_CASE("mapping: bias shares the scale (×64/scale) and saturates with a count") {
  core::FloatNetwork net;
  Eigen::VectorXf b(3);
  b << 0.5F, -0.25F, 1e6F;
  net.layers.push_back(layer(Eigen::MatrixXf::Constant(3, 2, 1.0F), 1.0F, 10.0F, core::ResetMode::zero, true, b));
  net.layers.push_back(layer(Eigen::MatrixXf::Constant(1, 3, 1.0F), 1.0F, 1.0F, core::ResetMode::zero, false));
  const auto res = quantizer::map_network(net, quantizer::load_profile("loihi"));
  const auto& L = res.network.layers[0];
  CHECK(L.bias_exp == 7);
  CHECK(L.bias_mant[2] == 4095);
  CHECK(res.report.layers[0].saturated_bias == 1);
  const double b0 = L.bias_mant[0] * std::ldexp(1.0, L.bias_exp) * L.scale / 64.0;
  // Rounding the mantissa errs by at most half a mantissa step, 2^bias_exp · scale / 64 / 2.
  const double half_step = std::ldexp(1.0, L.bias_exp) * L.scale / 128.0;
  CHECK(std::abs(b0 - 0.5) <= half_step);
  CHECK_FALSE(res.report.notes.empty());
}

TEST_CASE("mapping: a reset mode the profile lacks is a ConfigError unless allowed") {
  core::FloatNetwork net;
  net.layers.push_back(layer(Eigen::MatrixXf::Constant(2, 2, 0.5F), 0.9F, 1.0F, core::ResetMode::subtract, true));
  net.layers.push_back(layer(Eigen::MatrixXf::Constant(1, 2, 0.5F), 0.9F, 1.0F, core::ResetMode::subtract, false));
  const auto loihi = quantizer::load_profile("loihi");
  CHECK_THROWS_AS(quantizer::map_network(net, loihi), core::ConfigError);
  CHECK_THROWS_WITH(quantizer::map_network(net, loihi), Catch::Contains("layer 0 reset = subtract"));
  quantizer::MappingOptions opt;
  opt.allow_reset_change = true;
  const auto res = quantizer::map_network(net, loihi, opt);
  CHECK(res.network.layers[0].reset == core::ResetMode::zero);
  CHECK(res.report.layers[0].reset_changed);
  CHECK_FALSE(res.report.layers[1].reset_changed);  // the integrator never resets
  CHECK(quantizer::map_network(net, quantizer::load_profile("spikeforge-core")).network.layers[0].reset ==
        core::ResetMode::subtract);
}

TEST_CASE("mapping: a network over the profile's limits names layer, field and value") {
  const auto core_p = quantizer::load_profile("spikeforge-core");
  core::FloatNetwork wide;
  wide.layers.push_back(layer(Eigen::MatrixXf::Constant(1100, 4, 0.5F), 0.9F, 1.0F, core::ResetMode::zero, true));
  wide.layers.push_back(layer(Eigen::MatrixXf::Constant(2, 1100, 0.5F), 0.9F, 1.0F, core::ResetMode::zero, false));
  CHECK_THROWS_WITH(quantizer::map_network(wide, core_p),
                    Catch::Contains("layer 0 neurons = 1100") && Catch::Contains("max_neurons_per_layer = 1024"));
  core::FloatNetwork fan;
  fan.layers.push_back(layer(Eigen::MatrixXf::Constant(2, 5000, 0.5F), 0.9F, 1.0F, core::ResetMode::zero, false));
  CHECK_THROWS_WITH(quantizer::map_network(fan, core_p), Catch::Contains("layer 0 fan-in = 5000"));
  quantizer::MappingOptions opt;
  opt.weight_bits = 9;
  CHECK_THROWS_AS(quantizer::map_network(wide, core_p, opt), core::ConfigError);
}

TEST_CASE("mapping: 1-bit weights of mixed sign are refused, 1-bit excitatory weights map") {
  const auto core_p = quantizer::load_profile("spikeforge-core");
  quantizer::MappingOptions one_bit;
  one_bit.weight_bits = 1;
  Eigen::MatrixXf w(2, 2);
  w << 0.5F, -0.25F, 0.125F, 0.5F;
  core::FloatNetwork mixed;
  mixed.layers.push_back(layer(w, 0.9F, 1.0F, core::ResetMode::zero, true));
  // MIXED keeps {−256, 0} at 1 bit: no positive weight survives, so the scale would be degenerate.
  CHECK_THROWS_WITH(quantizer::map_network(mixed, core_p, one_bit),
                    Catch::Contains("layer 0: weight_bits = 1 with mixed weights") && Catch::Contains("-0.25"));
  core::FloatNetwork positive;
  positive.layers.push_back(layer(w.cwiseAbs(), 0.9F, 1.0F, core::ResetMode::zero, true));
  const auto m = quantizer::map_network(positive, core_p, one_bit);
  REQUIRE(m.report.layers.front().sign_mode == SignMode::excitatory);
  CHECK(std::isfinite(m.report.layers.front().weight_quantum));
  CHECK(m.network.layers.front().weights.cwiseAbs().maxCoeff() > 0);
}

TEST_CASE("mapping: on-grid weights map losslessly and float and fixed agree spike for spike") {
  // Weights are multiples of q = 0.5 on the MIXED 8-bit grid, θ and b multiples of 0.5, and
  // δ = 1 (dv = 0, trunc12 exact), so every float value is a multiple of 0.5 that float32 holds
  // exactly: the mapping is lossless and both simulations must agree exactly. (With δ < 1 the
  // fixed decay truncates toward zero each step, so agreement is only approximate.)
  std::mt19937_64 rng(42);
  for (const auto reset : {core::ResetMode::zero, core::ResetMode::subtract}) {
    core::FloatNetwork net;
    net.encoding.steps = 20;
    Eigen::VectorXf b1 = Eigen::VectorXf::Constant(16, 0.5F);
    b1(3) = -1.5F;
    net.layers.push_back(layer(grid_weights(rng, 16, 12), 1.0F, 150.0F, reset, true, b1));
    net.layers.push_back(layer(grid_weights(rng, 8, 16), 1.0F, 200.5F, reset, true));
    net.layers.push_back(layer(grid_weights(rng, 4, 8), 1.0F, 1.0F, reset, false));
    const auto res = quantizer::map_network(net, quantizer::load_profile("spikeforge-core"));
    for (const auto& R : res.report.layers) {
      CHECK(R.weight_err_max == 0.0);
      CHECK(R.threshold_rel_error == 0.0);
      CHECK(R.saturated_bias == 0);
      CHECK(R.weight_exp >= 0);
    }
    const auto batch = random_batch(rng, 12, 20, 6, 0.3);
    core::SimOptions opt;
    opt.record_spikes = true;
    const auto fl = core::simulate(net, batch, opt);
    std::size_t spikes = 0;
    for (std::size_t s = 0; s < batch.size(); ++s) {
      const auto fx = quantizer::run_golden(res.network, batch, s, false);
      CHECK(fx.prediction == fl.predictions[s]);
      for (std::size_t l = 0; l + 1 < net.layers.size(); ++l) {
        for (int t = 0; t < batch.steps(); ++t) {
          const Eigen::MatrixXf& dense = fl.spikes[l][static_cast<std::size_t>(t)];
          std::vector<std::uint32_t> want;
          for (Eigen::Index n = 0; n < dense.rows(); ++n) {
            if (dense(n, static_cast<Eigen::Index>(s)) != 0.0F) want.push_back(static_cast<std::uint32_t>(n));
          }
          REQUIRE(fx.spikes[l][static_cast<std::size_t>(t)] == want);
          spikes += want.size();
        }
      }
      const auto& out = res.network.layers.back();
      for (int n = 0; n < out.outputs(); ++n) {
        const double v_fixed = fx.output_v[static_cast<std::size_t>(n)] * out.scale / 64.0;
        CHECK(v_fixed == static_cast<double>(fl.output(n, static_cast<Eigen::Index>(s))));
      }
    }
    CHECK(spikes > 0);  // the comparison exercised spiking and reset
  }
}

TEST_CASE("mapping: netx_exact keeps weight_exp 0 and bias_exp 6, and is lossless on the grid") {
  // The on-grid network of the test above (zero reset, δ = 1): with weight_exp 0 the scale is q = 0.5,
  // thresholds and biases are multiples of it, so the netx-exact mapping is lossless too.
  std::mt19937_64 rng(43);
  core::FloatNetwork net;
  net.encoding.steps = 20;
  Eigen::VectorXf b1 = Eigen::VectorXf::Constant(16, 0.5F);
  b1(3) = -1.5F;
  net.layers.push_back(layer(grid_weights(rng, 16, 12), 1.0F, 150.0F, core::ResetMode::zero, true, b1));
  net.layers.push_back(layer(grid_weights(rng, 4, 16), 1.0F, 1.0F, core::ResetMode::zero, false));
  quantizer::MappingOptions opt;
  opt.netx_exact = true;
  const auto res = quantizer::map_network(net, quantizer::load_profile("loihi"), opt);
  for (std::size_t l = 0; l < res.network.layers.size(); ++l) {
    const auto& L = res.network.layers[l];
    CHECK(L.weight_exp == 0);
    CHECK(L.bias_exp == 6);
    CHECK(L.weights.cast<int>().maxCoeff() <= 254);
    CHECK(L.weights.cast<int>().minCoeff() >= -256);
    CHECK(res.report.layers[l].weight_err_max == 0.0);
  }
  CHECK(res.network.layers[0].vth == 300);          // 150 / 0.5
  CHECK(res.network.layers[0].bias_mant[3] == -3);  // −1.5 / 0.5: the stored netx bias itself
  const auto batch = random_batch(rng, 12, 20, 6, 0.3);
  const auto fl = core::simulate(net, batch);
  for (std::size_t s = 0; s < batch.size(); ++s) CHECK(quantizer::run_golden(res.network, batch, s).prediction == fl.predictions[s]);
  // The plain mapping of the same network uses a positive weight_exp (more threshold precision).
  CHECK(quantizer::map_network(net, quantizer::load_profile("loihi")).network.layers[0].weight_exp > 0);
}

TEST_CASE("mapping: netx_exact doubles the quantum where the plain mapping needs a negative weight_exp") {
  core::FloatNetwork net;
  Eigen::MatrixXf w(2, 2);
  w << 0.5F, -0.25F, 0.125F, 0.5F;
  // θ / q = 1000 · 254 / 0.5 = 508000 does not fit vth's 17 bits at weight_exp 0: two doublings do.
  net.layers.push_back(layer(w, 0.9F, 1000.0F, core::ResetMode::zero, true));
  net.layers.push_back(layer(Eigen::MatrixXf::Constant(1, 2, 0.5F), 0.9F, 1.0F, core::ResetMode::zero, false));
  const auto loihi = quantizer::load_profile("loihi");
  CHECK(quantizer::map_network(net, loihi).network.layers[0].weight_exp < 0);
  quantizer::MappingOptions opt;
  opt.netx_exact = true;
  const auto res = quantizer::map_network(net, loihi, opt);
  const auto& L = res.network.layers[0];
  const auto& R = res.report.layers[0];
  CHECK(L.weight_exp == 0);
  constexpr double kDoubleRounding = 1e-12;  // q = max|w| / 254 · 4 computed in double: a few ulps
  CHECK(R.weight_quantum == Approx(4 * 0.5 / 254).epsilon(kDoubleRounding));
  CHECK(L.vth <= quantizer::kVthMax);
  CHECK_FALSE(R.threshold_saturated);
  CHECK(L.vth == static_cast<std::int32_t>(std::nearbyint(1000.0 / R.weight_quantum)));
  bool noted = false;
  for (const auto& n : res.report.notes) noted = noted || n.find("layer 0: netx-exact: weight quantum doubled 2 time(s)") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("mapping: netx_exact refuses subtract reset unless allowed, and never maps INHIBITORY") {
  core::FloatNetwork net;
  net.layers.push_back(layer(Eigen::MatrixXf::Constant(2, 2, -0.5F), 0.9F, 1.0F, core::ResetMode::subtract, true,
                             Eigen::VectorXf::Constant(2, 2.0F)));
  net.layers.push_back(layer(Eigen::MatrixXf::Constant(1, 2, 0.5F), 0.9F, 1.0F, core::ResetMode::subtract, false));
  const auto core_p = quantizer::load_profile("spikeforge-core");  // has subtract: only netx lacks it
  quantizer::MappingOptions opt;
  opt.netx_exact = true;
  CHECK_THROWS_WITH(quantizer::map_network(net, core_p, opt),
                    Catch::Contains("layer 0 reset = subtract is not supported by netx") && Catch::Contains("--allow-reset-change"));
  opt.allow_reset_change = true;
  const auto res = quantizer::map_network(net, core_p, opt);
  CHECK(res.network.layers[0].reset == core::ResetMode::zero);
  CHECK(res.report.layers[0].reset_changed);
  CHECK(res.network.layers[0].sign_mode == SignMode::mixed);  // all-negative weights, yet not INHIBITORY
  CHECK(quantizer::map_network(net, core_p).network.layers[0].sign_mode == SignMode::inhibitory);
  // A profile without weight_exp 0 cannot give netx-exact networks.
  auto shifted = core_p;
  shifted.weight_exp_min = 1;
  CHECK_THROWS_WITH(quantizer::map_network(net, shifted, opt), Catch::Contains("--netx-exact needs a profile with weight_exp 0"));
}

TEST_CASE("mapping: a threshold that rounds to vth = 0 under huge weights is reported", "[bad_input]") {
  core::FloatNetwork net;
  Eigen::MatrixXf w(2, 2);
  w << 3e38F, -1e38F, 1.0F, 2.0F;  // max |w| near FLT_MAX: the scale dwarfs the threshold 1.0
  net.layers.push_back(layer(w, 0.9F, 1.0F, core::ResetMode::zero, true));
  net.layers.push_back(layer(Eigen::MatrixXf::Constant(1, 2, 0.2F), 1.0F, 1.0F, core::ResetMode::zero, false));
  const auto res = quantizer::map_network(net, quantizer::load_profile("loihi"));
  REQUIRE(res.network.layers[0].vth == 0);
  bool warned = false;
  for (const auto& n : res.report.notes) warned = warned || n.find("rounds to vth = 0") != std::string::npos;
  CHECK(warned);
}

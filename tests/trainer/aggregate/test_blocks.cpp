// The aggregate-identity blocks (trainer/admm/aggregate/blocks.hpp): the identity holds for the real
// simulator, every block is the exact minimizer of its subproblem, and the lever trains.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "core/dataset.hpp"
#include "core/datasets/synthetic.hpp"
#include "core/float_sim.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/admm/aggregate/blocks.hpp"
#include "trainer/readout/readout.hpp"

using namespace spikeforge;
namespace agg = spikeforge::trainer::admm;

namespace {

// float32 sums over T = 12 steps of O(1) currents: a few ulp of O(10) values.
constexpr float kIdentityTol = 1e-4F;
// Normal-equation residuals of float32 products over O(100) terms, relative to the rhs norm.
constexpr float kNormalTol = 1e-4F;
// The grid search of the brute-force twin is 1e-3 wide: the exact minimizer may beat it by at
// most the cost's change over half a grid step (costs are O(1)).
constexpr float kBruteTol = 1e-5F;
// a_block_lambda is three double operations: a few ulps of relative difference at most.
constexpr double kLambdaRelTol = 1e-14;

core::Layer random_layer(int out, int in, float scale, std::uint64_t seed, bool spiking = true) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> n(0.0F, 1.0F);
  core::Layer l;
  l.weights = Eigen::MatrixXf::NullaryExpr(out, in, [&] { return scale * n(rng); });
  l.bias = Eigen::VectorXf::NullaryExpr(out, [&] { return 0.05F * n(rng); });
  l.neuron.leak = 0.9F;
  l.neuron.v_thresh = 1.0F;
  l.neuron.spiking = spiking;
  return l;
}

float cost(float a, float r, float r_now, float r0, float k, float kappa) {
  const float e = a - k * std::max(0.0F, r - r0);
  return e * e + kappa * (r - r_now) * (r - r_now);
}

}  // namespace

TEST_CASE("the aggregate identity f = (δ/θ)(r − v_T) + s_T holds for the float simulator", "[admm][aggregate]") {
  const auto data = core::load_synthetic("train", 12, 3, 0, 40);
  const core::Layer hidden = random_layer(16, data.inputs(), 0.6F, 7);
  core::FloatNetwork net;
  net.layers = {hidden};
  core::SimOptions opt;
  opt.record_spikes = true;
  opt.record_potentials = true;
  const auto sim = core::simulate(net, data, opt);
  const auto f = trainer::readout::layer_features({hidden}, data, hidden.neuron.leak);
  const Eigen::MatrixXf x = agg::discounted_input(data, hidden.neuron.leak);
  const float c = agg::discount_sum(data.steps(), hidden.neuron.leak);
  const Eigen::MatrixXf r = (hidden.weights * x).colwise() + hidden.bias * c;
  const auto T = static_cast<std::size_t>(data.steps());
  const Eigen::MatrixXf& v_T = sim.potentials[0][T - 1];
  const Eigen::MatrixXf& s_T = sim.spikes[0][T - 1];
  const float k = hidden.neuron.leak / hidden.neuron.v_thresh;
  const Eigen::MatrixXf predicted = k * (r - v_T) + s_T;
  CHECK((predicted - f[0]).cwiseAbs().maxCoeff() < kIdentityTol);
  CHECK(f[0].maxCoeff() > 0.0F);                      // some neurons spiked ...
  CHECK((f[0].array() == 0.0F).count() > 0);          // ... and some stayed silent
  // A silent neuron's final potential is r itself, at most θ.
  for (Eigen::Index j = 0; j < f[0].cols(); ++j)
    for (Eigen::Index i = 0; i < f[0].rows(); ++i)
      if (f[0](i, j) == 0.0F) CHECK(r(i, j) <= hidden.neuron.v_thresh + kIdentityTol);
}

TEST_CASE("the R block is the exact two-branch minimizer (brute-force twin)", "[admm][aggregate]") {
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<float> u(-2.0F, 2.0F);
  const float k = 0.95F;
  for (int trial = 0; trial < 300; ++trial) {
    const float a = u(rng);
    const float r_now = u(rng);
    const float r0 = u(rng);
    const float kappa = 0.1F + std::abs(u(rng));
    const float r = agg::potential_target(a, r_now, r0, k, kappa);
    const float best = cost(a, r, r_now, r0, k, kappa);
    float brute = best;
    for (float g = -6.0F; g <= 6.0F; g += 1e-3F) brute = std::min(brute, cost(a, g, r_now, r0, k, kappa));
    CHECK(best <= brute + kBruteTol);
  }
}

TEST_CASE("the A block solves its normal equations", "[admm][aggregate]") {
  const core::Layer next = random_layer(5, 8, 0.5F, 11, false);
  std::mt19937_64 rng(5);
  std::normal_distribution<float> n(0.0F, 1.0F);
  const Eigen::MatrixXf target = Eigen::MatrixXf::NullaryExpr(5, 30, [&] { return n(rng); });
  const Eigen::MatrixXf f = Eigen::MatrixXf::NullaryExpr(8, 30, [&] { return std::abs(n(rng)); });
  const float c = 7.0F;
  const double mu = 0.05;
  const Eigen::MatrixXf a = agg::feature_targets(next.weights, next.bias, c, target, f, mu);
  const Eigen::MatrixXf m = next.weights.transpose() * next.weights;
  const auto lambda = static_cast<float>(mu * static_cast<double>(m.trace()) / 5.0);  // min(5, 8) = 5
  const Eigen::MatrixXf rhs = next.weights.transpose() * (target.colwise() - next.bias * c) + lambda * f;
  const Eigen::MatrixXf lhs = m * a + lambda * a;
  CHECK((lhs - rhs).norm() <= kNormalTol * rhs.norm());
}

TEST_CASE("the A block with a spike budget solves its normal equations", "[admm][aggregate][budget]") {
  // ||W a + b c − t||² + λ||a − f||² + σλ Σa: gradient 2Wᵀ(Wa + bc − t) + 2λ(a − f) + σλ = 0.
  const core::Layer next = random_layer(5, 8, 0.5F, 12, false);
  std::mt19937_64 rng(6);
  std::normal_distribution<float> n(0.0F, 1.0F);
  const Eigen::MatrixXf target = Eigen::MatrixXf::NullaryExpr(5, 30, [&] { return n(rng); });
  const Eigen::MatrixXf f = Eigen::MatrixXf::NullaryExpr(8, 30, [&] { return std::abs(n(rng)); });
  const float c = 7.0F;
  const double mu = 0.05;
  const double budget = 0.8;
  const Eigen::MatrixXf a = agg::feature_targets(next.weights, next.bias, c, target, f, mu, budget);
  const Eigen::MatrixXf m = next.weights.transpose() * next.weights;
  const auto lambda = static_cast<float>(mu * static_cast<double>(m.trace()) / 5.0);
  const Eigen::MatrixXf grad = 2.0F * next.weights.transpose() * ((next.weights * a).colwise() + next.bias * c - target) +
                               2.0F * lambda * (a - f) + Eigen::MatrixXf::Constant(8, 30, static_cast<float>(budget) * lambda);
  CHECK(grad.norm() <= kNormalTol * (2.0F * next.weights.transpose() * target).norm());
  // The price lowers the features it asks for, on every neuron and sample.
  const Eigen::MatrixXf a0 = agg::feature_targets(next.weights, next.bias, c, target, f, mu);
  CHECK(a.sum() < a0.sum());
  CHECK(agg::feature_targets(next.weights, next.bias, c, target, f, mu, 0.0) == a0);
}

TEST_CASE("a spike budget lowers the hidden firing rate of the default method", "[admm][aggregate][budget][train]") {
  core::DatasetSpec spec;
  spec.name = "fashion-mnist";
  spec.steps = 10;
  spec.max_samples = 300;
  const auto data = core::load_spikes(spec);
  spec.offset = 300;
  spec.max_samples = 100;
  const auto val = core::load_spikes(spec);
  agg::Settings s = agg::Settings::improved();
  s.hidden = {24};
  s.iterations = 5;
  const auto plain = agg::train(s, data, &val, {});
  s.spike_budget = 4.0;
  const auto budget = agg::train(s, data, &val, {});
  const double rate_plain = plain.history.back().metrics.at("hidden_rate_0");
  const double rate_budget = budget.history.back().metrics.at("hidden_rate_0");
  CHECK(rate_plain > 0.0);
  CHECK(rate_budget < rate_plain);
}

TEST_CASE("the A block's proximal weight does not grow with the width of the layer above", "[admm][aggregate]") {
  // W_next = s·I (q × q) and a 10 × q block with the same singular values: λ = μ·s² for every q.
  const double mu = 0.1;
  const double s = 1.5;
  for (const Eigen::Index q : {10, 256}) {
    CHECK(agg::a_block_lambda(static_cast<double>(q) * s * s, q, q, mu) == Approx(mu * s * s).epsilon(kLambdaRelTol));
    CHECK(agg::a_block_lambda(10.0 * s * s, 10, q, mu) == Approx(mu * s * s).epsilon(kLambdaRelTol));
  }
}

TEST_CASE("the W block solves the proximal ridge normal equations", "[admm][aggregate]") {
  std::mt19937_64 rng(9);
  std::normal_distribution<float> n(0.0F, 1.0F);
  const Eigen::MatrixXf x = Eigen::MatrixXf::NullaryExpr(6, 50, [&] { return std::abs(n(rng)); });
  const Eigen::MatrixXf target = Eigen::MatrixXf::NullaryExpr(4, 50, [&] { return n(rng); });
  const float c = 3.0F;
  core::Layer layer = random_layer(4, 6, 0.3F, 2);
  const core::Layer before = layer;
  const Eigen::MatrixXd g = agg::augmented_gram(x, c, trainer::local_reducer());
  double nu_m = 0.0;
  const Eigen::MatrixXd inv = agg::proximal_inverse(g, 0.1, 0.0, &nu_m);
  CHECK(nu_m == Approx(0.1 * g.diagonal().mean()));
  agg::fit_weights(layer, agg::augmented_cross(target, x, c, trainer::local_reducer()), inv, nu_m);
  // Gradient of ||[W b][x; c] − R||² + ν m ||[W b] − [W b]_before||² must vanish.
  Eigen::MatrixXd xa(7, 50);
  xa.topRows(6) = x.cast<double>();
  xa.row(6).setConstant(c);
  Eigen::MatrixXd wb(4, 7);
  wb.leftCols(6) = layer.weights.cast<double>();
  wb.col(6) = layer.bias.cast<double>();
  Eigen::MatrixXd wb0(4, 7);
  wb0.leftCols(6) = before.weights.cast<double>();
  wb0.col(6) = before.bias.cast<double>();
  const Eigen::MatrixXd grad = (wb * xa - target.cast<double>()) * xa.transpose() + nu_m * (wb - wb0);
  CHECK(grad.norm() <= static_cast<double>(kNormalTol) * (target.cast<double>() * xa.transpose()).norm());
}

TEST_CASE("the aggregate lever raises accuracy over its random start on rate-coded images", "[admm][aggregate][train]") {
  // 400 Fashion-MNIST images (the dataset the lever is designed for: rate coding), hidden 32, T = 10.
  core::DatasetSpec spec;
  spec.name = "fashion-mnist";
  spec.steps = 10;
  spec.max_samples = 400;
  const auto data = core::load_spikes(spec);
  agg::Settings s = agg::Settings::improved();
  s.hidden = {32};
  REQUIRE(s.aggregate);
  s.iterations = 8;
  const auto r = agg::train(s, data, nullptr, {});
  REQUIRE(r.history.size() == 9);
  const auto& start = r.history.front().metrics;
  const auto& end = r.history.back().metrics;
  CHECK(end.at("train_acc") > start.at("train_acc"));
  CHECK(end.at("loss") < start.at("loss"));
  const auto again = agg::train(s, data, nullptr, {});
  for (std::size_t l = 0; l < r.net.layers.size(); ++l) CHECK(r.net.layers[l].weights == again.net.layers[l].weights);
}

TEST_CASE("the aggregate lever needs the random init", "[admm][aggregate][settings]") {
  agg::Settings s = agg::Settings::improved();
  s.hidden = {4};
  s.init = agg::Init::zero;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("aggregate"));
  s.init = agg::Init::random;
  s.agg_mu = 0.0;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("agg_mu = 0"));
  s.agg_mu = 0.1;
  s.spike_budget = -0.5;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("spike_budget = -0.5"));
  s.spike_budget = 0.5;
  s.aggregate = false;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("spike_budget = 0.5"));
}

// Grid splitting of the aggregate method (trainer/admm/aggregate/grid.hpp): the W and output
// blocks with the grid term solve their normal equations, the V block is the nearest grid point
// (brute force over the neighbours), the dual update and the continuation keep ρU, and training
// from scratch returns a network exactly on the grid, hidden biases included.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/admm/aggregate/blocks.hpp"
#include "trainer/admm/aggregate/grid.hpp"

using namespace spikeforge;
namespace agg = spikeforge::trainer::admm;

namespace {

// Normal-equation residuals of float32 weights (the result is stored as float) against double
// sums of O(100) terms, relative to the rhs norm: float rounding of the result, ~1e-7 · cond.
constexpr double kNormalTol = 1e-4;
// Float sums of two O(1) numbers: a few ulps.
constexpr float kUlpTol = 1e-6F;

constexpr float kStep = 0.0625F;  // the toy grid: multiples of 1/16 (weights and biases), exact in float

trainer::WeightProjection toy_grid() {
  trainer::WeightProjection p;
  p.project = [](std::size_t, Eigen::MatrixXf& w, Eigen::VectorXf& b) {
    w = (w / kStep).array().round() * kStep;
    b = (b / kStep).array().round() * kStep;
  };
  return p;
}

core::Layer random_layer(int out, int in, float scale, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> n(0.0F, 1.0F);
  core::Layer l;
  l.weights = Eigen::MatrixXf::NullaryExpr(out, in, [&] { return scale * n(rng); });
  l.bias = Eigen::VectorXf::NullaryExpr(out, [&] { return scale * n(rng); });
  return l;
}

Eigen::MatrixXd joined(const core::Layer& l) {
  Eigen::MatrixXd wb(l.weights.rows(), l.weights.cols() + 1);
  wb.leftCols(l.weights.cols()) = l.weights.cast<double>();
  wb.col(l.weights.cols()) = l.bias.cast<double>();
  return wb;
}

Eigen::MatrixXd augmented(const Eigen::MatrixXf& x, float c) {
  Eigen::MatrixXd xa(x.rows() + 1, x.cols());
  xa.topRows(x.rows()) = x.cast<double>();
  xa.row(x.rows()).setConstant(c);
  return xa;
}

// 300 Fashion-MNIST samples at T = 8 and a 24-neuron default method that trains on them in a second.
core::SpikeBatch small_fashion_mnist() {
  core::DatasetSpec spec;
  spec.name = "fashion-mnist";
  spec.steps = 8;
  spec.max_samples = 300;
  return core::load_spikes(spec);
}

agg::Settings small_grid_settings() {
  agg::Settings s = agg::Settings::improved();
  s.hidden = {24};
  s.iterations = 6;
  s.quant_rho_growth = 1.2;
  return s;
}

}  // namespace

TEST_CASE("grid splitting: the W block with the grid term solves its normal equations", "[admm][aggregate][grid]") {
  std::mt19937_64 rng(9);
  std::normal_distribution<float> n(0.0F, 1.0F);
  const Eigen::MatrixXf x = Eigen::MatrixXf::NullaryExpr(6, 50, [&] { return std::abs(n(rng)); });
  const Eigen::MatrixXf target = Eigen::MatrixXf::NullaryExpr(4, 50, [&] { return n(rng); });
  const float c = 3.0F;
  core::Layer layer = random_layer(4, 6, 0.3F, 2);
  const core::Layer before = layer;
  agg::AggregateGrid g = agg::start_grid(toy_grid(), {layer}, {2.0}, 0.5);
  g.u[0] = random_layer(4, 6, 0.1F, 5);  // a non-zero dual
  REQUIRE(g.rho[0] == 1.0);
  const Eigen::MatrixXd gram = agg::augmented_gram(x, c, trainer::local_reducer());
  double nu_m = 0.0;
  const double nu = 0.1;
  const double omega = 0.05;
  const Eigen::MatrixXd inv = agg::proximal_inverse_plus(gram, nu, omega, g.rho[0], &nu_m);
  const Eigen::MatrixXd cross = agg::augmented_cross(target, x, c, trainer::local_reducer()) + agg::grid_pull(g, 0);
  agg::fit_weights(layer, cross, inv, nu_m);
  // Gradient of ||[W b]X̃ − R||² + ν m ||[W b] − now||² + ω m ||[W b]||² + ρ ||[W b] − V + U||² (halved).
  const Eigen::MatrixXd xa = augmented(x, c);
  const double m = gram.diagonal().mean();
  const Eigen::MatrixXd wb = joined(layer);
  const Eigen::MatrixXd grad = (wb * xa - target.cast<double>()) * xa.transpose() + nu * m * (wb - joined(before)) +
                               omega * m * wb + g.rho[0] * (wb - joined(g.v[0]) + joined(g.u[0]));
  CHECK(grad.norm() <= kNormalTol * (target.cast<double>() * xa.transpose()).norm());
  // Without the grid term (ρ = 0) the same call is the plain block.
  double nu_m2 = 0.0;
  CHECK((agg::proximal_inverse_plus(gram, nu, omega, 0.0, &nu_m2) - agg::proximal_inverse(gram, nu, omega, &nu_m)).norm() == 0.0);
}

TEST_CASE("grid splitting: the output block with the grid term solves its normal equations", "[admm][aggregate][grid]") {
  std::mt19937_64 rng(4);
  std::normal_distribution<float> n(0.0F, 1.0F);
  const Eigen::MatrixXf f = Eigen::MatrixXf::NullaryExpr(8, 60, [&] { return std::abs(n(rng)); });
  std::vector<int> labels(60);
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = static_cast<int>(i % 3);
  const float c = 2.5F;
  const double gamma = 0.02;
  agg::AggregateGrid g = agg::start_grid(toy_grid(), {random_layer(3, 8, 0.4F, 1)}, {1.0}, 0.7);
  g.u[0] = random_layer(3, 8, 0.1F, 6);
  const core::Layer out = agg::fit_output_on_grid(f, labels, 3, c, 0.9, gamma, agg::grid_pull(g, 0), g.rho[0],
                                                  trainer::local_reducer());
  CHECK(!out.neuron.spiking);
  CHECK(out.neuron.leak == 0.9F);
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(3, 60);
  for (std::size_t i = 0; i < labels.size(); ++i) y(labels[i], static_cast<Eigen::Index>(i)) = 1.0;
  const Eigen::MatrixXd fa = augmented(f, c);
  const double m = (fa * fa.transpose()).diagonal().mean();
  const Eigen::MatrixXd wb = joined(out);
  const Eigen::MatrixXd grad = (wb * fa - y) * fa.transpose() + gamma * m * wb + g.rho[0] * (wb - joined(g.v[0]) + joined(g.u[0]));
  CHECK(grad.norm() <= kNormalTol * (y * fa.transpose()).norm());
}

TEST_CASE("grid splitting: the V block is the nearest grid point and the dual adds the residual", "[admm][aggregate][grid]") {
  const core::Layer w0 = random_layer(5, 7, 0.6F, 3);
  agg::AggregateGrid g = agg::start_grid(toy_grid(), {w0}, {1.0}, 1.0);
  REQUIRE(g.u[0].weights.isZero());
  g.u[0] = random_layer(5, 7, 0.2F, 8);
  const core::Layer u_before = g.u[0];
  const core::Layer w = random_layer(5, 7, 0.6F, 4);
  agg::update_grid(g, 0, w);
  const Eigen::MatrixXf sum = w.weights + u_before.weights;
  for (Eigen::Index i = 0; i < sum.size(); ++i) {
    const float v = g.v[0].weights.data()[i];
    CHECK(std::fmod(std::abs(v), kStep) == 0.0F);  // on the grid
    // Brute force over the neighbouring grid points: none is nearer to W + U.
    for (const float other : {v - kStep, v + kStep}) CHECK(std::abs(sum.data()[i] - v) <= std::abs(sum.data()[i] - other));
  }
  CHECK((g.u[0].weights - (u_before.weights + w.weights - g.v[0].weights)).cwiseAbs().maxCoeff() <= kUlpTol);
  CHECK((g.u[0].bias - (u_before.bias + w.bias - g.v[0].bias)).cwiseAbs().maxCoeff() <= kUlpTol);
  // The continuation keeps the unscaled dual ρU.
  const Eigen::MatrixXf rho_u = static_cast<float>(g.rho[0]) * g.u[0].weights;
  agg::grow_grid(g, 2.0);
  CHECK(g.rho[0] == 2.0);
  CHECK((static_cast<float>(g.rho[0]) * g.u[0].weights - rho_u).cwiseAbs().maxCoeff() <= kUlpTol);
  CHECK(agg::grid_residual(g, {g.v[0]}) == 0.0);
}

TEST_CASE("grid splitting: the V block's scale search picks the nearest candidate (brute force)", "[admm][aggregate][grid]") {
  // A grid like the chip's: ternary {−q, 0, q} with q = max|w| of what it is given (biases kept).
  trainer::WeightProjection ternary;
  ternary.project = [](std::size_t, Eigen::MatrixXf& w, Eigen::VectorXf&) {
    const float q = w.cwiseAbs().maxCoeff();
    if (q > 0.0F) w = (w / q).array().round() * q;
  };
  core::Layer x = random_layer(6, 30, 0.2F, 13);
  x.weights(2, 3) = 1.0F;  // one outlier (5 σ): Π alone rounds nearly everything else to 0
  const int scales = 16;
  const core::Layer v = agg::nearest_over_scales(ternary, 0, x, scales);
  auto dist = [&](const core::Layer& a) { return (a.weights - x.weights).cast<double>().squaredNorm(); };
  core::Layer plain = x;
  ternary.project(0, plain.weights, plain.bias);
  CHECK(dist(v) < dist(plain));
  // Brute force over the same candidates: none is nearer.
  const float top = x.weights.cwiseAbs().maxCoeff();
  for (int j = 0; j < scales; ++j) {
    const float tau = top * std::exp2(-static_cast<float>(j) / agg::kScalesPerOctave);
    core::Layer c = x;
    c.weights = x.weights.cwiseMax(-tau).cwiseMin(tau);
    ternary.project(0, c.weights, c.bias);
    CHECK(dist(v) <= dist(c));
  }
  // The result is on the grid (a fixed point of the projection).
  core::Layer again = v;
  ternary.project(0, again.weights, again.bias);
  CHECK(again.weights == v.weights);
  // scales = 1 is the projection alone.
  CHECK(agg::nearest_over_scales(ternary, 0, x, 1).weights == plain.weights);
}

TEST_CASE("grid splitting: the default method trains from scratch onto the grid, biases included", "[admm][aggregate][grid][train]") {
  const auto data = small_fashion_mnist();
  agg::Settings s = small_grid_settings();
  s.quant_warmup = 0;  // on the grid from the start
  trainer::FineTune ft;
  ft.projection = toy_grid();
  const auto r = agg::train(s, data, nullptr, {}, {}, trainer::local_reducer(), {}, ft);
  CHECK(r.method == "admm-aggregate + grid splitting (scaled-dual ADMM on W = V)");
  CHECK(r.method == agg::method_name(s, ft));
  REQUIRE(r.net.layers.size() == 2);
  bool some_bias = false;
  for (std::size_t l = 0; l < r.net.layers.size(); ++l) {
    core::Layer projected = r.net.layers[l];
    ft.projection.project(l, projected.weights, projected.bias);
    CHECK(projected.weights == r.net.layers[l].weights);  // exactly on the grid
    CHECK(projected.bias == r.net.layers[l].bias);
    some_bias = some_bias || !r.net.layers[l].bias.isZero();
  }
  CHECK(some_bias);
  CHECK(r.history.back().metrics.count("grid_res") == 1);
  // shape_network: the same layers with zero weights, for building a grid before training.
  const core::FloatNetwork shape = agg::shape_network(s, data.inputs(), data.classes());
  REQUIRE(shape.layers.size() == r.net.layers.size());
  for (std::size_t l = 0; l < shape.layers.size(); ++l) {
    CHECK(shape.layers[l].weights.rows() == r.net.layers[l].weights.rows());
    CHECK(shape.layers[l].weights.cols() == r.net.layers[l].weights.cols());
    CHECK(shape.layers[l].weights.isZero());
    CHECK(shape.layers[l].neuron.spiking == r.net.layers[l].neuron.spiking);
  }
  // It learns something on the grid: above chance (10 classes) on its own training set.
  const auto& last = r.history.back().metrics;
  INFO("start " << r.history.front().metrics.at("grid_train_acc") << " end " << last.at("grid_train_acc"));
  CHECK(last.at("grid_train_acc") > 0.5);  // chance is 0.1
  CHECK(last.at("grid_train_acc") > r.history.front().metrics.at("grid_train_acc"));  // the iterations help
  // Without a projection the same settings name the penalty method.
  CHECK(agg::method_name(s) == "admm-aggregate (penalty block-coordinate)");
  // Checkpoints are refused with a projection.
  agg::CheckpointOptions cp;
  cp.path = "unused.ckpt";
  cp.every = 1;
  CHECK_THROWS_AS(agg::train(s, data, nullptr, {}, cp, trainer::local_reducer(), {}, ft), core::ConfigError);
}

TEST_CASE("grid splitting: a warm-up trains in float first, then returns a network on the grid", "[admm][aggregate][grid][train]") {
  const auto data = small_fashion_mnist();
  agg::Settings s = small_grid_settings();
  s.quant_warmup = 3;
  trainer::FineTune ft;
  ft.projection = toy_grid();
  const auto r = agg::train(s, data, nullptr, {}, {}, trainer::local_reducer(), {}, ft);
  const auto plain = agg::train(s, data, nullptr, {}, {}, trainer::local_reducer(), {});  // no grid at all
  REQUIRE(r.history.size() == 7);  // the start, then every iteration
  for (const auto& h : r.history) {
    INFO("iteration " << h.iteration);
    // The splitting starts at iteration quant_warmup + 1; before, the loop is the float method's, bit for bit.
    CHECK(h.metrics.count("grid_res") == (h.iteration > s.quant_warmup ? 1U : 0U));
    if (h.iteration <= s.quant_warmup) {
      const auto& f = plain.history[static_cast<std::size_t>(h.iteration)].metrics;
      CHECK(h.metrics.at("train_acc") == f.at("train_acc"));
      CHECK(h.metrics.at("loss") == f.at("loss"));
    }
  }
  for (std::size_t l = 0; l < r.net.layers.size(); ++l) {  // keep-best never returns a warm-up (float) network
    core::Layer projected = r.net.layers[l];
    ft.projection.project(l, projected.weights, projected.bias);
    CHECK(projected.weights == r.net.layers[l].weights);
    CHECK(projected.bias == r.net.layers[l].bias);
  }
  CHECK(r.history.back().metrics.at("grid_train_acc") > 0.5);  // chance is 0.1
  // The default (−1) is half the iterations; the warm-up must leave iterations on the grid.
  CHECK(agg::Settings{}.quant_warmup == -1);
  CHECK(agg::Settings{}.grid_warmup() == agg::Settings{}.iterations / 2);
  s.quant_warmup = -1;
  CHECK(s.grid_warmup() == 3);
  s.quant_warmup = s.iterations;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("quant_warmup = 6"));
  s.quant_warmup = -2;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("quant_warmup = -2"));
}

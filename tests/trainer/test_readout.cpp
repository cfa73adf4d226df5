// The readout baseline: rate calibration, the ridge fit, and agreement with the float simulator.
#include <catch2/catch.hpp>

#include "core/datasets/synthetic.hpp"
#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "trainer/readout/readout.hpp"

using namespace spikeforge;

namespace {
// Bisection on 64 samples: the achieved mean rate is within 20% of the target (rates are discrete).
constexpr double kRateRelTol = 0.2;
// Normal equations of the ridge fit in float32 over 64 samples.
constexpr double kNormalEqTol = 1e-3;
}  // namespace

TEST_CASE("random hidden layers fire near the target rate", "[readout]") {
  const auto data = core::load_synthetic("train", 12, 1, 0, 64);
  std::vector<double> scales;
  const auto layers = trainer::readout::random_hidden_layers({24, 16}, data.inputs(), 0.95, 1.0, core::ResetMode::subtract,
                                                             0.1, 7, data, &scales);
  REQUIRE(scales.size() == 2);
  core::FloatNetwork net;
  net.layers = layers;
  const auto sim = core::simulate(net, data);
  for (std::size_t l = 0; l < 2; ++l) {
    const double rate = sim.spike_counts[l].sum() / (static_cast<double>(sim.spike_counts[l].size()) * 64.0 * 12.0);
    CHECK(std::abs(rate - 0.1) < kRateRelTol * 0.1);
  }
}

TEST_CASE("ridge readout solves its normal equations and predicts like the simulator", "[readout]") {
  const auto data = core::load_synthetic("train", 12, 1, 0, 64);
  trainer::readout::Settings s;
  s.hidden = {24};
  s.gamma = 1e-2;
  const auto r = trainer::readout::train(s, data, {});
  REQUIRE(r.net.layers.size() == 2);
  const auto hidden = std::vector<core::Layer>{r.net.layers[0]};
  const Eigen::MatrixXf f = trainer::readout::discounted_features(hidden, data, s.leak);
  // Normal equations on the augmented features [f; c]: (W b)(F Fᵀ + γ' I) = Y Fᵀ.
  double c = 0.0;
  for (int t = 0; t < 12; ++t) c = s.leak * c + 1.0;
  Eigen::MatrixXd fa(f.rows() + 1, f.cols());
  fa.topRows(f.rows()) = f.cast<double>();
  fa.row(f.rows()).setConstant(c);
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(data.classes(), f.cols());
  for (Eigen::Index i = 0; i < f.cols(); ++i) y(data.label(static_cast<std::size_t>(i)), i) = 1.0;
  Eigen::MatrixXd w(data.classes(), f.rows() + 1);
  w.leftCols(f.rows()) = r.net.layers[1].weights.cast<double>();
  w.col(f.rows()) = r.net.layers[1].bias.cast<double>();
  Eigen::MatrixXd g = fa * fa.transpose();
  g.diagonal().array() += s.gamma * g.diagonal().mean();
  CHECK((w * g - y * fa.transpose()).cwiseAbs().maxCoeff() < kNormalEqTol * (1.0 + (y * fa.transpose()).cwiseAbs().maxCoeff()));
  // Feature-based predictions are the simulator's predictions.
  const auto sim = core::simulate(r.net, data);
  CHECK(trainer::readout::predict_from_features(r.net.layers[1], f, 12) == sim.predictions);
  CHECK(r.history.at(0).metrics.at("train_acc") == core::accuracy(sim.predictions, data.labels()));
  CHECK(core::accuracy(sim.predictions, data.labels()) > 0.5);  // chance is 0.25
}

TEST_CASE("readout settings are validated", "[readout]") {
  trainer::readout::Settings s;
  CHECK_THROWS_AS(s.validate(), core::ConfigError);  // no hidden layer
  s.hidden = {4};
  s.target_rate = 1.5;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("target_rate = 1.5"));
}

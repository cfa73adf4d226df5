#include "trainer/readout/readout.hpp"

#include <chrono>
#include <cmath>
#include <random>
#include <sstream>

#include <omp.h>

#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "trainer/linalg.hpp"

namespace spikeforge::trainer::readout {
namespace {

constexpr std::size_t kChunk = 1024;          // samples simulated together (memory ∝ chunk)
constexpr std::size_t kCalibrationSamples = 512;
constexpr int kBisectionSteps = 20;

[[noreturn]] void fail(const std::string& field, double value, const std::string& rule) {
  std::ostringstream os;
  os << "readout: " << field << " = " << value << " " << rule;
  throw core::ConfigError(os.str());
}

core::FloatNetwork hidden_net(const std::vector<core::Layer>& hidden) {
  core::FloatNetwork net;
  net.layers = hidden;
  return net;
}

/// Mean firing rate [spikes/step] of the last layer of `hidden` on `data` (every rank's part of it).
double mean_rate(const std::vector<core::Layer>& hidden, const core::SpikeBatch& data, const Reducer& reducer) {
  double sums[2] = {0.0, static_cast<double>(data.size())};  // spikes, samples (exact integers)
  if (!data.empty()) sums[0] = core::simulate(hidden_net(hidden), data).spike_counts.back().sum();
  reducer.sum(sums, 2);
  const auto neurons = static_cast<double>(hidden.back().outputs());
  return sums[0] / (neurons * sums[1] * data.steps());
}

}  // namespace

void Settings::validate() const {
  if (hidden.empty()) throw core::ConfigError("readout: hidden = [] must list at least one hidden layer");
  for (std::size_t i = 0; i < hidden.size(); ++i)
    if (hidden[i] <= 0) fail("hidden[" + std::to_string(i) + "]", hidden[i], "must be > 0");
  if (!(leak > 0.0 && leak <= 1.0)) fail("leak", leak, "must be in (0, 1]");
  if (!(threshold > 0.0) || !std::isfinite(threshold)) fail("threshold", threshold, "must be > 0");
  if (!(gamma >= 0.0) || !std::isfinite(gamma)) fail("gamma", gamma, "must be >= 0");
  if (!(target_rate > 0.0 && target_rate < 1.0)) fail("target_rate", target_rate, "must be in (0, 1)");
  if (threads < 0) fail("threads", threads, "must be >= 0");
}

std::vector<core::Layer> random_hidden_layers(const std::vector<int>& hidden, int inputs, double leak, double threshold,
                                              core::ResetMode reset, double target_rate, std::uint64_t seed,
                                              const core::SpikeBatch& data, std::vector<double>* scales,
                                              const Reducer& reducer, std::size_t first_sample) {
  std::mt19937_64 rng(seed ^ 0x5eedf00dULL);
  std::normal_distribution<float> normal(0.0F, 1.0F);
  // This rank's part of the global calibration samples [0, kCalibrationSamples).
  const std::size_t calib_count =
      first_sample < kCalibrationSamples ? std::min(data.size(), kCalibrationSamples - first_sample) : 0;
  const core::SpikeBatch calib = data.slice(0, calib_count);
  std::vector<core::Layer> layers;
  int prev = inputs;
  for (const int n : hidden) {
    core::Layer layer;
    layer.weights.resize(n, prev);
    for (Eigen::Index c = 0; c < layer.weights.cols(); ++c)
      for (Eigen::Index r = 0; r < n; ++r) layer.weights(r, c) = normal(rng);
    layer.bias = Eigen::VectorXf::Zero(n);
    layer.neuron.leak = static_cast<float>(leak);
    layer.neuron.v_thresh = static_cast<float>(threshold);
    layer.neuron.reset = reset;
    layer.neuron.spiking = true;
    const Eigen::MatrixXf base = layer.weights;
    layers.push_back(layer);
    // The rate grows with the scale: bisect log(scale) for the target rate.
    double lo = std::log(1e-4);
    double hi = std::log(1e3);
    for (int i = 0; i < kBisectionSteps; ++i) {
      const double mid = 0.5 * (lo + hi);
      layers.back().weights = base * static_cast<float>(std::exp(mid));
      (mean_rate(layers, calib, reducer) < target_rate ? lo : hi) = mid;
    }
    const double scale = std::exp(0.5 * (lo + hi));
    layers.back().weights = base * static_cast<float>(scale);
    if (scales) scales->push_back(scale);
    prev = n;
  }
  return layers;
}

std::vector<Eigen::MatrixXf> layer_features(const std::vector<core::Layer>& hidden, const core::SpikeBatch& data,
                                            double leak) {
  const core::FloatNetwork net = hidden_net(hidden);
  const int T = data.steps();
  const auto d = static_cast<float>(leak);
  std::vector<Eigen::MatrixXf> f;
  for (const auto& layer : hidden) f.emplace_back(layer.outputs(), static_cast<Eigen::Index>(data.size()));
  core::SimOptions opt;
  opt.record_spikes = true;
  for (std::size_t first = 0; first < data.size(); first += kChunk) {
    const std::size_t count = std::min(kChunk, data.size() - first);
    const auto sim = core::simulate(net, data.slice(first, count), opt);
    for (std::size_t l = 0; l < hidden.size(); ++l) {
      Eigen::MatrixXf acc = Eigen::MatrixXf::Zero(hidden[l].outputs(), static_cast<Eigen::Index>(count));
      for (int t = 0; t < T; ++t) acc = d * acc + sim.spikes[l][static_cast<std::size_t>(t)];
      f[l].middleCols(static_cast<Eigen::Index>(first), static_cast<Eigen::Index>(count)) = acc;
    }
  }
  return f;
}

Eigen::MatrixXf discounted_features(const std::vector<core::Layer>& hidden, const core::SpikeBatch& data, double leak) {
  return std::move(layer_features(hidden, data, leak).back());
}

core::Layer fit_output_on_features(const Eigen::MatrixXf& f, const std::vector<int>& labels, int classes, int steps,
                                   double leak, double gamma, const Reducer& reducer) {
  double c = 0.0;
  for (int t = 0; t < steps; ++t) c = leak * c + 1.0;
  const Eigen::Index n = f.rows();
  const Eigen::Index m = f.cols();
  Eigen::MatrixXd fa(n + 1, m);
  fa.topRows(n) = f.cast<double>();
  fa.row(n).setConstant(c);
  Eigen::MatrixXd y = Eigen::MatrixXd::Zero(classes, m);
  for (Eigen::Index i = 0; i < m; ++i) y(labels[static_cast<std::size_t>(i)], i) = 1.0;
  Eigen::MatrixXd g = fa * fa.transpose();
  Eigen::MatrixXd cross = y * fa.transpose();
  reducer.sum_matrix(g);
  reducer.sum_matrix(cross);
  const double ridge = gamma * g.diagonal().mean();
  const Eigen::MatrixXd w = cross * spd_inverse(g, ridge).cast<double>();
  core::Layer out;
  out.weights = w.leftCols(n).cast<float>();
  out.bias = w.col(n).cast<float>();  // the integrator adds b every step: b·c at T
  out.neuron.leak = static_cast<float>(leak);
  out.neuron.spiking = false;
  return out;
}

std::vector<int> predict_from_features(const core::Layer& output, const Eigen::MatrixXf& f, int steps) {
  float c = 0.0F;
  for (int t = 0; t < steps; ++t) c = output.neuron.leak * c + 1.0F;
  const Eigen::MatrixXf v = (output.weights * f).colwise() + output.bias * c;
  std::vector<int> pred(static_cast<std::size_t>(f.cols()));
  for (Eigen::Index i = 0; i < v.cols(); ++i) {
    Eigen::Index k = 0;
    v.col(i).maxCoeff(&k);
    pred[static_cast<std::size_t>(i)] = static_cast<int>(k);
  }
  return pred;
}

core::Layer fit_output_layer(const std::vector<core::Layer>& hidden, const core::SpikeBatch& data, double leak,
                             double gamma) {
  return fit_output_on_features(discounted_features(hidden, data, leak), data.labels(), data.classes(), data.steps(),
                                leak, gamma);
}

Result train(const Settings& settings, const core::SpikeBatch& train, const ProgressFn& progress, const Reducer& reducer,
             SampleShard shard) {
  settings.validate();
  if (train.empty()) throw core::ConfigError("readout: the training set is empty");
  if (settings.threads > 0) {
    omp_set_num_threads(settings.threads);
    Eigen::setNbThreads(settings.threads);
  }
  const auto t0 = std::chrono::steady_clock::now();
  auto seconds = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  Result r;
  auto hidden = random_hidden_layers(settings.hidden, train.inputs(), settings.leak, settings.threshold, settings.reset,
                                     settings.target_rate, settings.seed, train, &r.layer_scales, reducer, shard.first);
  const double t_init = seconds();
  const Eigen::MatrixXf f = discounted_features(hidden, train, settings.leak);
  const double t_features = seconds();
  core::Layer out =
      fit_output_on_features(f, train.labels(), train.classes(), train.steps(), settings.leak, settings.gamma, reducer);
  const double train_acc = sharded_accuracy(predict_from_features(out, f, train.steps()), train.labels(), reducer);
  r.net.layers = std::move(hidden);
  r.net.layers.push_back(std::move(out));
  r.seconds = seconds();
  HistoryRecord rec;
  rec.iteration = 1;
  rec.seconds = r.seconds;
  rec.metrics = {{"train_acc", train_acc},
                 {"time_init_s", t_init},
                 {"time_features_s", t_features - t_init},
                 {"time_fit_s", r.seconds - t_features}};
  r.history.push_back(rec);
  if (progress) progress(TrainProgress{"readout", 1, 1, r.seconds, 0.0, {{"train_acc", train_acc}}});
  return r;
}

}  // namespace spikeforge::trainer::readout

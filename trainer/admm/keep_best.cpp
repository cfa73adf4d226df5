#include "trainer/admm/keep_best.hpp"

#include <string>

#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "trainer/admm/aggregate/feature_pass.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::trainer::admm {
namespace {

std::string key(const char* what, std::size_t l) { return std::string(what) + "/" + std::to_string(l); }

}  // namespace

double accuracy_of(const std::vector<core::Layer>& layers, const core::SpikeBatch& data, const Reducer& reducer) {
  return accuracy_and_rates(layers, data, reducer).accuracy;
}

Scored accuracy_and_rates(const std::vector<core::Layer>& layers, const core::SpikeBatch& data, const Reducer& reducer,
                          bool reference) {
  std::vector<int> predictions;
  std::vector<Eigen::VectorXd> spike_counts;
  if (reference || layers.empty() || layers.back().neuron.spiking) {
    core::FloatNetwork net;
    net.layers = layers;
    core::SimResult sim = core::simulate(net, data);
    predictions = std::move(sim.predictions);
    spike_counts = std::move(sim.spike_counts);
  } else {
    FeaturePass pass = feature_pass(layers, data, layers.front().neuron.leak);
    predictions = std::move(pass.predictions);
    spike_counts = std::move(pass.spike_counts);
  }
  Scored out;
  out.accuracy = sharded_accuracy(predictions, data.labels(), reducer);
  for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
    double sums[2] = {spike_counts[l].sum(),
                      static_cast<double>(layers[l].outputs()) * static_cast<double>(data.size()) * data.steps()};
    reducer.sum(sums, 2);
    out.hidden_rates.push_back(sums[1] > 0.0 ? sums[0] / sums[1] : 0.0);
  }
  return out;
}

void KeepBest::consider(double value, int at, const std::vector<core::Layer>& net) {
  if (value > score) {
    score = value;
    iteration = at;
    layers = net;
    checks_without_gain = 0;
  } else {
    ++checks_without_gain;
  }
}

void put_layers(Checkpoint& cp, const std::string& prefix, const std::vector<core::Layer>& layers) {
  cp.put_int(prefix + "_layers", static_cast<std::int64_t>(layers.size()));
  for (std::size_t l = 0; l < layers.size(); ++l) {
    cp.put_matrix(key((prefix + "_w").c_str(), l), layers[l].weights);
    const Eigen::VectorXf& b = layers[l].bias;
    cp.put_floats(key((prefix + "_b").c_str(), l), std::span<const float>(b.data(), static_cast<std::size_t>(b.size())));
  }
}

std::vector<core::Layer> get_layers(const Checkpoint& cp, const std::string& prefix, const Settings& s, bool output_last) {
  const auto n = static_cast<std::size_t>(cp.get_int(prefix + "_layers"));
  std::vector<core::Layer> layers;
  for (std::size_t l = 0; l < n; ++l) {
    core::Layer layer;
    layer.weights = cp.matrix(key((prefix + "_w").c_str(), l));
    const std::string bias_key = key((prefix + "_b").c_str(), l);
    const auto b = cp.floats(bias_key);
    if (static_cast<Eigen::Index>(b.size()) != layer.weights.rows())
      throw core::InputError("checkpoint: " + cp.source() + ": '" + bias_key + "' has " + std::to_string(b.size()) +
                             " entries for " + std::to_string(layer.weights.rows()) + " neurons");
    layer.bias = Eigen::Map<const Eigen::VectorXf>(b.data(), static_cast<Eigen::Index>(b.size()));
    layer.neuron.leak = static_cast<float>(s.leak);
    layer.neuron.v_thresh = static_cast<float>(s.threshold);
    layer.neuron.reset = s.reset;
    layer.neuron.spiking = !(output_last && l + 1 == n);
    layers.push_back(std::move(layer));
  }
  return layers;
}

void KeepBest::save(Checkpoint& cp) const {
  cp.put_double("best_score", score);
  cp.put_int("best_iteration", iteration);
  cp.put_int("checks_without_gain", checks_without_gain);
  put_layers(cp, "best", layers);
}

void KeepBest::load(const Checkpoint& cp, const Settings& s) {
  score = cp.get_double("best_score");
  iteration = static_cast<int>(cp.get_int("best_iteration"));
  checks_without_gain = static_cast<int>(cp.get_int("checks_without_gain"));
  layers = get_layers(cp, "best", s, true);
}

}  // namespace spikeforge::trainer::admm

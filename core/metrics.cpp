#include "core/metrics.hpp"

#include <string>

#include "core/errors.hpp"

namespace spikeforge::core {

namespace {
void check_sizes(const std::vector<int>& predictions, const std::vector<int>& labels) {
  if (predictions.size() != labels.size()) {
    throw ConfigError("metrics: " + std::to_string(predictions.size()) + " predictions but " +
                      std::to_string(labels.size()) + " labels");
  }
}
}  // namespace

double accuracy(const std::vector<int>& predictions, const std::vector<int>& labels) {
  check_sizes(predictions, labels);
  if (labels.empty()) return 0.0;
  std::size_t correct = 0;
  for (std::size_t k = 0; k < labels.size(); ++k) correct += predictions[k] == labels[k] ? 1U : 0U;
  return static_cast<double>(correct) / static_cast<double>(labels.size());
}

Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> confusion_matrix(const std::vector<int>& predictions,
                                                                             const std::vector<int>& labels, int classes) {
  check_sizes(predictions, labels);
  if (classes <= 0) throw ConfigError("metrics: classes = " + std::to_string(classes) + " must be > 0");
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> m =
      Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>::Zero(classes, classes);
  for (std::size_t k = 0; k < labels.size(); ++k) {
    const int y = labels[k];
    const int p = predictions[k];
    if (y < 0 || y >= classes || p < 0 || p >= classes) {
      throw ConfigError("metrics: sample " + std::to_string(k) + " has label " + std::to_string(y) + " and prediction " +
                        std::to_string(p) + ", outside [0, " + std::to_string(classes) + ")");
    }
    ++m(y, p);
  }
  return m;
}

std::vector<LayerRate> firing_rates(const std::vector<Eigen::VectorXd>& spike_counts, std::size_t samples, int steps) {
  if (steps <= 0) throw ConfigError("metrics: steps = " + std::to_string(steps) + " must be > 0");
  std::vector<LayerRate> rates(spike_counts.size());
  for (std::size_t l = 0; l < spike_counts.size(); ++l) {
    LayerRate& r = rates[l];
    r.per_neuron = Eigen::VectorXd::Zero(spike_counts[l].size());
    if (samples == 0 || spike_counts[l].size() == 0) continue;
    r.per_neuron = spike_counts[l] / (static_cast<double>(samples) * static_cast<double>(steps));
    r.mean = r.per_neuron.mean();
  }
  return rates;
}

}  // namespace spikeforge::core

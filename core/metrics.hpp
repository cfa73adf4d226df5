// Classification and activity metrics computed from a simulation's results.
//
//   accuracy          fraction of samples with prediction == label, in [0, 1] (0 for no samples)
//   confusion_matrix  classes × classes counts, rows = true label, columns = prediction
//   firing_rates      spikes per neuron per step, averaged over samples (units: spikes/step),
//                     per layer: the mean over the layer's neurons and the per-neuron rates
// Inputs come from core::SimResult (float model) or any result with per-layer spike counts
// summed over samples and steps (the golden model's evaluation has the same shape).
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include <Eigen/Core>

namespace spikeforge::core {

/// Fraction of predictions equal to their label. ConfigError if the sizes differ.
double accuracy(const std::vector<int>& predictions, const std::vector<int>& labels);

/// classes × classes counts (row = true label, column = prediction). ConfigError if the sizes
/// differ, classes ≤ 0, or a label or prediction lies outside [0, classes).
Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> confusion_matrix(const std::vector<int>& predictions,
                                                                             const std::vector<int>& labels, int classes);

struct LayerRate {
  double mean = 0.0;            ///< Spikes per neuron per step, averaged over the layer's neurons.
  Eigen::VectorXd per_neuron;   ///< Spikes per step of each neuron, averaged over samples.
};

/// Rates from per-layer, per-neuron spike totals over `samples` samples of `steps` steps each.
/// All zeros when samples == 0. ConfigError if steps ≤ 0.
std::vector<LayerRate> firing_rates(const std::vector<Eigen::VectorXd>& spike_counts, std::size_t samples, int steps);

}  // namespace spikeforge::core

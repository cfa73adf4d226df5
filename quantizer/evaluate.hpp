// Batch evaluation of a FixedNetwork with the golden model (quantizer/golden.hpp).
// Samples run in parallel (OpenMP); results are combined in sample order, so they are
// bit-identical whatever the thread count.
#pragma once
#include <vector>

#include <Eigen/Core>

#include "core/spikes.hpp"
#include "quantizer/fixed_network.hpp"
#include "quantizer/golden.hpp"

namespace spikeforge::quantizer {

struct FixedEvalResult {
  std::vector<int> predictions;               ///< One per sample (GoldenRun::prediction).
  std::vector<Eigen::VectorXd> spike_counts;  ///< Per layer, per neuron: spikes summed over samples and (run) steps.
  EventCounts counts;                         ///< Summed over layers and samples.
  std::vector<EventCounts> layer_counts;      ///< Per layer, summed over samples.
  /// Fraction of samples whose prediction equals the batch label (0 for an empty batch).
  [[nodiscard]] double accuracy(const core::SpikeBatch& batch) const;
};

/// Runs every sample of `batch` through run_golden in `timing` (Timing::lava: the accuracy of the
/// network as plain Lava / lava-dl netx runs it). ConfigError if the batch's inputs differ from the
/// network's.
FixedEvalResult evaluate_fixed(const FixedNetwork& net, const core::SpikeBatch& batch,
                               Timing timing = Timing::immediate);

}  // namespace spikeforge::quantizer

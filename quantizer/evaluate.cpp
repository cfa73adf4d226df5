#include "quantizer/evaluate.hpp"

#include <string>


#include "core/errors.hpp"

namespace spikeforge::quantizer {

double FixedEvalResult::accuracy(const core::SpikeBatch& batch) const {
  if (predictions.empty()) return 0.0;
  std::size_t ok = 0;
  for (std::size_t i = 0; i < predictions.size() && i < batch.size(); ++i) ok += predictions[i] == batch.label(i) ? 1U : 0U;
  return static_cast<double>(ok) / static_cast<double>(predictions.size());
}

FixedEvalResult evaluate_fixed(const FixedNetwork& net, const core::SpikeBatch& batch, Timing timing) {
  net.validate();
  if (batch.inputs() != net.inputs()) {
    throw core::ConfigError("evaluate: batch has " + std::to_string(batch.inputs()) + " inputs, network has " +
                            std::to_string(net.inputs()));
  }
  const std::size_t L = net.layers.size();
  const auto N = static_cast<std::int64_t>(batch.size());
  FixedEvalResult result;
  result.predictions.assign(batch.size(), -1);
  result.layer_counts.assign(L, EventCounts{});
  // Integer accumulators: sums are exact, so the result does not depend on the thread schedule.
  std::vector<std::vector<std::uint64_t>> spikes(L);
  for (std::size_t l = 0; l < L; ++l) spikes[l].assign(static_cast<std::size_t>(net.layers[l].outputs()), 0);

#pragma omp parallel
  {
    GoldenModel model(net, timing);
    std::vector<EventCounts> counts(L);
    std::vector<std::vector<std::uint64_t>> local(L);
    for (std::size_t l = 0; l < L; ++l) local[l].assign(spikes[l].size(), 0);
#pragma omp for schedule(dynamic, 16)
    for (std::int64_t k = 0; k < N; ++k) {
      const auto s = static_cast<std::size_t>(k);
      const GoldenRun run = run_golden(model, batch, s, false);
      result.predictions[s] = run.prediction;
      for (std::size_t l = 0; l < L; ++l) {
        counts[l] += run.counts[l];
        for (const auto& step : run.spikes[l]) {
          for (const std::uint32_t n : step) ++local[l][n];
        }
      }
    }
#pragma omp critical(spikeforge_evaluate_fixed)
    {
      for (std::size_t l = 0; l < L; ++l) {
        result.layer_counts[l] += counts[l];
        for (std::size_t n = 0; n < spikes[l].size(); ++n) spikes[l][n] += local[l][n];
      }
    }
  }
  for (std::size_t l = 0; l < L; ++l) {
    result.counts += result.layer_counts[l];
    Eigen::VectorXd c(static_cast<Eigen::Index>(spikes[l].size()));
    for (std::size_t n = 0; n < spikes[l].size(); ++n) c(static_cast<Eigen::Index>(n)) = static_cast<double>(spikes[l][n]);
    result.spike_counts.push_back(std::move(c));
  }
  return result;
}

}  // namespace spikeforge::quantizer

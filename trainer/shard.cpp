#include "trainer/shard.hpp"

#include <string>

#include "core/errors.hpp"

namespace spikeforge::trainer {

SampleShard shard_of(std::size_t total, int rank, int ranks) {
  if (ranks < 1) throw core::ConfigError("shard: ranks = " + std::to_string(ranks) + " must be >= 1");
  if (rank < 0 || rank >= ranks)
    throw core::ConfigError("shard: rank = " + std::to_string(rank) + " must be in [0, " + std::to_string(ranks) + ")");
  const auto k = static_cast<std::size_t>(ranks);
  const auto r = static_cast<std::size_t>(rank);
  // total·r / k without overflow for any total < 2^64 / k (ranks are few).
  const std::size_t begin = total / k * r + total % k * r / k;
  const std::size_t end = total / k * (r + 1) + total % k * (r + 1) / k;
  return SampleShard{begin, end - begin, total};
}

double sharded_accuracy(const std::vector<int>& predictions, const std::vector<int>& labels, const Reducer& reducer) {
  if (predictions.size() != labels.size())
    throw core::ConfigError("accuracy: " + std::to_string(predictions.size()) + " predictions for " +
                            std::to_string(labels.size()) + " labels");
  double counts[2] = {0.0, static_cast<double>(labels.size())};  // correct, samples (exact integers)
  for (std::size_t k = 0; k < labels.size(); ++k) counts[0] += predictions[k] == labels[k] ? 1.0 : 0.0;
  reducer.sum(counts, 2);
  return counts[1] > 0.0 ? counts[0] / counts[1] : 0.0;
}

}  // namespace spikeforge::trainer

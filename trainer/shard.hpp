// Which samples one process of a sharded run holds (issue #8): contiguous blocks of the global
// sample order, rank r of K holding [⌊r·N/K⌋, ⌊(r+1)·N/K⌋). Block sizes differ by at most one.
// Pure arithmetic (no MPI): single-process runs use the whole range {0, N, N}.
#pragma once
#include <cstddef>
#include <vector>

#include "trainer/reduce.hpp"

namespace spikeforge::trainer {

struct SampleShard {
  std::size_t first = 0;  ///< Global index of this rank's first sample.
  std::size_t count = 0;  ///< Samples on this rank.
  std::size_t total = 0;  ///< Samples over all ranks (N). 0 = "not sharded": the caller's batch is everything.
};

/// Rank `rank`'s block of `total` samples split over `ranks` processes. ConfigError if
/// ranks < 1 or rank is outside [0, ranks).
SampleShard shard_of(std::size_t total, int rank, int ranks);

/// Fraction of correct predictions over every rank's samples (0 if there are none): the counts
/// are summed (exact integers), so the result equals core::accuracy on the whole data.
double sharded_accuracy(const std::vector<int>& predictions, const std::vector<int>& labels, const Reducer& reducer);

}  // namespace spikeforge::trainer

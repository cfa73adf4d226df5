// trainer::Reducer over MPI_COMM_WORLD (issue #8): the sums over samples of a sharded run.
//
// sum() is a reduction to rank 0 followed by a broadcast (MPI_Reduce + MPI_Bcast), not a plain
// MPI_Allreduce: every rank then holds the very bits rank 0 computed, whatever algorithm the MPI
// library picks, and the result is the same on every run for the same K and shard sizes. Arrays
// longer than 2^30 elements go in chunks (MPI counts are int).
//
// bytes_sent() counts the payload: n × element size per sum() call (with K = 2 that is exactly
// what each rank puts on the wire: rank 1 sends its part to rank 0, rank 0 sends the total back).
// Requires an active dist::Session. Not thread-safe: call from the main thread only.
#pragma once
#include <cstdint>

#include "trainer/reduce.hpp"

namespace spikeforge::dist {

class MpiReducer final : public trainer::Reducer {
 public:
  MpiReducer();  ///< Reads rank and size of MPI_COMM_WORLD (MPI must be initialized).

  [[nodiscard]] int rank() const override { return rank_; }
  [[nodiscard]] int size() const override { return size_; }
  void sum(float* data, std::size_t n) const override;
  void sum(double* data, std::size_t n) const override;
  [[nodiscard]] std::uint64_t bytes_sent() const override { return bytes_; }
  [[nodiscard]] double sum_seconds() const override { return seconds_; }

 private:
  int rank_ = 0;
  int size_ = 1;
  mutable std::uint64_t bytes_ = 0;
  mutable double seconds_ = 0.0;
};

}  // namespace spikeforge::dist

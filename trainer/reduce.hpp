// Sums over samples across the processes of a sharded training run (issue #8).
//
// Training algorithms that separate over samples (ADMM's weight update needs only Σ p aᵀ and
// Σ a aᵀ; accuracies need only counts) call sum() on their per-shard partial sums; every rank
// then holds the global sum. The single-process instance (local_reducer()) does nothing, so code
// written against a Reducer runs unchanged without MPI. The MPI implementation lives in dist/.
//
// Determinism: an implementation must give every rank the bit-identical result, and the same
// result for the same K and shard sizes on every run.
#pragma once
#include <cstddef>
#include <cstdint>

#include <Eigen/Core>

namespace spikeforge::trainer {

class Reducer {
 public:
  Reducer() = default;
  Reducer(const Reducer&) = delete;
  Reducer& operator=(const Reducer&) = delete;
  virtual ~Reducer() = default;

  /// This process's index in [0, size()).
  [[nodiscard]] virtual int rank() const { return 0; }
  /// Number of processes sharing the samples.
  [[nodiscard]] virtual int size() const { return 1; }
  /// In place: data[i] ← Σ_ranks data[i]; every rank receives the same result.
  virtual void sum(float* data, std::size_t n) const {
    (void)data;
    (void)n;
  }
  virtual void sum(double* data, std::size_t n) const {
    (void)data;
    (void)n;
  }
  /// Bytes this rank has sent in sum() calls so far (0 for one process).
  [[nodiscard]] virtual std::uint64_t bytes_sent() const { return 0; }
  /// Wall time this rank has spent inside sum() so far [s]: transfer plus waiting for slower
  /// ranks (0 for one process).
  [[nodiscard]] virtual double sum_seconds() const { return 0.0; }

  /// Sums a whole (contiguous) Eigen matrix or vector in place.
  template <class Derived>
  void sum_matrix(Eigen::PlainObjectBase<Derived>& m) const {
    sum(m.data(), static_cast<std::size_t>(m.size()));
  }
  /// Sums one scalar and returns the total.
  [[nodiscard]] double sum_scalar(double v) const {
    sum(&v, 1);
    return v;
  }
};

/// The single-process reducer (rank 0 of 1; sum() leaves the data as it is).
const Reducer& local_reducer();

}  // namespace spikeforge::trainer

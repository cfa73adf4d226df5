// Spike data shared by every simulator and trainer.
//
// A sample is a T × n binary raster stored as event lists: for each step t, the sorted indices of
// the inputs that spike. A SpikeBatch keeps all samples in one CSR array (offsets over (sample, t)
// pairs, then indices), which is compact for sparse binary input and lets event-driven simulators
// touch only the weights of spiking inputs. Dense per-step matrices for GEMM-based code come from
// dense_step().
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

namespace spikeforge::core {

class SpikeBatch {
 public:
  SpikeBatch() = default;
  /// An empty batch of rasters with `steps` steps over `inputs` channels, labels in [0, classes).
  SpikeBatch(int steps, int inputs, int classes);

  [[nodiscard]] int steps() const { return steps_; }
  [[nodiscard]] int inputs() const { return inputs_; }
  [[nodiscard]] int classes() const { return classes_; }
  [[nodiscard]] std::size_t size() const { return labels_.size(); }
  [[nodiscard]] bool empty() const { return labels_.empty(); }

  [[nodiscard]] int label(std::size_t sample) const { return labels_[sample]; }
  [[nodiscard]] const std::vector<int>& labels() const { return labels_; }

  /// Indices (sorted, unique) of the inputs spiking at step t (0-based) of `sample`.
  [[nodiscard]] std::span<const std::uint32_t> active(std::size_t sample, int t) const {
    const std::size_t k = sample * static_cast<std::size_t>(steps_) + static_cast<std::size_t>(t);
    return {indices_.data() + offsets_[k], indices_.data() + offsets_[k + 1]};
  }

  /// Reserves room for `samples` more samples holding `spikes` more spikes in total (a hint; avoids
  /// the copies and page faults of repeated growth when encoding large datasets).
  void reserve(std::size_t samples, std::size_t spikes);

  /// Appends one sample step by step: call begin_sample(label), then add_step() exactly T times.
  void begin_sample(int label);
  /// Adds the next step of the current sample; `active` must be sorted, unique and < inputs.
  void add_step(std::span<const std::uint32_t> active);
  /// Appends a whole sample from a dense T × n 0/1 raster (row t = step t).
  void add_dense_sample(const Eigen::Ref<const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>& raster,
                        int label);

  /// Writes the inputs of step t for samples [first, first + count) as a dense 0/1 matrix
  /// (inputs × count, one column per sample). `out` is resized.
  void dense_step(int t, std::size_t first, std::size_t count, Eigen::MatrixXf& out) const;

  /// Total number of spikes in the batch.
  [[nodiscard]] std::size_t total_spikes() const { return indices_.size(); }
  /// Samples [first, first + count) as a new batch.
  [[nodiscard]] SpikeBatch slice(std::size_t first, std::size_t count) const;
  /// Appends every sample of `other` (same steps, inputs and classes, else ConfigError).
  void append(const SpikeBatch& other);
  /// Throws ConfigError unless every sample has exactly T steps (call after building).
  void check_complete() const;

  friend bool operator==(const SpikeBatch&, const SpikeBatch&) = default;

 private:
  int steps_ = 0;
  int inputs_ = 0;
  int classes_ = 0;
  std::vector<std::uint64_t> offsets_{0};  ///< size = samples·T + 1 when complete.
  std::vector<std::uint32_t> indices_;
  std::vector<int> labels_;
};

}  // namespace spikeforge::core

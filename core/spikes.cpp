#include "core/spikes.hpp"

#include <string>

#include "core/errors.hpp"

namespace spikeforge::core {

SpikeBatch::SpikeBatch(int steps, int inputs, int classes) : steps_(steps), inputs_(inputs), classes_(classes) {
  if (steps <= 0) throw ConfigError("spikes: steps = " + std::to_string(steps) + " must be > 0");
  if (inputs <= 0) throw ConfigError("spikes: inputs = " + std::to_string(inputs) + " must be > 0");
  if (classes <= 0) throw ConfigError("spikes: classes = " + std::to_string(classes) + " must be > 0");
}

void SpikeBatch::reserve(std::size_t samples, std::size_t spikes) {
  labels_.reserve(labels_.size() + samples);
  offsets_.reserve(offsets_.size() + samples * static_cast<std::size_t>(steps_));
  indices_.reserve(indices_.size() + spikes);
}

void SpikeBatch::begin_sample(int label) {
  check_complete();
  if (label < 0 || label >= classes_) {
    throw ConfigError("spikes: label " + std::to_string(label) + " outside [0, " + std::to_string(classes_) + ")");
  }
  labels_.push_back(label);
}

void SpikeBatch::add_step(std::span<const std::uint32_t> active) {
  const std::size_t expected = labels_.size() * static_cast<std::size_t>(steps_) + 1;
  if (labels_.empty() || offsets_.size() >= expected) {
    throw ConfigError("spikes: add_step called without begin_sample or after the sample's last step");
  }
  std::int64_t prev = -1;
  for (std::uint32_t i : active) {
    if (i >= static_cast<std::uint32_t>(inputs_) || static_cast<std::int64_t>(i) <= prev) {
      throw ConfigError("spikes: input index " + std::to_string(i) + " out of range [0, " +
                        std::to_string(inputs_) + ") or not sorted/unique");
    }
    prev = i;
  }
  indices_.insert(indices_.end(), active.begin(), active.end());
  offsets_.push_back(indices_.size());
}

void SpikeBatch::add_dense_sample(
    const Eigen::Ref<const Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>& raster,
    int label) {
  if (raster.rows() != steps_ || raster.cols() != inputs_) {
    throw ConfigError("spikes: raster is " + std::to_string(raster.rows()) + " x " + std::to_string(raster.cols()) +
                      ", expected " + std::to_string(steps_) + " x " + std::to_string(inputs_));
  }
  begin_sample(label);
  std::vector<std::uint32_t> act;
  for (int t = 0; t < steps_; ++t) {
    act.clear();
    for (int i = 0; i < inputs_; ++i) {
      if (raster(t, i) != 0) act.push_back(static_cast<std::uint32_t>(i));
    }
    add_step(act);
  }
}

void SpikeBatch::dense_step(int t, std::size_t first, std::size_t count, Eigen::MatrixXf& out) const {
  out.setZero(inputs_, static_cast<Eigen::Index>(count));
  for (std::size_t s = 0; s < count; ++s) {
    for (std::uint32_t i : active(first + s, t)) out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(s)) = 1.0F;
  }
}

SpikeBatch SpikeBatch::slice(std::size_t first, std::size_t count) const {
  if (first + count > size()) {
    throw ConfigError("spikes: slice [" + std::to_string(first) + ", " + std::to_string(first + count) +
                      ") outside a batch of " + std::to_string(size()));
  }
  SpikeBatch out(steps_, inputs_, classes_);
  const std::size_t T = static_cast<std::size_t>(steps_);
  const std::uint64_t base = offsets_[first * T];
  const std::uint64_t end = offsets_[(first + count) * T];
  out.indices_.assign(indices_.begin() + static_cast<std::ptrdiff_t>(base), indices_.begin() + static_cast<std::ptrdiff_t>(end));
  out.offsets_.resize(count * T + 1);
  for (std::size_t k = 0; k <= count * T; ++k) out.offsets_[k] = offsets_[first * T + k] - base;
  out.labels_.assign(labels_.begin() + static_cast<std::ptrdiff_t>(first),
                     labels_.begin() + static_cast<std::ptrdiff_t>(first + count));
  return out;
}

void SpikeBatch::append(const SpikeBatch& other) {
  if (other.steps_ != steps_ || other.inputs_ != inputs_ || other.classes_ != classes_) {
    throw ConfigError("spikes: cannot append a batch of shape (T=" + std::to_string(other.steps_) + ", n=" +
                      std::to_string(other.inputs_) + ") to one of (T=" + std::to_string(steps_) + ", n=" +
                      std::to_string(inputs_) + ")");
  }
  check_complete();
  other.check_complete();
  const std::uint64_t base = indices_.size();
  indices_.insert(indices_.end(), other.indices_.begin(), other.indices_.end());
  for (std::size_t k = 1; k < other.offsets_.size(); ++k) offsets_.push_back(base + other.offsets_[k]);
  labels_.insert(labels_.end(), other.labels_.begin(), other.labels_.end());
}

void SpikeBatch::check_complete() const {
  if (offsets_.size() != labels_.size() * static_cast<std::size_t>(steps_) + 1) {
    throw ConfigError("spikes: the last sample has " +
                      std::to_string(offsets_.size() - 1 - (labels_.empty() ? 0 : (labels_.size() - 1) * static_cast<std::size_t>(steps_))) +
                      " steps, expected " + std::to_string(steps_));
  }
}

}  // namespace spikeforge::core

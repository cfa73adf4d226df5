#include "core/encoders/raster.hpp"

#include <algorithm>
#include <exception>
#include <span>

namespace spikeforge::core {
namespace {

// Samples built per parallel chunk before appending (bounds the transient memory).
constexpr std::size_t kChunk = 2048;

std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace

std::uint64_t splitmix64(std::uint64_t& state) {
  state += 0x9E3779B97F4A7C15ULL;
  return mix64(state);
}

std::uint64_t sample_key(std::uint64_t seed, std::uint64_t stream, std::uint64_t index) {
  return mix64(mix64(mix64(seed + 0x9E3779B97F4A7C15ULL) ^ (stream + 0x632BE59BD9B4E019ULL)) ^ index);
}

SampleRaster raster_from_spikes(std::vector<StepSpike>& spikes, int steps, int label) {
  std::erase_if(spikes, [steps](const StepSpike& s) { return s.step < 0 || s.step >= steps; });
  std::sort(spikes.begin(), spikes.end());
  spikes.erase(std::unique(spikes.begin(), spikes.end()), spikes.end());
  SampleRaster r;
  r.label = label;
  r.offsets.assign(static_cast<std::size_t>(steps) + 1, 0);
  r.indices.reserve(spikes.size());
  for (const StepSpike& s : spikes) {
    r.indices.push_back(s.channel);
    ++r.offsets[static_cast<std::size_t>(s.step) + 1];
  }
  for (std::size_t t = 1; t < r.offsets.size(); ++t) r.offsets[t] += r.offsets[t - 1];
  return r;
}

SpikeBatch build_batch(std::size_t count, int steps, int inputs, int classes,
                       const std::function<void(std::size_t, SampleRaster&)>& make) {
  SpikeBatch batch(steps, inputs, classes);
  std::vector<SampleRaster> chunk;
  std::vector<std::exception_ptr> errors;
  for (std::size_t first = 0; first < count; first += kChunk) {
    const std::size_t n = std::min(kChunk, count - first);
    chunk.assign(n, SampleRaster{});
    errors.assign(n, nullptr);
#pragma omp parallel for schedule(dynamic, 16)
    for (std::ptrdiff_t k = 0; k < static_cast<std::ptrdiff_t>(n); ++k) {
      const auto j = static_cast<std::size_t>(k);
      try {
        make(first + j, chunk[j]);
      } catch (...) {
        errors[j] = std::current_exception();
      }
    }
    if (first == 0) {
      // Size the batch once from the first chunk's spike density (+5%), so appending does not
      // copy a growing multi-GB index array over and over.
      std::size_t spikes = 0;
      for (const SampleRaster& r : chunk) spikes += r.indices.size();
      const double per_sample = static_cast<double>(spikes) / static_cast<double>(n);
      batch.reserve(count, static_cast<std::size_t>(per_sample * 1.05 * static_cast<double>(count)));
    }
    for (std::size_t j = 0; j < n; ++j) {
      if (errors[j]) std::rethrow_exception(errors[j]);
      const SampleRaster& r = chunk[j];
      batch.begin_sample(r.label);
      for (int t = 0; t < steps; ++t) {
        const auto b = r.offsets[static_cast<std::size_t>(t)];
        const auto e = r.offsets[static_cast<std::size_t>(t) + 1];
        batch.add_step(std::span<const std::uint32_t>(r.indices.data() + b, e - b));
      }
    }
  }
  batch.check_complete();
  return batch;
}

}  // namespace spikeforge::core

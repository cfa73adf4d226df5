// Building a SpikeBatch sample by sample, in parallel, with a deterministic result.
//
// Every encoder first builds each sample's spikes as a SampleRaster (its own small CSR: for step
// t, the sorted unique channels indices[offsets[t] .. offsets[t+1])). build_batch() makes the
// samples in parallel (OpenMP, in chunks to bound memory) and appends them to the SpikeBatch in
// sample order, so the result does not depend on the thread count.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "core/spikes.hpp"

namespace spikeforge::core {

struct SampleRaster {
  int label = 0;
  std::vector<std::uint32_t> offsets;  ///< steps + 1 entries, offsets[0] = 0.
  std::vector<std::uint32_t> indices;  ///< channels, sorted and unique within each step.
};

/// A (step, channel) spike; unsorted lists of these become rasters via raster_from_spikes().
struct StepSpike {
  int step = 0;
  std::uint32_t channel = 0;
  friend auto operator<=>(const StepSpike&, const StepSpike&) = default;
};

/// Sorts `spikes`, drops duplicates and spikes with step outside [0, steps), and returns the raster.
SampleRaster raster_from_spikes(std::vector<StepSpike>& spikes, int steps, int label);

/// Calls make(i, raster) for i in [0, count) (in parallel; `make` must be thread-safe and fill
/// raster.label/offsets/indices) and appends the rasters in order to a new batch.
/// If make throws for some samples, the exception of the lowest such i is rethrown.
SpikeBatch build_batch(std::size_t count, int steps, int inputs, int classes,
                       const std::function<void(std::size_t, SampleRaster&)>& make);

/// A 64-bit seed for one sample's random stream: depends only on (seed, stream, index), so
/// encoding a subset of a split gives the same spikes as encoding the whole split and slicing.
std::uint64_t sample_key(std::uint64_t seed, std::uint64_t stream, std::uint64_t index);

/// splitmix64: advances `state` and returns the next 64 random bits.
std::uint64_t splitmix64(std::uint64_t& state);

}  // namespace spikeforge::core

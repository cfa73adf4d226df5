// Latency (time-to-first-spike) encoding of grey images: bright pixels spike early, once.
// With x = pixel/255, a pixel with x > cutoff spikes once at step t = round((1 − x)·(T − 1))
// (x = 1 -> step 0, x just above the cutoff -> late); pixels with x <= cutoff never spike.
// cutoff in [0, 1) is DatasetSpec::latency_cutoff (default 0.2, which drops faint background).
#pragma once
#include <cstdint>
#include <span>

#include "core/datasets/image_set.hpp"
#include "core/encoders/raster.hpp"
#include "core/spikes.hpp"

namespace spikeforge::core {

/// Step of the pixel's spike, or -1 if it does not spike.
int latency_step(std::uint8_t pixel, int steps, double cutoff);

SampleRaster latency_encode_sample(std::span<const std::uint8_t> pixels, int steps, double cutoff, int label);

/// Every image of `images`. ConfigError if steps <= 0 or cutoff is not in [0, 1).
SpikeBatch latency_encode(const ImageSet& images, int steps, double cutoff);

}  // namespace spikeforge::core

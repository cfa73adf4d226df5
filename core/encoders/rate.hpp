// Rate (Bernoulli) encoding of grey images: at every step, pixel i spikes with probability
// p = pixel/255, independently.
//
// Randomness: each sample has its own splitmix64 stream seeded by sample_key(seed, stream, index),
// index = the sample's position in its split (ImageSet::first_index + i) and stream = the split
// (kRateStreamTrain / kRateStreamTest). So encoding a subset gives the same spikes as encoding the
// whole split and slicing, and results do not depend on the thread count.
// Per sample and step t = 0..T-1: the nonzero pixels, in index order, take 16-bit chunks u of
// the stream, four per 64-bit splitmix64 output (low bits first; each step starts a fresh
// output, a partly used one is discarded); the pixel spikes iff u < round(pixel·65536/255).
// So pixel 0 never spikes, 255 always does, and the probability is pixel/255 within 2^-17.
#pragma once
#include <cstdint>
#include <span>

#include "core/datasets/image_set.hpp"
#include "core/encoders/raster.hpp"
#include "core/spikes.hpp"

namespace spikeforge::core {

inline constexpr std::uint64_t kRateStreamTrain = 0;
inline constexpr std::uint64_t kRateStreamTest = 1;

/// The 16-bit threshold of a pixel value: spike iff a uniform 16-bit draw is below it.
std::uint32_t rate_threshold(std::uint8_t pixel);

/// One image (pixels 0..255) -> `steps` steps; `key` = sample_key(seed, stream, index).
SampleRaster rate_encode_sample(std::span<const std::uint8_t> pixels, int steps, std::uint64_t key, int label);

/// Every image of `images` (parallel over samples; bit-identical to a sequential loop).
SpikeBatch rate_encode(const ImageSet& images, int steps, std::uint64_t seed, std::uint64_t stream);

}  // namespace spikeforge::core

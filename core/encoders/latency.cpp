#include "core/encoders/latency.hpp"

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace spikeforge::core {

int latency_step(std::uint8_t pixel, int steps, double cutoff) {
  const double x = static_cast<double>(pixel) / 255.0;
  if (!(x > cutoff)) return -1;
  return static_cast<int>(std::lround((1.0 - x) * static_cast<double>(steps - 1)));
}

SampleRaster latency_encode_sample(std::span<const std::uint8_t> pixels, int steps, double cutoff, int label) {
  // Step of every pixel value, then a counting sort of the pixels by step (indices stay sorted).
  std::array<int, 256> step_of{};
  for (int v = 0; v < 256; ++v) step_of[static_cast<std::size_t>(v)] = latency_step(static_cast<std::uint8_t>(v), steps, cutoff);
  SampleRaster r;
  r.label = label;
  r.offsets.assign(static_cast<std::size_t>(steps) + 1, 0);
  for (const std::uint8_t p : pixels) {
    const int t = step_of[p];
    if (t >= 0) ++r.offsets[static_cast<std::size_t>(t) + 1];
  }
  for (std::size_t t = 1; t < r.offsets.size(); ++t) r.offsets[t] += r.offsets[t - 1];
  r.indices.resize(r.offsets.back());
  std::vector<std::uint32_t> next(r.offsets.begin(), r.offsets.end() - 1);
  for (std::size_t i = 0; i < pixels.size(); ++i) {
    const int t = step_of[pixels[i]];
    if (t >= 0) r.indices[next[static_cast<std::size_t>(t)]++] = static_cast<std::uint32_t>(i);
  }
  return r;
}

SpikeBatch latency_encode(const ImageSet& images, int steps, double cutoff) {
  if (steps <= 0) throw ConfigError("latency: steps = " + std::to_string(steps) + " must be > 0");
  if (!(cutoff >= 0.0 && cutoff < 1.0)) {
    throw ConfigError("latency: cutoff = " + std::to_string(cutoff) + " must be in [0, 1)");
  }
  return build_batch(images.size(), steps, images.features(), images.classes, [&](std::size_t i, SampleRaster& r) {
    r = latency_encode_sample(images.image(i), steps, cutoff, images.labels[i]);
  });
}

}  // namespace spikeforge::core

#include "core/encoders/rate.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "core/errors.hpp"

namespace spikeforge::core {

std::uint32_t rate_threshold(std::uint8_t pixel) {
  return (std::uint32_t{pixel} * 65536U + 127U) / 255U;
}

SampleRaster rate_encode_sample(std::span<const std::uint8_t> pixels, int steps, std::uint64_t key, int label) {
  // The pixels that can spike, with their thresholds; the inner loop is branch-free.
  struct Lit {
    std::uint32_t index;
    std::uint32_t threshold;
  };
  std::vector<Lit> lit;
  lit.reserve(pixels.size());
  for (std::size_t i = 0; i < pixels.size(); ++i) {
    if (pixels[i] != 0) lit.push_back({static_cast<std::uint32_t>(i), rate_threshold(pixels[i])});
  }
  const std::size_t m = lit.size();
  thread_local std::vector<std::uint32_t> scratch;
  scratch.resize(m * static_cast<std::size_t>(steps));
  std::uint32_t* out = scratch.data();
  std::size_t n = 0;

  SampleRaster r;
  r.label = label;
  r.offsets.reserve(static_cast<std::size_t>(steps) + 1);
  r.offsets.push_back(0);
  std::uint64_t state = key;
  for (int t = 0; t < steps; ++t) {
    for (std::size_t k = 0; k < m; k += 4) {
      const std::uint64_t bits = splitmix64(state);
      const std::size_t group = std::min<std::size_t>(4, m - k);
      for (std::size_t j = 0; j < group; ++j) {
        const auto u = static_cast<std::uint32_t>((bits >> (16 * j)) & 0xFFFFU);
        out[n] = lit[k + j].index;
        n += u < lit[k + j].threshold ? 1 : 0;
      }
    }
    r.offsets.push_back(static_cast<std::uint32_t>(n));
  }
  r.indices.assign(out, out + n);
  return r;
}

SpikeBatch rate_encode(const ImageSet& images, int steps, std::uint64_t seed, std::uint64_t stream) {
  if (steps <= 0) throw ConfigError("rate: steps = " + std::to_string(steps) + " must be > 0");
  return build_batch(images.size(), steps, images.features(), images.classes, [&](std::size_t i, SampleRaster& r) {
    r = rate_encode_sample(images.image(i), steps, sample_key(seed, stream, images.first_index + i),
                           images.labels[i]);
  });
}

}  // namespace spikeforge::core

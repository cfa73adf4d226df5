#include "core/encoders/rate.hpp"

#include <cmath>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"

using namespace spikeforge::core;

namespace {

ImageSet gradient_images(std::size_t n, std::size_t first_index) {
  ImageSet set;
  set.rows = 16;
  set.cols = 16;
  set.classes = 3;
  set.first_index = first_index;
  for (std::size_t i = 0; i < n; ++i) {
    for (int k = 0; k < 256; ++k) set.pixels.push_back(static_cast<std::uint8_t>((k + static_cast<int>(i)) % 256));
    set.labels.push_back(static_cast<int>((first_index + i) % 3));
  }
  return set;
}

// Plain reference twin of rate_encode_sample: the documented definition spelled out draw by draw.
std::vector<std::vector<std::uint32_t>> reference_rate(std::span<const std::uint8_t> px, int steps, std::uint64_t key) {
  std::uint64_t state = key;
  std::vector<std::vector<std::uint32_t>> out(static_cast<std::size_t>(steps));
  for (int t = 0; t < steps; ++t) {
    std::uint64_t bits = 0;
    int used = 4;  // chunks of `bits` consumed; a step starts with a fresh output
    for (std::size_t i = 0; i < px.size(); ++i) {
      if (px[i] == 0) continue;
      if (used == 4) {
        bits = splitmix64(state);
        used = 0;
      }
      const auto u = static_cast<std::uint32_t>((bits >> (16 * used)) & 0xFFFF);
      ++used;
      const double p = px[i] / 255.0;
      if (u < static_cast<std::uint32_t>(std::lround(p * 65536.0))) out[static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(i));
    }
  }
  return out;
}

}  // namespace

TEST_CASE("rate: thresholds give p = pixel/255", "[rate]") {
  CHECK(rate_threshold(0) == 0);
  CHECK(rate_threshold(255) == 65536);
  for (int v = 0; v < 256; ++v) {
    const double p = static_cast<double>(rate_threshold(static_cast<std::uint8_t>(v))) / 65536.0;
    CHECK(std::abs(p - v / 255.0) <= 1.0 / 131072.0);  // rounding to 16 bits: half a 2^-16 step
  }
}

TEST_CASE("rate: one sample matches the plain reference twin", "[rate]") {
  const ImageSet set = gradient_images(3, 0);
  for (std::size_t i = 0; i < set.size(); ++i) {
    const std::uint64_t key = sample_key(9, kRateStreamTrain, i);
    const SampleRaster r = rate_encode_sample(set.image(i), 7, key, 0);
    const auto ref = reference_rate(set.image(i), 7, key);
    for (int t = 0; t < 7; ++t) {
      const std::vector<std::uint32_t> got(r.indices.begin() + r.offsets[static_cast<std::size_t>(t)],
                                           r.indices.begin() + r.offsets[static_cast<std::size_t>(t) + 1]);
      CHECK(got == ref[static_cast<std::size_t>(t)]);
    }
  }
}

TEST_CASE("rate: spike frequency matches pixel/255", "[rate]") {
  // 256 pixel values × 2000 steps. The binomial std of a rate estimate is at most
  // sqrt(0.25 / 2000) ≈ 0.0112; 5 sigma keeps the false-failure probability negligible.
  constexpr int kSteps = 2000;
  constexpr double kTolerance = 5.0 * 0.0112;
  const ImageSet set = gradient_images(1, 0);
  const SpikeBatch b = rate_encode(set, kSteps, 3, kRateStreamTrain);
  std::vector<int> count(256, 0);
  for (int t = 0; t < kSteps; ++t) {
    for (std::uint32_t i : b.active(0, t)) ++count[i];
  }
  double mean_err = 0.0;
  for (int v = 0; v < 256; ++v) {
    const double rate = static_cast<double>(count[static_cast<std::size_t>(v)]) / kSteps;
    CHECK(std::abs(rate - v / 255.0) < kTolerance);
    mean_err += (rate - v / 255.0) / 256.0;
  }
  CHECK(count[0] == 0);
  CHECK(count[255] == kSteps);
  // The mean over 256 pixels averages out noise: std <= 0.0112 / 16 = 0.0007; allow 5 sigma.
  constexpr double kMeanTolerance = 5.0 * 0.0007;
  CHECK(std::abs(mean_err) < kMeanTolerance);
}

TEST_CASE("rate: deterministic, and encoding a subset equals slicing the whole", "[rate]") {
  const ImageSet all = gradient_images(40, 0);
  const SpikeBatch full = rate_encode(all, 9, 77, kRateStreamTest);
  CHECK(full == rate_encode(all, 9, 77, kRateStreamTest));
  CHECK_FALSE(full == rate_encode(all, 9, 78, kRateStreamTest));
  CHECK_FALSE(full == rate_encode(all, 9, 77, kRateStreamTrain));

  ImageSet part = gradient_images(0, 13);
  for (std::size_t i = 13; i < 30; ++i) {
    part.pixels.insert(part.pixels.end(), all.image(i).begin(), all.image(i).end());
    part.labels.push_back(all.labels[i]);
  }
  CHECK(rate_encode(part, 9, 77, kRateStreamTest) == full.slice(13, 17));
  CHECK(full.labels()[14] == 14 % 3);
  CHECK(full.inputs() == 256);
  CHECK_THROWS_AS(rate_encode(all, 0, 1, 0), ConfigError);
}

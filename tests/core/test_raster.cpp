#include "core/encoders/raster.hpp"

#include <stdexcept>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"

using namespace spikeforge::core;

TEST_CASE("raster: spikes are sorted, deduplicated and clipped to steps 0..T-1", "[raster]") {
  std::vector<StepSpike> spikes = {{2, 5}, {0, 3}, {2, 1}, {2, 5}, {-1, 0}, {3, 9}, {0, 0}};
  const SampleRaster r = raster_from_spikes(spikes, 3, 7);
  CHECK(r.label == 7);
  CHECK(r.offsets == std::vector<std::uint32_t>{0, 2, 2, 4});
  CHECK(r.indices == std::vector<std::uint32_t>{0, 3, 1, 5});
}

TEST_CASE("raster: build_batch appends samples in order (parallel build = sequential)", "[raster]") {
  constexpr std::size_t kSamples = 5000;  // more than one internal chunk
  const auto make = [](std::size_t i, SampleRaster& r) {
    std::vector<StepSpike> s = {{static_cast<int>(i % 4), static_cast<std::uint32_t>(i % 11)},
                                {static_cast<int>((i / 4) % 4), static_cast<std::uint32_t>((i * 7) % 11)}};
    r = raster_from_spikes(s, 4, static_cast<int>(i % 3));
  };
  const SpikeBatch batch = build_batch(kSamples, 4, 11, 3, make);
  SpikeBatch expected(4, 11, 3);
  for (std::size_t i = 0; i < kSamples; ++i) {
    SampleRaster r;
    make(i, r);
    expected.begin_sample(r.label);
    for (int t = 0; t < 4; ++t) {
      expected.add_step(std::span<const std::uint32_t>(r.indices.data() + r.offsets[static_cast<std::size_t>(t)],
                                                       r.offsets[static_cast<std::size_t>(t) + 1] -
                                                           r.offsets[static_cast<std::size_t>(t)]));
    }
  }
  CHECK(batch == expected);
  CHECK(batch.size() == kSamples);
}

TEST_CASE("raster: build_batch rethrows the error of the lowest failing sample", "[raster]") {
  const auto make = [](std::size_t i, SampleRaster& r) {
    if (i == 2100 || i == 2500) throw InputError("bad sample " + std::to_string(i));
    std::vector<StepSpike> none;
    r = raster_from_spikes(none, 2, 0);
  };
  CHECK_THROWS_WITH(build_batch(3000, 2, 1, 1, make), "bad sample 2100");
}

TEST_CASE("raster: sample keys depend on seed, stream and index", "[raster]") {
  CHECK(sample_key(1, 0, 5) == sample_key(1, 0, 5));
  CHECK(sample_key(1, 0, 5) != sample_key(2, 0, 5));
  CHECK(sample_key(1, 0, 5) != sample_key(1, 1, 5));
  CHECK(sample_key(1, 0, 5) != sample_key(1, 0, 6));
  std::uint64_t a = 42;
  std::uint64_t b = 42;
  const std::uint64_t a1 = splitmix64(a);
  CHECK(a1 == splitmix64(b));  // same state, same output
  CHECK(splitmix64(a) != a1);  // the state advances
}

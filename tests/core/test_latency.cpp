#include "core/encoders/latency.hpp"

#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"

using namespace spikeforge::core;

TEST_CASE("latency: spike times are exact", "[latency]") {
  // T = 11: t = round((1 - x) * 10).
  CHECK(latency_step(255, 11, 0.2) == 0);
  CHECK(latency_step(0, 11, 0.2) == -1);
  CHECK(latency_step(51, 11, 0.2) == -1);   // x = 0.2 is not above the cutoff
  CHECK(latency_step(52, 11, 0.2) == 8);    // x = 0.2039: (1 - x) * 10 = 7.96 -> 8
  CHECK(latency_step(128, 11, 0.2) == 5);   // x = 0.502: 4.98 -> 5
  CHECK(latency_step(204, 11, 0.2) == 2);   // x = 0.8: 2.0 -> 2
  CHECK(latency_step(0, 11, 0.0) == -1);    // x = 0 never spikes
  CHECK(latency_step(1, 11, 0.0) == 10);
  CHECK(latency_step(200, 1, 0.2) == 0);    // T = 1: everything at step 0
}

TEST_CASE("latency: one spike per bright pixel, none for dark ones", "[latency]") {
  ImageSet set;
  set.rows = 1;
  set.cols = 5;
  set.classes = 2;
  set.pixels = {255, 0, 128, 52, 204, 10, 10, 10, 10, 255};
  set.labels = {1, 0};
  const SpikeBatch b = latency_encode(set, 11, 0.2);
  REQUIRE(b.size() == 2);
  CHECK(b.total_spikes() == 5);
  std::vector<std::vector<std::uint32_t>> at(11);
  for (int t = 0; t < 11; ++t) at[static_cast<std::size_t>(t)].assign(b.active(0, t).begin(), b.active(0, t).end());
  CHECK(at[0] == std::vector<std::uint32_t>{0});
  CHECK(at[2] == std::vector<std::uint32_t>{4});
  CHECK(at[5] == std::vector<std::uint32_t>{2});
  CHECK(at[8] == std::vector<std::uint32_t>{3});
  CHECK(b.active(1, 0).size() == 1);
  CHECK(b.label(0) == 1);
  CHECK_THROWS_AS(latency_encode(set, 11, 1.0), ConfigError);
  CHECK_THROWS_AS(latency_encode(set, 0, 0.2), ConfigError);
}

TEST_CASE("latency: the per-sample kernel matches latency_step pixel by pixel", "[latency]") {
  std::vector<std::uint8_t> px(256);
  for (int v = 0; v < 256; ++v) px[static_cast<std::size_t>(v)] = static_cast<std::uint8_t>((v * 37) % 256);
  for (const int steps : {1, 7, 25}) {
    const SampleRaster r = latency_encode_sample(px, steps, 0.2, 0);
    std::vector<std::vector<std::uint32_t>> expected(static_cast<std::size_t>(steps));
    for (std::size_t i = 0; i < px.size(); ++i) {
      const int t = latency_step(px[i], steps, 0.2);
      if (t >= 0) expected[static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(i));
    }
    for (int t = 0; t < steps; ++t) {
      const std::vector<std::uint32_t> got(r.indices.begin() + r.offsets[static_cast<std::size_t>(t)],
                                           r.indices.begin() + r.offsets[static_cast<std::size_t>(t) + 1]);
      CHECK(got == expected[static_cast<std::size_t>(t)]);
    }
  }
}

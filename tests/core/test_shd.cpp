#include "core/datasets/shd.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "data_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge::core;
using spikeforge::test::TempDir;
namespace fx = spikeforge::test;

namespace {
const std::vector<std::vector<float>> kTimes = {{0.0F, 0.0125F, 0.0126F, 0.5F}, {}, {0.031F}};
const std::vector<std::vector<std::uint16_t>> kUnits = {{699, 3, 3, 0}, {}, {42}};
const std::vector<std::uint8_t> kLabels = {19, 0, 7};
}  // namespace

TEST_CASE("shd: reads and bins spikes (channel = unit, t = seconds · 1e6)", "[shd]") {
  TempDir dir;
  fx::write_fake_shd((dir / "shd_train.h5").string(), kTimes, kUnits, kLabels);
  const std::string d = dir.path().string();
  CHECK(load_shd_labels(d, "train") == std::vector<int>{19, 0, 7});
  const SpikeBatch b = load_shd(d, "train", 4, 10000.0);  // 4 bins of 10 ms: 0.5 s is dropped
  REQUIRE(b.size() == 3);
  CHECK(b.inputs() == 700);
  CHECK(b.classes() == 20);
  CHECK(b.label(0) == 19);
  CHECK(std::vector<std::uint32_t>(b.active(0, 0).begin(), b.active(0, 0).end()) == std::vector<std::uint32_t>{699});
  CHECK(std::vector<std::uint32_t>(b.active(0, 1).begin(), b.active(0, 1).end()) == std::vector<std::uint32_t>{3});
  CHECK(b.active(1, 0).empty());
  CHECK(std::vector<std::uint32_t>(b.active(2, 3).begin(), b.active(2, 3).end()) == std::vector<std::uint32_t>{42});
  CHECK(b.total_spikes() == 3);
  CHECK(load_shd(d, "train", 4, 10000.0, 1, 2) == b.slice(1, 2));
  CHECK_THROWS_AS(load_shd(d, "train", 4, 10000.0, 3), ConfigError);
}

TEST_CASE("shd: a missing dataset is named with its file", "[shd]") {
  TempDir dir;
  const std::string path = (dir / "shd_test.h5").string();
  fx::write_fake_shd(path, kTimes, kUnits, kLabels, "/labels");
  CHECK_THROWS_WITH(load_shd(dir.path().string(), "test", 4, 1000.0),
                    "shd: " + path + ": missing dataset /labels");
  fx::write_fake_shd(path, kTimes, kUnits, kLabels, "/spikes/units");
  CHECK_THROWS_WITH(load_shd(dir.path().string(), "test", 4, 1000.0), Catch::Contains("/spikes/units"));
}

TEST_CASE("shd: bad content is an InputError", "[shd]") {
  TempDir dir;
  const std::string path = (dir / "shd_train.h5").string();
  fx::write_fake_shd(path, kTimes, {{700, 3, 3, 0}, {}, {42}}, kLabels);
  CHECK_THROWS_WITH(load_shd(dir.path().string(), "train", 4, 1000.0), Catch::Contains("unit 700"));
  fx::write_fake_shd(path, kTimes, kUnits, {1, 2, 20});
  CHECK_THROWS_WITH(load_shd_labels(dir.path().string(), "train"), Catch::Contains("/labels[2] = 20"));
  fx::write_fake_shd(path, kTimes, {{699, 3, 3}, {}, {42}}, kLabels);
  CHECK_THROWS_WITH(load_shd(dir.path().string(), "train", 4, 1000.0), Catch::Contains("/spikes/units[0] has 3"));
  fx::write_fake_shd(path, kTimes, kUnits, {1, 2});
  CHECK_THROWS_WITH(load_shd(dir.path().string(), "train", 4, 1000.0), Catch::Contains("/labels has 2"));
  CHECK_THROWS_WITH(load_shd((dir / "none").string(), "train", 4, 1000.0), Catch::Contains("--data-dir"));
  CHECK_THROWS_WITH(load_shd("", "train", 4, 1000.0), Catch::Contains("--data-dir"));
}

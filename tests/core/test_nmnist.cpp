#include "core/datasets/nmnist.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "data_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge::core;
using spikeforge::test::TempDir;
namespace fx = spikeforge::test;
namespace fs = std::filesystem;

namespace {

// Train/<label>/<name>.bin for labels 0..2, `per_class` files each; file k of label c holds one
// ON event at (x = c, y = k, t = 1500 µs) and one OFF event at (33, 33, t = 8388607 µs, the max).
void write_tree(const fs::path& root, const std::string& split, int per_class) {
  for (int c = 0; c < 3; ++c) {
    const fs::path dir = root / split / std::to_string(c);
    fs::create_directories(dir);
    for (int k = per_class - 1; k >= 0; --k) {  // written in reverse to check sorting by name
      fx::write_bytes(dir / ("f" + std::to_string(k) + ".bin"),
                      fx::nmnist_bytes({{static_cast<std::uint8_t>(c), static_cast<std::uint8_t>(k), true, 1500},
                                        {33, 33, false, 0x7FFFFF}}));
    }
  }
}

}  // namespace

TEST_CASE("nmnist: decodes the 5-byte event format", "[nmnist]") {
  TempDir dir;
  fx::write_bytes(dir / "a.bin", fx::nmnist_bytes({{3, 17, true, 0x123456}, {0, 33, false, 7}}));
  const auto ev = read_nmnist_file((dir / "a.bin").string());
  REQUIRE(ev.size() == 2);
  CHECK(ev[0].x == 3);
  CHECK(ev[0].y == 17);
  CHECK(ev[0].on);
  CHECK(ev[0].t_us == 0x123456);
  CHECK_FALSE(ev[1].on);
  CHECK(ev[1].t_us == 7);
  const auto ch = nmnist_channel_events(ev, true);
  CHECK(ch[0].channel == 34 * 34 + 17 * 34 + 3);
  CHECK(ch[1].channel == 33 * 34);
  CHECK(nmnist_channel_events(ev, false)[0].channel == 17 * 34 + 3);
  CHECK(nmnist_inputs(true) == 2312);
  CHECK(nmnist_inputs(false) == 1156);
}

TEST_CASE("nmnist: a file ending mid-event names the file", "[nmnist]") {
  TempDir dir;
  auto bytes = fx::nmnist_bytes({{1, 1, true, 1}, {2, 2, false, 2}});
  bytes.resize(12);
  fx::write_bytes(dir / "cut.bin", bytes);
  const std::string path = (dir / "cut.bin").string();
  CHECK_THROWS_WITH(read_nmnist_file(path), "nmnist: " + path + ": ends mid-event: 12 bytes is not a multiple of 5");
  fx::write_bytes(dir / "far.bin", fx::nmnist_bytes({{34, 0, true, 1}}));
  CHECK_THROWS_WITH(read_nmnist_file((dir / "far.bin").string()), Catch::Contains("outside the 34 x 34 sensor"));
}

TEST_CASE("nmnist: split listing is sorted by name and interleaved by label", "[nmnist]") {
  TempDir dir;
  write_tree(dir.path(), "Train", 2);
  const NmnistIndex idx = list_nmnist(dir.path().string(), "train");
  CHECK(idx.labels == std::vector<int>{0, 1, 2, 0, 1, 2});
  CHECK(fs::path(idx.files[0]).filename() == "f0.bin");
  CHECK(fs::path(idx.files[3]).filename() == "f1.bin");
  CHECK_THROWS_WITH(list_nmnist(dir.path().string(), "test"), Catch::Contains("no Test/ folder") && Catch::Contains("--data-dir"));
  CHECK_THROWS_WITH(list_nmnist("", "train"), Catch::Contains("--data-dir"));
}

TEST_CASE("nmnist: load_nmnist bins events, ranges equal slices", "[nmnist]") {
  TempDir dir;
  write_tree(dir.path(), "Test", 3);
  const std::string d = dir.path().string();
  const SpikeBatch all = load_nmnist(d, "test", 5, 1000.0, true);
  REQUIRE(all.size() == 9);
  CHECK(all.inputs() == 2312);
  CHECK(all.classes() == 10);
  CHECK(all.total_spikes() == 9);  // the late OFF event is beyond 5 ms and dropped
  // Sample 4 = label 1, file f1: ON event at (x = 1, y = 1), t = 1.5 ms -> step 1.
  CHECK(all.label(4) == 1);
  REQUIRE(all.active(4, 1).size() == 1);
  CHECK(all.active(4, 1)[0] == 34 * 34 + 1 * 34 + 1);
  CHECK(load_nmnist(d, "test", 5, 1000.0, true, 2, 4) == all.slice(2, 4));
  const SpikeBatch merged = load_nmnist(d, "test", 1, 1e7, false);  // one 10 s bin: both events
  CHECK(merged.inputs() == 1156);
  CHECK(merged.total_spikes() == 18);
  CHECK_THROWS_AS(load_nmnist(d, "test", 5, 1000.0, true, 9), ConfigError);

  auto bytes = fx::nmnist_bytes({{1, 1, true, 1}});
  bytes.pop_back();
  fx::write_bytes(dir / "Test" / "2" / "f1.bin", bytes);
  CHECK_THROWS_WITH(load_nmnist(d, "test", 5, 1000.0, true), Catch::Contains("f1.bin") && Catch::Contains("mid-event"));
}

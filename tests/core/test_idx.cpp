#include "core/datasets/idx.hpp"

#include <limits>
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
constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();
const std::vector<std::uint8_t> kPayload = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};  // 3 items of 2 × 2
}  // namespace

TEST_CASE("idx: reads gzip and plain files, header and item ranges", "[idx]") {
  TempDir dir;
  const auto bytes = fx::idx_bytes(kIdxImagesMagic, {3, 2, 2}, kPayload);
  fx::write_gz(dir / "a.gz", bytes);
  fx::write_bytes(dir / "a.raw", bytes);
  for (const char* name : {"a.gz", "a.raw"}) {
    const std::string path = (dir / name).string();
    CHECK(read_idx_header("t", path, kIdxImagesMagic) == std::vector<std::uint32_t>{3, 2, 2});
    const IdxData all = read_idx("t", path, kIdxImagesMagic, 0, kAll);
    CHECK(all.dims == std::vector<std::uint32_t>{3, 2, 2});
    CHECK(all.data == kPayload);
    const IdxData mid = read_idx("t", path, kIdxImagesMagic, 1, 1);
    CHECK(mid.data == std::vector<std::uint8_t>{5, 6, 7, 8});
    CHECK(read_idx("t", path, kIdxImagesMagic, 2, 10).data.size() == 4);  // count clipped to the file
  }
}

TEST_CASE("idx: wrong magic names the file and both magics", "[idx]") {
  TempDir dir;
  fx::write_gz(dir / "m.gz", fx::idx_bytes(0x802, {3, 4}, kPayload));
  const std::string path = (dir / "m.gz").string();
  CHECK_THROWS_WITH(read_idx("fashion-mnist", path, kIdxImagesMagic, 0, kAll),
                    "fashion-mnist: " + path + ": wrong IDX magic 0x00000802, expected 0x00000803");
}

TEST_CASE("idx: truncated gzip stream is an InputError", "[idx]") {
  TempDir dir;
  fx::write_gz(dir / "t.gz", fx::idx_bytes(kIdxLabelsMagic, {5000}, fx::noise_bytes(5000)), 600);
  const std::string path = (dir / "t.gz").string();
  CHECK_THROWS_AS(read_idx("x", path, kIdxLabelsMagic, 0, kAll), InputError);
  CHECK_THROWS_WITH(read_idx("x", path, kIdxLabelsMagic, 0, kAll),
                    Catch::Contains(path) && Catch::Contains("gzip"));
}

TEST_CASE("idx: valid gzip with a short payload is reported as truncated", "[idx]") {
  TempDir dir;
  fx::write_gz(dir / "s.gz", fx::idx_bytes(kIdxImagesMagic, {4, 2, 2}, kPayload));  // 4 items declared, 3 present
  const std::string path = (dir / "s.gz").string();
  CHECK_THROWS_WITH(read_idx("x", path, kIdxImagesMagic, 0, kAll),
                    Catch::Contains(path) && Catch::Contains("truncated") && Catch::Contains("16 bytes") &&
                        Catch::Contains("after 12"));
  fx::write_gz(dir / "h.gz", {0, 0, 8, 3, 0, 0});  // header cut inside the first dim
  CHECK_THROWS_WITH(read_idx_header("x", (dir / "h.gz").string(), kIdxImagesMagic), Catch::Contains("truncated"));
}

TEST_CASE("idx: missing file is an InputError", "[idx]") {
  TempDir dir;
  CHECK_THROWS_AS(read_idx_header("x", (dir / "none.gz").string(), kIdxImagesMagic), InputError);
}

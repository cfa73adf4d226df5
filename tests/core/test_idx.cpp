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

TEST_CASE("idx: a forged header claiming 4 billion items is 'truncated', not an allocation", "[idx][bad_input]") {
  TempDir dir;
  // 16 header bytes claiming 0xFFFFFFFF items of 28 × 28 (about 3.4 TB), then 2 payload bytes.
  const auto bytes = fx::idx_bytes(kIdxImagesMagic, {0xFFFFFFFFU, 28, 28}, {7, 7});
  for (const char* name : {"forged.gz", "forged.raw"}) {
    if (std::string(name).ends_with(".gz")) fx::write_gz(dir / name, bytes);
    else fx::write_bytes(dir / name, bytes);
    const std::string path = (dir / name).string();
    REQUIRE_THROWS_AS(read_idx("t", path, kIdxImagesMagic, 0, kAll), InputError);
    REQUIRE_THROWS_WITH(read_idx("t", path, kIdxImagesMagic, 0, kAll),
                        Catch::Contains(name) && Catch::Contains("truncated") && Catch::Contains("file ends after 2"));
    // Skipping into the claimed items fails the same way.
    REQUIRE_THROWS_WITH(read_idx("t", path, kIdxImagesMagic, 1000, 1), Catch::Contains("truncated"));
  }
}

TEST_CASE("idx: an item size that overflows 64 bits is refused", "[idx][bad_input]") {
  TempDir dir;
  // Rank 4 magic: item size 2^32 · 2^32 · 2^32 overflows.
  const auto bytes = fx::idx_bytes(0x00000804U, {1, 0xFFFFFFFFU, 0xFFFFFFFFU, 0xFFFFFFFFU}, {});
  fx::write_bytes(dir / "o.raw", bytes);
  REQUIRE_THROWS_WITH(read_idx("t", (dir / "o.raw").string(), 0x00000804U, 0, kAll),
                      Catch::Contains("o.raw") && Catch::Contains("overflows"));
}

TEST_CASE("idx: a directory or a missing file is named", "[idx][bad_input]") {
  TempDir dir;
  REQUIRE_THROWS_WITH(read_idx("t", dir.path().string(), kIdxImagesMagic, 0, kAll), Catch::Contains("is a directory"));
  REQUIRE_THROWS_WITH(read_idx("t", (dir / "none.gz").string(), kIdxImagesMagic, 0, kAll),
                      Catch::Contains("none.gz") && Catch::Contains("does not exist"));
}

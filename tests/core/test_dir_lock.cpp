#include "core/dir_lock.hpp"

#include <optional>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge::core;
using spikeforge::test::TempDir;

TEST_CASE("dir lock: a second holder is refused with the first one's name", "[dir_lock][bad_input]") {
  TempDir dir;
  {
    const DirLock first(dir.path(), "run --out");
    // flock locks belong to the open file description: a second open in this process conflicts too.
    REQUIRE_THROWS_AS(DirLock(dir.path(), "run --out"), ConfigError);
    REQUIRE_THROWS_WITH(DirLock(dir.path(), "run --out"),
                        Catch::Contains("run --out") && Catch::Contains("in use by pid"));
  }
  CHECK_NOTHROW(DirLock(dir.path(), "run --out"));  // released with the object
  REQUIRE_THROWS_AS(DirLock(dir / "missing", "run --out"), OutputError);
}

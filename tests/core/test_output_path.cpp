#include "core/output_path.hpp"

#include <fstream>

#include <catch2/catch.hpp>
#include <unistd.h>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge::core;
using spikeforge::test::TempDir;
namespace fs = std::filesystem;

TEST_CASE("output path: a regular file or an absent one in a writable directory is replaced", "[output_path][bad_input]") {
  TempDir dir;
  CHECK(check_output_file(dir / "new.json", "t --out") == OutputKind::kReplace);
  std::ofstream(dir / "old.json") << "x";
  CHECK(check_output_file(dir / "old.json", "t --out") == OutputKind::kReplace);
}

TEST_CASE("output path: devices are written through, directories refused", "[output_path][bad_input]") {
  CHECK(check_output_file("/dev/null", "t --out") == OutputKind::kWriteThrough);
  TempDir dir;
  REQUIRE_THROWS_AS(check_output_file(dir.path(), "t --out"), ConfigError);
  REQUIRE_THROWS_WITH(check_output_file(dir.path(), "t --out"), Catch::Contains("t --out") && Catch::Contains("is a directory"));
}

TEST_CASE("output path: a missing parent directory is named before any work", "[output_path][bad_input]") {
  TempDir dir;
  REQUIRE_THROWS_WITH(check_output_file(dir / "no/such/net.json", "train --out"),
                      Catch::Contains("train --out") && Catch::Contains("does not exist"));
  std::ofstream(dir / "file") << "x";
  REQUIRE_THROWS_WITH(check_output_file(dir / "file/net.json", "train --out"), Catch::Contains("is not a directory"));
  REQUIRE_THROWS_AS(check_output_file("", "train --out"), ConfigError);
  CHECK_NOTHROW(check_optional_output_file("", "train --report"));
}

TEST_CASE("output path: an unwritable directory is refused", "[output_path][bad_input]") {
  if (::geteuid() == 0) {
    SUCCEED("root writes everywhere: permission bits do not apply");  // nothing to refuse as root
    return;
  }
  TempDir dir;
  fs::create_directories(dir / "ro");
  fs::permissions(dir / "ro", fs::perms::owner_read | fs::perms::owner_exec);
  REQUIRE_THROWS_WITH(check_output_file(dir / "ro/net.json", "train --out"), Catch::Contains("not writable"));
  fs::permissions(dir / "ro", fs::perms::owner_all);
}

TEST_CASE("output path: symlinks are followed to their target", "[output_path]") {
  TempDir dir;
  fs::create_directories(dir / "real");
  fs::create_symlink(dir / "real/net.json", dir / "link.json");  // dangling: the target does not exist yet
  CHECK(resolve_output(dir / "link.json") == dir / "real/net.json");
  fs::create_symlink("link.json", dir / "link2.json");  // relative, two hops
  CHECK(resolve_output(dir / "link2.json") == dir / "real/net.json");
  CHECK(check_output_file(dir / "link2.json", "t") == OutputKind::kReplace);
  fs::create_symlink(dir / "real", dir / "dirlink");
  REQUIRE_THROWS_WITH(check_output_file(dir / "dirlink", "t"), Catch::Contains("is a directory"));
  fs::create_symlink(dir / "loop", dir / "loop");
  REQUIRE_THROWS_WITH(resolve_output(dir / "loop"), Catch::Contains("too many levels"));
}

TEST_CASE("output dir: a directory, or an absent one below a writable ancestor", "[output_path][bad_input]") {
  TempDir dir;
  CHECK_NOTHROW(check_output_dir(dir.path(), "run --out"));
  CHECK_NOTHROW(check_output_dir(dir / "a/b/c", "run --out"));
  std::ofstream(dir / "file") << "x";
  REQUIRE_THROWS_WITH(check_output_dir(dir / "file", "run --out"),
                      Catch::Contains("run --out") && Catch::Contains("is not a directory"));
  REQUIRE_THROWS_WITH(check_output_dir(dir / "file/sub", "run --out"), Catch::Contains("is not a directory"));
  CHECK_NOTHROW(check_output_files({{dir / "a.json", "x"}, {"", "y"}}));
  REQUIRE_THROWS_WITH(check_output_files({{dir / "a.json", "x"}, {dir.path(), "eval --save-outputs"}}),
                      Catch::Contains("eval --save-outputs"));
}

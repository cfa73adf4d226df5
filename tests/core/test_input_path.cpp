#include "core/input_path.hpp"

#include <fstream>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge::core;
using spikeforge::test::TempDir;

TEST_CASE("input path: missing, directory and regular files", "[input_path][bad_input]") {
  TempDir dir;
  REQUIRE_THROWS_AS(check_input_file(dir / "none.json", "export --net"), InputError);
  REQUIRE_THROWS_WITH(check_input_file(dir / "none.json", "export --net"),
                      Catch::Contains("export --net") && Catch::Contains("none.json") && Catch::Contains("does not exist"));
  REQUIRE_THROWS_WITH(check_input_file(dir.path(), "run: --config"), Catch::Contains("is a directory"));
  REQUIRE_THROWS_AS(check_input_file("", "x"), InputError);
  std::ofstream(dir / "a.json") << "{}";
  CHECK_NOTHROW(check_input_file(dir / "a.json", "x"));
  CHECK(read_input_file(dir / "a.json", "x") == "{}");
  CHECK(input_file_size(dir / "a.json") == 2);
  CHECK(input_file_size("/dev/null") == 0);
}

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge::core;
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}
std::size_t entries(const fs::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir)) ++n;
  return n;
}
}  // namespace

TEST_CASE("atomic writes replace the file whole", "[atomic_write]") {
  spikeforge::test::TempDir dir;
  const fs::path target = dir / "out.txt";
  write_file_atomically(target, "first");
  CHECK(slurp(target) == "first");
  write_file_atomically(target, "second");
  CHECK(slurp(target) == "second");
  CHECK(entries(dir.path()) == 1);
}

TEST_CASE("a writer that throws leaves the old file and no temp file", "[atomic_write]") {
  spikeforge::test::TempDir dir;
  const fs::path target = dir / "out.txt";
  write_file_atomically(target, "kept");
  REQUIRE_THROWS_AS(write_atomically(target,
                                     [](std::ostream& out) {
                                       out << "partial";
                                       throw std::runtime_error("boom");
                                     }),
                    std::runtime_error);
  CHECK(slurp(target) == "kept");
  CHECK(entries(dir.path()) == 1);
}

TEST_CASE("an unwritable target gives an OutputError naming it", "[atomic_write]") {
  REQUIRE_THROWS_WITH(write_file_atomically("/nonexistent-dir/x/out.txt", "x"), Catch::Contains("/nonexistent-dir/x/out.txt"));
}

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

TEST_CASE("atomic writes never replace a directory, follow symlinks, write devices through", "[atomic_write][bad_input]") {
  spikeforge::test::TempDir dir;
  fs::create_directories(dir / "d");
  std::ofstream(dir / "d/keep") << "mine";
  REQUIRE_THROWS_AS(write_file_atomically(dir / "d", "x"), ConfigError);
  CHECK(fs::is_directory(dir / "d"));
  CHECK(slurp(dir / "d/keep") == "mine");
  CHECK(entries(dir.path()) == 1);  // no temp file left beside it

  std::ofstream(dir / "target.txt") << "old";
  fs::create_symlink("target.txt", dir / "link.txt");
  write_file_atomically(dir / "link.txt", "new");
  CHECK(fs::is_symlink(dir / "link.txt"));
  CHECK(slurp(dir / "target.txt") == "new");

  write_file_atomically("/dev/null", "discarded");  // written through: /dev/null stays a device
  CHECK(fs::is_character_file("/dev/null"));
}

TEST_CASE("commit_temp_file writes a device through and refuses a directory", "[atomic_write][bad_input]") {
  spikeforge::test::TempDir dir;
  const fs::path tmp = temp_path_for(dir / "x.h5");
  std::ofstream(tmp) << "bytes";
  commit_temp_file(tmp, "/dev/null");
  CHECK_FALSE(fs::exists(tmp));
  CHECK(fs::is_character_file("/dev/null"));
  fs::create_directories(dir / "d");
  const fs::path tmp2 = temp_path_for(dir / "d");
  std::ofstream(tmp2) << "bytes";
  REQUIRE_THROWS_WITH(commit_temp_file(tmp2, dir / "d"), Catch::Contains("is a directory"));
  CHECK_FALSE(fs::exists(tmp2));
  CHECK(fs::is_directory(dir / "d"));
}

TEST_CASE("temp names are recognised", "[atomic_write]") {
  spikeforge::test::TempDir dir;
  CHECK(is_temp_name(temp_path_for(dir / "net.json").filename().string()));
  CHECK(is_temp_name(".rtl.tmp.123.4"));
  CHECK_FALSE(is_temp_name("net.json"));
  CHECK_FALSE(is_temp_name(".lock"));
  CHECK_FALSE(is_temp_name(".a.tmp.x.1"));
  CHECK_FALSE(is_temp_name("a.tmp.1.2"));
}

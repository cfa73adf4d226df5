#include "core/file_digest.hpp"

#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge::core;
using spikeforge::test::TempDir;
namespace fs = std::filesystem;

namespace {
void put(const fs::path& p, const std::string& s) { std::ofstream(p, std::ios::binary) << s; }
}  // namespace

TEST_CASE("file digest: streaming hash equals the plain reference", "[file_digest]") {
  TempDir dir;
  std::string big(200000, '\0');  // over several read chunks
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<char>((i * 131) & 0xFF);
  put(dir / "big.bin", big);
  const FileDigest d = digest_file(dir / "big.bin");
  CHECK(d.size == big.size());
  std::ostringstream hex;
  hex << std::hex;
  hex.width(16);
  hex.fill('0');
  hex << fnv1a64(big);
  CHECK(d.fnv1a == hex.str());
  CHECK(fnv1a64("") == 1469598103934665603ULL);  // FNV-1a 64 offset basis: nothing hashed
}

TEST_CASE("file digest: a tree, its changes and their verification", "[file_digest][bad_input]") {
  TempDir dir;
  fs::create_directories(dir / "stages");
  put(dir / "net.json", "net");
  put(dir / "stages/train.json", "{}");
  put(dir / "state.json", "s");
  put(dir / ".net.json.tmp.1.2", "partial");
  const auto tree = digest_tree(dir.path(), {"state.json"});
  REQUIRE(tree.size() == 2);
  CHECK(tree.count("net.json") == 1);
  CHECK(tree.count("stages/train.json") == 1);
  CHECK_FALSE(verify_files(dir.path(), tree));

  put(dir / "net.json", "NET");  // same size, other bytes
  CHECK(verify_files(dir.path(), tree).value().find("content changed") != std::string::npos);
  put(dir / "net.json", "longer");
  CHECK(verify_files(dir.path(), tree).value().find("size 6, recorded 3") != std::string::npos);
  fs::remove(dir / "net.json");
  CHECK(verify_files(dir.path(), tree).value() == "net.json: missing");

  put(dir / "new.json", "n");
  const auto changed = changed_files(tree, digest_tree(dir.path(), {"state.json"}));
  CHECK(changed.count("new.json") == 1);
  CHECK(changed.count("stages/train.json") == 0);
  const auto before = stamp_tree(dir.path(), {"state.json"});
  CHECK(written_between(before, before).empty());
  // Rewritten with the same bytes: counted as written (a later mtime), like a re-run stage's output.
  fs::last_write_time(dir / "new.json", fs::last_write_time(dir / "new.json") + std::chrono::seconds(5));
  put(dir / "later.json", "l");
  const auto written = written_between(before, stamp_tree(dir.path(), {"state.json"}));
  CHECK(written.size() == 2);
  CHECK(written.count("new.json") == 1);
  CHECK(written.count("later.json") == 1);
}

TEST_CASE("file digest: stale temp files and directories are removed", "[file_digest][bad_input]") {
  TempDir dir;
  fs::create_directories(dir / ".rtl.tmp.77.0/mem");
  put(dir / ".rtl.tmp.77.0/mem/w.hex", "1");
  put(dir / ".lava.json.tmp.77.1", "partial");
  put(dir / "lava.json", "keep");
  const auto removed = remove_stale_temp_files(dir.path());
  CHECK(removed.size() == 2);
  CHECK_FALSE(fs::exists(dir / ".rtl.tmp.77.0"));
  CHECK_FALSE(fs::exists(dir / ".lava.json.tmp.77.1"));
  CHECK(fs::exists(dir / "lava.json"));
  REQUIRE_THROWS_AS(digest_file(dir / "none"), InputError);
}

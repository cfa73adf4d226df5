// Checkpoint container: round trip, atomic write, validation of truncated/corrupt files.
#include <catch2/catch.hpp>

#include <fstream>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"
#include "trainer/checkpoint.hpp"

using namespace spikeforge;

namespace {
trainer::Checkpoint sample_checkpoint() {
  trainer::Checkpoint cp;
  const std::vector<float> f{1.5F, -2.0F, 3.25F};
  const std::vector<double> d{0.1, 1e300};
  const std::vector<std::int64_t> i{-7, 42};
  const std::vector<std::uint64_t> u{~0ULL};
  cp.put_floats("f", f);
  cp.put_doubles("d", d);
  cp.put_ints("i", i);
  cp.put_u64s("u", u);
  cp.put_text("t", std::string("hello\0world", 11));
  Eigen::MatrixXf m(2, 3);
  m << 1, 2, 3, 4, 5, 6;
  cp.put_matrix("m", m);
  std::mt19937_64 rng(123);
  rng.discard(17);
  cp.put_rng("rng", rng);
  return cp;
}
}  // namespace

TEST_CASE("checkpoint round trip keeps every blob bit for bit", "[checkpoint]") {
  test::TempDir dir;
  const auto path = dir / "c.ckpt";
  sample_checkpoint().write(path);
  const auto cp = trainer::Checkpoint::read(path);
  CHECK(cp.floats("f") == std::vector<float>{1.5F, -2.0F, 3.25F});
  CHECK(cp.doubles("d") == std::vector<double>{0.1, 1e300});
  CHECK(cp.ints("i") == std::vector<std::int64_t>{-7, 42});
  CHECK(cp.u64s("u") == std::vector<std::uint64_t>{~0ULL});
  CHECK(cp.text("t") == std::string("hello\0world", 11));
  const auto m = cp.matrix("m");
  CHECK(m.rows() == 2);
  CHECK(m(1, 2) == 6.0F);
  std::mt19937_64 expected(123), got;
  expected.discard(17);
  cp.get_rng("rng", got);
  CHECK(got() == expected());
  CHECK(cp.source() == path.string());
}

TEST_CASE("checkpoint reader rejects missing, truncated, corrupt and foreign files", "[checkpoint]") {
  test::TempDir dir;
  const auto path = dir / "c.ckpt";
  CHECK_THROWS_AS(trainer::Checkpoint::read(path), core::InputError);
  sample_checkpoint().write(path);
  std::string bytes;
  {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  auto write = [&](const std::string& b) { std::ofstream(path, std::ios::binary | std::ios::trunc) << b; };
  write(bytes.substr(0, bytes.size() / 2));
  CHECK_THROWS_WITH(trainer::Checkpoint::read(path), Catch::Contains(path.string()));
  std::string flipped = bytes;
  flipped[40] = static_cast<char>(flipped[40] ^ 1);
  write(flipped);
  CHECK_THROWS_AS(trainer::Checkpoint::read(path), core::InputError);
  std::string foreign = bytes;
  foreign[0] = 'X';
  write(foreign);
  CHECK_THROWS_WITH(trainer::Checkpoint::read(path), Catch::Contains("bad magic"));
}

TEST_CASE("checkpoint getters name the missing or mistyped blob", "[checkpoint]") {
  const auto cp = sample_checkpoint();
  CHECK_THROWS_WITH(cp.floats("nope"), Catch::Contains("'nope' missing"));
  CHECK_THROWS_WITH(cp.ints("f"), Catch::Contains("'f' has another type"));
  CHECK_THROWS_AS(cp.matrix("f"), core::InputError);  // rank 1, not a matrix
}

#include <catch2/catch.hpp>

#include <vector>

#include "core/errors.hpp"
#include "core/spikes.hpp"

using namespace spikeforge::core;

TEST_CASE("spike batches store event lists per step", "[spikes]") {
  SpikeBatch b(3, 5, 2);
  const std::vector<std::uint32_t> s0{0, 4}, s1{}, s2{2};
  b.begin_sample(1);
  b.add_step(s0);
  b.add_step(s1);
  b.add_step(s2);
  Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r(3, 5);
  r.setZero();
  r(1, 3) = 1;
  b.add_dense_sample(r, 0);
  REQUIRE(b.size() == 2);
  CHECK(b.total_spikes() == 4);
  CHECK(b.label(0) == 1);
  CHECK(std::vector<std::uint32_t>(b.active(0, 0).begin(), b.active(0, 0).end()) == s0);
  CHECK(b.active(0, 1).empty());
  CHECK(b.active(1, 1).size() == 1);
  CHECK(b.active(1, 1)[0] == 3);

  Eigen::MatrixXf d;
  b.dense_step(0, 0, 2, d);
  CHECK(d.rows() == 5);
  CHECK(d.cols() == 2);
  CHECK(d.sum() == 2.0F);
  CHECK(d(4, 0) == 1.0F);

  const SpikeBatch tail = b.slice(1, 1);
  CHECK(tail.size() == 1);
  CHECK(tail.active(0, 1)[0] == 3);
  SpikeBatch joined = b.slice(0, 1);
  joined.append(tail);
  CHECK(joined == b);
}

TEST_CASE("spike batches reject malformed steps", "[spikes]") {
  SpikeBatch b(2, 4, 3);
  const std::vector<std::uint32_t> bad{4}, unsorted{2, 1}, ok{1};
  REQUIRE_THROWS_AS(b.add_step(ok), ConfigError);  // no begin_sample
  b.begin_sample(0);
  REQUIRE_THROWS_WITH(b.add_step(bad), Catch::Contains("out of range"));
  REQUIRE_THROWS_AS(b.add_step(unsorted), ConfigError);
  b.add_step(ok);
  REQUIRE_THROWS_WITH(b.check_complete(), Catch::Contains("1 steps, expected 2"));
  REQUIRE_THROWS_AS(b.begin_sample(0), ConfigError);  // previous sample incomplete
  b.add_step(ok);
  REQUIRE_THROWS_AS(b.add_step(ok), ConfigError);  // too many steps
  REQUIRE_THROWS_AS(b.begin_sample(3), ConfigError);  // label out of range
  REQUIRE_THROWS_AS(SpikeBatch(0, 4, 3), ConfigError);
}

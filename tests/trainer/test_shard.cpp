// Sample shards of a distributed run (trainer/shard.hpp): contiguous blocks, sizes, errors, and
// the sharded accuracy on one process.
#include <algorithm>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "core/metrics.hpp"
#include "trainer/shard.hpp"

using namespace spikeforge;

TEST_CASE("shards are contiguous blocks covering every sample once", "[shard]") {
  for (const std::size_t n : {0UL, 1UL, 2UL, 7UL, 100UL, 60001UL}) {
    for (int k = 1; k <= 5; ++k) {
      std::size_t next = 0;
      std::size_t smallest = n;
      std::size_t largest = 0;
      for (int r = 0; r < k; ++r) {
        const auto sh = trainer::shard_of(n, r, k);
        CHECK(sh.first == next);
        CHECK(sh.total == n);
        CHECK(sh.first == n * static_cast<std::size_t>(r) / static_cast<std::size_t>(k));
        next = sh.first + sh.count;
        smallest = std::min(smallest, sh.count);
        largest = std::max(largest, sh.count);
      }
      CHECK(next == n);
      CHECK(largest - smallest <= 1);
    }
  }
}

TEST_CASE("shard_of rejects bad ranks", "[shard]") {
  CHECK_THROWS_AS(trainer::shard_of(10, 0, 0), core::ConfigError);
  CHECK_THROWS_AS(trainer::shard_of(10, 2, 2), core::ConfigError);
  CHECK_THROWS_WITH(trainer::shard_of(10, -1, 2), Catch::Contains("rank = -1"));
}

TEST_CASE("sharded accuracy on one process is core::accuracy", "[shard]") {
  const std::vector<int> pred = {0, 1, 2, 1, 1, 0, 3};
  const std::vector<int> labels = {0, 1, 1, 1, 2, 0, 3};
  CHECK(trainer::sharded_accuracy(pred, labels, trainer::local_reducer()) == core::accuracy(pred, labels));
  CHECK(trainer::sharded_accuracy({}, {}, trainer::local_reducer()) == 0.0);
  CHECK_THROWS_AS(trainer::sharded_accuracy({1}, {1, 2}, trainer::local_reducer()), core::ConfigError);
}

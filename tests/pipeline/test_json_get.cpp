// Tests of pipeline/json_get.cpp: the one numeric policy of the run config.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "pipeline/json_get.hpp"

using nlohmann::json;
using spikeforge::core::ConfigError;
using spikeforge::pipeline::read_json_value;

namespace {
template <class T>
std::string error_of(const char* text) {
  T out{};
  try {
    read_json_value(json::parse(text), out, "k");
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("integers take integral numbers in range only") {
  int i = 0;
  read_json_value(json(7), i, "k");
  CHECK(i == 7);
  read_json_value(json(7.0), i, "k");  // an integral double is an integer
  CHECK(i == 7);
  CHECK_THAT(error_of<int>("2.5"), Catch::Contains("k = 2.5 must be an integer"));
  CHECK_THAT(error_of<int>("1e10"), Catch::Contains("k = 10000000000.0 must be an integer in"));
  CHECK_THAT(error_of<int>("3000000000"), Catch::Contains("must be an integer in"));
  CHECK_THAT(error_of<int>("\"3\""), Catch::Contains("must be an integer"));
  CHECK_THAT(error_of<int>("true"), Catch::Contains("must be an integer"));
  CHECK(error_of<int>("-5").empty());
}

TEST_CASE("unsigned fields refuse negatives instead of wrapping") {
  CHECK_THAT(error_of<std::size_t>("-1"), Catch::Contains("k = -1 must be a non-negative integer"));
  CHECK_THAT(error_of<std::uint64_t>("-1.0"), Catch::Contains("non-negative"));
  CHECK_THAT(error_of<unsigned>("4294967296"), Catch::Contains("must be an integer in"));
  std::uint64_t big = 0;
  read_json_value(json(std::uint64_t{18446744073709551615ULL}), big, "k");
  CHECK(big == 18446744073709551615ULL);
  CHECK_THAT(error_of<std::uint64_t>("1.8446744073709552e19"), Catch::Contains("must be an integer in"));  // = 2^64
}

TEST_CASE("floating fields take finite numbers; bools and strings their own type") {
  double d = 0;
  read_json_value(json(2), d, "k");
  CHECK(d == 2.0);
  CHECK_THAT(error_of<float>("1e39"), Catch::Contains("must be a finite number"));
  CHECK_THAT(error_of<double>("\"x\""), Catch::Contains("must be a number"));
  CHECK_THAT(error_of<bool>("1"), Catch::Contains("must be true or false"));
  CHECK_THAT(error_of<std::string>("1"), Catch::Contains("must be a string"));
  std::vector<int> v;
  CHECK_THROWS_WITH(read_json_value(json::parse("[1, 2.5]"), v, "h"), Catch::Contains("h[1] = 2.5"));
  CHECK_THROWS_WITH(read_json_value(json(3), v, "h"), Catch::Contains("must be an array"));
  read_json_value(json::parse("[4, 5]"), v, "h");
  CHECK(v == std::vector<int>{4, 5});
}

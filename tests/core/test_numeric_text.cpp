#include "core/numeric_text.hpp"

#include <cstdint>

#include <catch2/catch.hpp>

#include "core/errors.hpp"

using namespace spikeforge::core;

TEST_CASE("numeric text: integers in range pass", "[numeric_text]") {
  CHECK_FALSE(integer_text_problem<std::uint64_t>("0"));
  CHECK_FALSE(integer_text_problem<std::uint64_t>("18446744073709551615"));
  CHECK_FALSE(integer_text_problem<std::int64_t>("-9223372036854775808"));
  CHECK_FALSE(integer_text_problem<int>("-1"));
  CHECK(parse_integer<int>("-25", "x") == -25);
  CHECK(parse_integer<std::uint64_t>("18446744073709551615", "x") == UINT64_MAX);
}

TEST_CASE("numeric text: negatives, fractions, exponents and overflow are refused", "[numeric_text][bad_input]") {
  CHECK(integer_text_problem<std::uint64_t>("-1").value().starts_with("negative"));
  CHECK(integer_text_problem<std::size_t>("-1"));
  CHECK(integer_text_problem<int>("2.5").value().starts_with("not an integer"));
  CHECK(integer_text_problem<int>("1e10").value().starts_with("not an integer"));
  CHECK(integer_text_problem<int>("10000000000").value().starts_with("out of range"));
  CHECK(integer_text_problem<std::uint64_t>("18446744073709551616").value().starts_with("out of range"));
  CHECK(integer_text_problem<std::uint64_t>("99999999999999999999999").value().starts_with("out of range"));
  CHECK(integer_text_problem<std::int64_t>("-9223372036854775809").value().starts_with("out of range"));
  CHECK(integer_text_problem<int>("0x10"));
  CHECK(integer_text_problem<int>("010").value().starts_with("leading zero"));
  CHECK(integer_text_problem<int>(" 1"));
  CHECK(integer_text_problem<int>(""));
  CHECK(integer_text_problem<int>("-"));
  CHECK(integer_text_problem<unsigned>("-0") == std::nullopt);  // -0 is 0
  REQUIRE_THROWS_AS(parse_integer<int>("2.5", "data.steps"), ConfigError);
  REQUIRE_THROWS_WITH(parse_integer<std::size_t>("-1", "verify.samples"),
                      Catch::Contains("verify.samples = -1") && Catch::Contains("[0, 18446744073709551615]"));
}

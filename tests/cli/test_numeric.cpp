#include "cli/numeric.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

namespace {

struct Parsed {
  std::size_t samples = 7;
  std::uint64_t seed = 1;
  int steps = 25;
  double lr = 0.1;
};

/// Parses `args` into a fresh app with a subcommand, as cli/app.cpp builds it.
bool parses(const std::vector<std::string>& args, Parsed* out = nullptr) {
  CLI::App app;
  Parsed p;
  auto* sub = app.add_subcommand("train");
  sub->add_option("--samples", p.samples);
  sub->add_option("--seed", p.seed);
  sub->add_option("--steps", p.steps);
  sub->add_option("--lr", p.lr);
  CHECK(spikeforge::cli::apply_numeric_policy(app) == 3);  // lr is a float: not covered
  std::vector<std::string> argv = {"train"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::reverse(argv.begin(), argv.end());  // CLI11 takes a reversed vector
  try {
    app.parse(argv);
  } catch (const CLI::ParseError&) {
    return false;
  }
  if (out) *out = p;
  return true;
}

}  // namespace

TEST_CASE("numeric policy: unsigned options reject negatives instead of wrapping", "[numeric][bad_input]") {
  CHECK_FALSE(parses({"--samples", "-1"}));
  CHECK_FALSE(parses({"--seed", "-1"}));
  Parsed p;
  REQUIRE(parses({"--samples", "12", "--seed", "18446744073709551615"}, &p));
  CHECK(p.samples == 12);
  CHECK(p.seed == UINT64_MAX);
}

TEST_CASE("numeric policy: integers reject fractions, exponents, octal and overflow", "[numeric][bad_input]") {
  CHECK_FALSE(parses({"--steps", "2.5"}));
  CHECK_FALSE(parses({"--steps", "1e10"}));
  CHECK_FALSE(parses({"--steps", "010"}));
  CHECK_FALSE(parses({"--steps", "0x10"}));
  CHECK_FALSE(parses({"--seed", "18446744073709551616"}));
  CHECK_FALSE(parses({"--steps", "10000000000"}));  // fits int64, not int: CLI11's own range check
  Parsed p;
  REQUIRE(parses({"--steps", "-3", "--lr", "2.5e-3"}, &p));
  CHECK(p.steps == -3);
  CHECK(p.lr == 2.5e-3);
}

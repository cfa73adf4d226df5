// ADMM settings: validation messages and variant defaults.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "trainer/admm/settings.hpp"

using namespace spikeforge;

TEST_CASE("settings validation names the field and value", "[admm][settings]") {
  trainer::admm::Settings s;
  s.hidden = {8};
  CHECK_NOTHROW(s.validate());
  auto b = s;
  b.rho = -1;
  CHECK_THROWS_WITH(b.validate(), Catch::Contains("admm: rho = -1 must be > 0"));
  b = s;
  b.leak = 0.0;
  CHECK_THROWS_WITH(b.validate(), Catch::Contains("leak = 0"));
  b = s;
  b.hidden = {8, 0};
  CHECK_THROWS_WITH(b.validate(), Catch::Contains("hidden[1] = 0"));
  b = s;
  b.warmup = -2;
  CHECK_THROWS_AS(b.validate(), core::ConfigError);
  b = s;
  b.reset = core::ResetMode::zero;
  CHECK_THROWS_WITH(b.validate(), Catch::Contains("reset = zero"));
  CHECK_THROWS_AS(trainer::admm::parse_variant("fancy"), core::ConfigError);
}

TEST_CASE("variant defaults switch the levers", "[admm][settings]") {
  trainer::admm::Settings s;
  s.hidden = {8};
  s.variant = trainer::admm::Variant::paper;
  s.apply_variant_defaults();
  CHECK_FALSE(s.refit_output);
  CHECK(s.reanchor_every == 0);
  CHECK(s.init == trainer::admm::Init::zero);
  CHECK(s.init_rate == 0.1);
  s.variant = trainer::admm::Variant::improved;
  s.apply_variant_defaults();
  CHECK(s.refit_output);
  CHECK(s.init == trainer::admm::Init::random);
  CHECK(s.init_rate == 0.2);
}

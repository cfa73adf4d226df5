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
  b = s;
  b.quant_scales = 0;
  CHECK_THROWS_WITH(b.validate(), Catch::Contains("quant_scales = 0"));
  b = s;
  b.spike_budget = -1.0;
  CHECK_THROWS_WITH(b.validate(), Catch::Contains("spike_budget = -1"));
  CHECK_THROWS_AS(trainer::admm::parse_variant("fancy"), core::ConfigError);
}

TEST_CASE("presets: improved is the default, paper turns every lever off", "[admm][settings]") {
  using trainer::admm::Settings;
  Settings s = Settings::paper();
  CHECK(s.variant == trainer::admm::Variant::paper);
  CHECK_FALSE(s.refit_output);
  CHECK(s.reanchor_every == 0);
  CHECK_FALSE(s.keep_best);
  CHECK_FALSE(s.aggregate);
  CHECK(s.init == trainer::admm::Init::zero);
  CHECK(s.init_rate == 0.1);
  CHECK(s.gamma == 0.0);
  s = Settings::improved();
  CHECK(s.variant == trainer::admm::Variant::improved);
  CHECK(s.refit_output);
  CHECK(s.aggregate);
  CHECK(s.init == trainer::admm::Init::random);
  CHECK(s.init_rate == 0.2);
  CHECK(s.gamma == 0.01);
  // One default, written once: the default-constructed settings are the improved preset.
  const Settings d{};
  CHECK(d.gamma == s.gamma);
  CHECK(d.iterations == s.iterations);
  CHECK(d.agg_decay == s.agg_decay);
  CHECK(Settings::preset(trainer::admm::Variant::paper).aggregate == false);
  // Both presets are valid once a hidden layer is named.
  for (Settings p : {Settings::paper(), Settings::improved()}) {
    p.hidden = {8};
    CHECK_NOTHROW(p.validate());
  }
}

TEST_CASE("cross-field rules", "[admm][settings]") {
  trainer::admm::Settings s;
  s.hidden = {8};
  s.beta = 0.5;  // beta_max 0.1 is fine while the continuation is off ...
  CHECK_NOTHROW(s.validate());
  s.beta_growth = 1.1;  // ... and wrong once it would grow beta
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("beta_max = 0.1 must be >= beta"));
}

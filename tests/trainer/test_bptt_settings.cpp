// Tests of trainer/bptt/settings.cpp: every rule of validate() rejects a bad value.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "core/errors.hpp"
#include "trainer/bptt/settings.hpp"

using namespace spikeforge;

namespace {
trainer::BpttSettings good() {
  trainer::BpttSettings s;
  s.hidden = {8};
  return s;
}
}  // namespace

TEST_CASE("bptt settings: defaults with a hidden layer are valid", "[bptt]") {
  CHECK_NOTHROW(good().validate());
  CHECK(good().loss_kind() == trainer::bptt::Loss::cross_entropy);
  auto s = good();
  s.loss = "mse";
  CHECK(s.loss_kind() == trainer::bptt::Loss::mse);
  CHECK(s.kernel_options(3).threads == 3);
}

TEST_CASE("bptt settings: cosine schedule starts at lr and decays to near 0", "[bptt]") {
  auto s = good();
  s.epochs = 4;
  s.lr = 0.01F;
  CHECK(s.epoch_lr(2) == 0.01F);  // constant
  s.lr_schedule = "cosine";
  CHECK(s.epoch_lr(0) == 0.01F);
  CHECK(s.epoch_lr(2) == Approx(0.005));
  CHECK(s.epoch_lr(3) == Approx(0.01 * 0.5 * (1.0 + std::cos(3.14159265358979 * 0.75))));
}

TEST_CASE("bptt settings: bad values are ConfigErrors naming the field", "[bptt]") {
  using S = trainer::BpttSettings;
  const std::vector<std::pair<std::string, std::function<void(S&)>>> cases = {
      {"hidden", [](S& s) { s.hidden = {}; }},
      {"hidden[1]", [](S& s) { s.hidden = {4, 0}; }},
      {"leak", [](S& s) { s.leak = 0.0F; }},
      {"leak", [](S& s) { s.leak = 1.5F; }},
      {"v_thresh", [](S& s) { s.v_thresh = -1.0F; }},
      {"epochs", [](S& s) { s.epochs = -1; }},
      {"batch_size", [](S& s) { s.batch_size = 0; }},
      {"lr", [](S& s) { s.lr = 0.0F; }},
      {"adam_beta1", [](S& s) { s.adam_beta1 = 1.0F; }},
      {"adam_beta2", [](S& s) { s.adam_beta2 = -0.1F; }},
      {"adam_eps", [](S& s) { s.adam_eps = 0.0F; }},
      {"loss", [](S& s) { s.loss = "hinge"; }},
      {"lr_schedule", [](S& s) { s.lr_schedule = "step"; }},
      {"surrogate_slope", [](S& s) { s.surrogate_slope = 0.0F; }},
      {"weight_init", [](S& s) { s.weight_init = -2.0F; }},
      {"spike_budget", [](S& s) { s.spike_budget = -0.5F; }},
      {"threads", [](S& s) { s.threads = -1; }},
      {"report_every_batches", [](S& s) { s.report_every_batches = -3; }},
      {"val_every", [](S& s) { s.val_every = 0; }},
  };
  for (const auto& [field, spoil] : cases) {
    S s = good();
    spoil(s);
    INFO(field);
    CHECK_THROWS_AS(s.validate(), core::ConfigError);
    CHECK_THROWS_WITH(s.validate(), Catch::Contains("bptt: " + field));
  }
}

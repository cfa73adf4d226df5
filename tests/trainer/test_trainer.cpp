// The ADMM training loop: learns the synthetic task, is deterministic, resumes bit-identically.
#include <catch2/catch.hpp>

#include "core/datasets/synthetic.hpp"
#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "support/temp_dir.hpp"
#include "trainer/admm/admm.hpp"

using namespace spikeforge;

namespace {

core::SpikeBatch tiny_train() { return core::load_synthetic("train", 12, 1, 0, 64); }

/// `aggregate`: the improved variant's lever 8 (its default) or its per-step z/a blocks.
trainer::admm::Settings tiny_settings(trainer::admm::Variant v, bool aggregate = false) {
  trainer::admm::Settings s = trainer::admm::Settings::preset(v);
  s.hidden = {32};
  s.aggregate = aggregate;
  s.iterations = 30;
  s.gamma = 1e-2;
  s.val_every = 5;
  return s;
}

double accuracy(const core::FloatNetwork& net, const core::SpikeBatch& data) {
  return core::accuracy(core::simulate(net, data).predictions, data.labels());
}

bool same_weights(const core::FloatNetwork& a, const core::FloatNetwork& b) {
  if (a.layers.size() != b.layers.size()) return false;
  for (std::size_t l = 0; l < a.layers.size(); ++l)
    if (a.layers[l].weights != b.layers[l].weights || a.layers[l].bias != b.layers[l].bias) return false;
  return true;
}

}  // namespace

TEST_CASE("improved ADMM with per-step blocks fits the tiny synthetic task perfectly (hard-spike simulation)", "[admm][train]") {
  const auto data = tiny_train();
  const auto r = trainer::admm::train(tiny_settings(trainer::admm::Variant::improved), data, nullptr, {});
  CHECK(accuracy(r.net, data) == 1.0);
  CHECK(r.history.size() == 31);  // iteration 0 plus one record per iteration
  CHECK(r.history.back().metrics.count("lagrangian") == 1);
}

TEST_CASE("paper ADMM decreases its Lagrangian and residuals on the tiny task", "[admm][train]") {
  // (Its hard-spike accuracy on this timing task stays near chance: docs/bench/trainer.md.)
  const auto data = tiny_train();
  auto s = tiny_settings(trainer::admm::Variant::paper);
  const auto r = trainer::admm::train(s, data, nullptr, {});
  const auto& first = r.history.at(1).metrics;  // after iteration 1 (iteration 0 is the random init)
  const auto& last = r.history.back().metrics;
  CHECK(last.at("lagrangian") < first.at("lagrangian"));
  CHECK(last.at("primal_res") < first.at("primal_res"));
  CHECK(last.at("dyn_res_l1") < r.history.front().metrics.at("dyn_res_l1"));
}

TEST_CASE("same seed gives bit-identical weights, another seed does not", "[admm][determinism]") {
  const auto data = tiny_train();
  for (const bool aggregate : {false, true}) {
    auto s = tiny_settings(trainer::admm::Variant::improved, aggregate);
    s.iterations = 6;
    const auto a = trainer::admm::train(s, data, nullptr, {});
    const auto b = trainer::admm::train(s, data, nullptr, {});
    CHECK(same_weights(a.net, b.net));
    s.seed = 2;
    const auto c = trainer::admm::train(s, data, nullptr, {});
    CHECK_FALSE(same_weights(a.net, c.net));
  }
}

TEST_CASE("resuming from a checkpoint ends bit-identical to an uninterrupted run", "[admm][checkpoint]") {
  const auto data = tiny_train();
  const auto val = core::load_synthetic("train", 12, 1, 64, 32);
  test::TempDir dir;
  for (const int mode : {0, 1, 2}) {  // paper, improved per-step, improved aggregate
    auto s = tiny_settings(mode == 0 ? trainer::admm::Variant::paper : trainer::admm::Variant::improved, mode == 2);
    s.iterations = 8;
    s.val_every = 2;
    CAPTURE(mode);
    const auto full = trainer::admm::train(s, data, &val, {});
    trainer::admm::CheckpointOptions cp{dir / "admm.ckpt", 3, false};
    // "Killed" right after iteration 3 and its checkpoint (a shorter run would differ: its last
    // iteration is validated, which feeds keep-best).
    const auto kill = [](const trainer::TrainProgress& p) {
      if (p.iteration == 3) throw std::runtime_error("killed");
    };
    CHECK_THROWS_WITH(trainer::admm::train(s, data, &val, kill, cp), "killed");
    cp.resume = true;
    const auto resumed = trainer::admm::train(s, data, &val, {}, cp);
    CHECK(same_weights(full.net, resumed.net));
    CHECK(resumed.history.size() == full.history.size());
  }
}

TEST_CASE("progress is reported once per iteration with an ETA", "[admm][train]") {
  auto s = tiny_settings(trainer::admm::Variant::paper);
  s.iterations = 3;
  std::vector<trainer::TrainProgress> seen;
  (void)trainer::admm::train(s, tiny_train(), nullptr, [&](const trainer::TrainProgress& p) { seen.push_back(p); });
  REQUIRE(seen.size() == 3);
  CHECK(seen.back().iteration == 3);
  CHECK(seen.back().total == 3);
  CHECK(seen.front().method == "admm");
  CHECK(seen.front().metrics.count("primal_res") == 1);
}

TEST_CASE("bad settings and mismatched data are ConfigErrors", "[admm][settings]") {
  const auto data = tiny_train();
  auto s = tiny_settings(trainer::admm::Variant::paper);
  auto bad = s;
  bad.rho = 0.0;
  CHECK_THROWS_WITH(trainer::admm::train(bad, data, nullptr, {}), Catch::Contains("rho = 0"));
  bad = s;
  bad.leak = 1.5;
  CHECK_THROWS_AS(trainer::admm::train(bad, data, nullptr, {}), core::ConfigError);
  bad = s;
  bad.hidden.clear();
  CHECK_THROWS_AS(trainer::admm::train(bad, data, nullptr, {}), core::ConfigError);
  bad = s;
  bad.iterations = -1;
  CHECK_THROWS_AS(trainer::admm::train(bad, data, nullptr, {}), core::ConfigError);
  const auto other = core::load_synthetic("train", 7, 1, 0, 8);  // T differs
  CHECK_THROWS_AS(trainer::admm::train(s, data, &other, {}), core::ConfigError);
}

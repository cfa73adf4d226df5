// The a block of ADMM: the unclipped update is the exact minimizer; the clipped one stays in [0, 1].
#include <catch2/catch.hpp>

#include "trainer/admm_fixtures.hpp"

using namespace spikeforge;

namespace {
constexpr double kLagrangianRelTol = 1e-5;  // float32 state, double accumulation (see test_weights.cpp)
constexpr float kPerturbation = 1e-2F;
constexpr int kTrials = 20;
}  // namespace

TEST_CASE("a update (unclipped) minimizes L exactly at inner steps and at t = T", "[admm][spikes]") {
  const auto x = test::random_batch(6, 4, 5, 3, 0.5, 21);
  for (const auto& hidden : {std::vector<int>{4}, std::vector<int>{4, 3}}) {
    auto s = test::small_settings(hidden);
    const auto p = trainer::admm::make_problem(s, x);
    auto st = test::small_state(s, p, 8);
    for (std::size_t l = 0; l < hidden.size(); ++l) {
      const auto solver = trainer::admm::make_spike_solver(p, st, l);
      for (const int t : {0, 2, x.steps() - 1}) {
        trainer::admm::update_spikes(p, st, l, t, solver, false);
        trainer::admm::refresh_input_currents(p, st);
        const double l0 = trainer::admm::augmented_lagrangian(s, p, st);
        const double best = test::min_changed_lagrangian(s, p, st, kTrials, [&](trainer::admm::State& c, std::mt19937_64& rng) {
          test::perturb(c.a[l][static_cast<std::size_t>(t)], kPerturbation, rng);
          c.u_dirty[l + 1] = true;
        });
        INFO("layer " << l << " step " << t);
        CHECK(best >= l0 - kLagrangianRelTol * std::abs(l0));
      }
    }
  }
}

TEST_CASE("a update clips to [0, 1]", "[admm][spikes]") {
  const auto x = test::random_batch(6, 4, 5, 3, 0.5, 22);
  auto s = test::small_settings({4});
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 9);
  st.w[1] *= 20.0F;  // large next-layer weights push the unconstrained minimizer outside [0, 1]
  const auto solver = trainer::admm::make_spike_solver(p, st, 0);
  auto unclipped = st;
  trainer::admm::update_spikes(p, unclipped, 0, 1, solver, false);
  trainer::admm::update_spikes(p, st, 0, 1, solver, true);
  const auto& u = unclipped.a[0][1];
  CHECK((u.array() < 0.0F || u.array() > 1.0F).any());
  CHECK(st.a[0][1].minCoeff() >= 0.0F);
  CHECK(st.a[0][1].maxCoeff() <= 1.0F);
  CHECK(st.a[0][1] == u.array().max(0.0F).min(1.0F).matrix());
  CHECK(st.u_dirty[1]);
}

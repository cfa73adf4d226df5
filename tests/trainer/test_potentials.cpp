// z blocks of ADMM (exact step subroutine, output closed form) and the dual update.
#include <catch2/catch.hpp>

#include "trainer/admm_fixtures.hpp"

using namespace spikeforge;

namespace {
constexpr double kLagrangianRelTol = 1e-5;  // float32 state, double accumulation (see test_weights.cpp)
constexpr float kPerturbation = 1e-2F;
constexpr int kTrials = 20;
constexpr float kEps = 1e-4F;               // spike_eps used below
constexpr double kEpsD = static_cast<double>(kEps);
// Grid search over [−3, 5] with step 1e-4 finds the minimum up to c·(step)² ≈ 1e-8 plus the cost
// the subroutine pays for θ + ε instead of the (unattained) infimum at θ⁺: c·(2|θ − z*|ε + ε²).
constexpr double kGridStep = 1e-4;

double cost(double z, float z_star_f, float c_f, float a_f, float theta_f, float beta_f) {
  const auto z_star = static_cast<double>(z_star_f), c = static_cast<double>(c_f), a = static_cast<double>(a_f),
             theta = static_cast<double>(theta_f), beta = static_cast<double>(beta_f);
  const double h = z > theta ? 1.0 : 0.0;
  return c * (z - z_star) * (z - z_star) + 0.5 * beta * (a - h) * (a - h);
}
}  // namespace

TEST_CASE("step subroutine agrees with brute-force 1-D minimization", "[admm][potentials]") {
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<float> zs(-1.0F, 3.0F), cs(0.05F, 2.0F), as(0.0F, 1.0F), bs(0.0F, 2.0F);
  const float theta = 1.0F;
  for (int k = 0; k < 300; ++k) {
    const float z_star = zs(rng), c = cs(rng), a = as(rng), beta = bs(rng);
    const float z = trainer::admm::step_minimizer(z_star, c, a, theta, beta, kEps);
    double grid_min = 1e300;
    for (double g = -3.0; g <= 5.0; g += kGridStep) grid_min = std::min(grid_min, cost(g, z_star, c, a, theta, beta));
    const double got = cost(static_cast<double>(z), z_star, c, a, theta, beta);
    const double cd = static_cast<double>(c);
    const double slack = cd * (2.0 * std::abs(static_cast<double>(theta - z_star)) * kEpsD + kEpsD * kEpsD) + cd * kGridStep * kGridStep + 1e-6;
    INFO("z*=" << z_star << " c=" << c << " a=" << a << " beta=" << beta << " -> " << z);
    CHECK(got <= grid_min + slack);
    CHECK((z == z_star || z == theta || z == theta + kEps));
  }
}

TEST_CASE("step subroutine picks the cheaper region edge", "[admm][potentials]") {
  // z* just above θ but a = 0 wants no spike: the non-spiking edge θ wins when c(θ−z*)² < β/2.
  CHECK(trainer::admm::step_minimizer(1.01F, 1.0F, 0.0F, 1.0F, 1.0F, kEps) == 1.0F);
  // z* just below θ and a = 1 wants a spike: θ + ε.
  CHECK(trainer::admm::step_minimizer(0.99F, 1.0F, 1.0F, 1.0F, 1.0F, kEps) == 1.0F + kEps);
  // Far from θ the quadratic wins.
  CHECK(trainer::admm::step_minimizer(3.0F, 1.0F, 0.0F, 1.0F, 1.0F, kEps) == 3.0F);
  CHECK(trainer::admm::step_minimizer(-2.0F, 1.0F, 1.0F, 1.0F, 1.0F, kEps) == -2.0F);
}

TEST_CASE("hidden z update minimizes L exactly (random perturbations never lower it)", "[admm][potentials]") {
  const auto x = test::random_batch(6, 5, 5, 3, 0.5, 31);
  auto s = test::small_settings({4, 3});
  s.spike_eps = kEps;
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 10);
  for (std::size_t l = 0; l < 2; ++l)
    for (const int t : {0, 2, x.steps() - 1}) {
      trainer::admm::update_hidden_potentials(s, p, st, l, t);
      const double l0 = trainer::admm::augmented_lagrangian(s, p, st);
      const double best = test::min_changed_lagrangian(s, p, st, kTrials, [&](trainer::admm::State& c, std::mt19937_64& rng) {
        test::perturb(c.z[l][static_cast<std::size_t>(t)], kPerturbation, rng);
      });
      INFO("layer " << l << " step " << t);
      CHECK(best >= l0 - kLagrangianRelTol * std::abs(l0));
    }
}

TEST_CASE("output z update minimizes L exactly, t < T−1, T−1 and T", "[admm][potentials]") {
  const auto x = test::random_batch(6, 5, 5, 3, 0.5, 32);
  auto s = test::small_settings({4});
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 11);
  for (const int t : {0, x.steps() - 2, x.steps() - 1}) {
    trainer::admm::update_output_potentials(p, st, t);
    const double l0 = trainer::admm::augmented_lagrangian(s, p, st);
    const double best = test::min_changed_lagrangian(s, p, st, kTrials, [&](trainer::admm::State& c, std::mt19937_64& rng) {
      test::perturb(c.z[1][static_cast<std::size_t>(t)], kPerturbation, rng);
    });
    INFO("step " << t);
    CHECK(best >= l0 - kLagrangianRelTol * std::abs(l0));
  }
}

TEST_CASE("dual update adds rho times the output residual at T", "[admm][dual]") {
  const auto x = test::random_batch(5, 4, 5, 3, 0.5, 33);
  auto s = test::small_settings({4});
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 12);
  const auto before = st.lambda;
  const auto c = trainer::admm::residual(p, st, 1, x.steps() - 1);
  trainer::admm::update_dual(p, st);
  CHECK(st.lambda.isApprox(before + static_cast<float>(st.rho) * c));
  CHECK_FALSE(st.lambda.isApprox(before));
}

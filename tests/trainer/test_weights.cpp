// W blocks of ADMM: exact minimizers (normal equations; random perturbations never lower L).
#include <catch2/catch.hpp>

#include "trainer/admm/input.hpp"
#include "trainer/admm_fixtures.hpp"

using namespace spikeforge;
using trainer::admm::Matrix;

namespace {
// L is accumulated in double from float32 state: rounding of O(1) residuals over the ~10³ cells of
// these problems stays below 1e-5 relative, while a 1e-2 perturbation raises L by ≥ ~1e-4.
constexpr double kLagrangianRelTol = 1e-5;
constexpr float kPerturbation = 1e-2F;
constexpr int kTrials = 20;
// Normal equations W (G + γI) = P checked in float32 against sums of ~10² terms.
constexpr float kNormalEqTol = 1e-4F;
// Weights of never-active inputs under the pseudo-inverse: zero up to double rounding of the eigen-decomposition.
constexpr float kPinvZeroTol = 1e-6F;
}  // namespace

TEST_CASE("hidden W update solves its least-squares subproblem exactly", "[admm][weights]") {
  const auto x = test::random_batch(7, 4, 6, 3, 0.4, 11);
  for (const auto& hidden : {std::vector<int>{5}, std::vector<int>{5, 4}}) {
    auto s = test::small_settings(hidden);
    const auto p = trainer::admm::make_problem(s, x);
    auto st = test::small_state(s, p, 3);
    for (std::size_t l = 0; l < hidden.size(); ++l) {
      trainer::admm::update_hidden_weights(s, p, st, l);
      const double l0 = trainer::admm::augmented_lagrangian(s, p, st);
      const double best = test::min_changed_lagrangian(s, p, st, kTrials, [&](trainer::admm::State& c, std::mt19937_64& rng) {
        test::perturb(c.w[l], kPerturbation, rng);
        c.u_dirty[l] = true;
      });
      CHECK(best >= l0 - kLagrangianRelTol * std::abs(l0));
      // Normal equations: W (Σ in inᵀ + γI) = Σ p inᵀ.
      Matrix g = Matrix::Zero(st.w[l].cols(), st.w[l].cols());
      Matrix rhs = Matrix::Zero(st.w[l].rows(), st.w[l].cols());
      for (int t = 0; t < x.steps(); ++t) {
        const auto ut = static_cast<std::size_t>(t);
        Matrix in;
        if (l == 0) x.dense_step(t, 0, x.size(), in);
        else in = st.a[l - 1][ut];
        Matrix pt = st.z[l][ut];
        if (t > 0) pt += -p.delta * st.z[l][ut - 1] + p.theta * st.a[l][ut - 1];
        g += in * in.transpose();
        rhs += pt * in.transpose();
      }
      g.diagonal().array() += static_cast<float>(s.gamma);
      CHECK((st.w[l] * g - rhs).cwiseAbs().maxCoeff() < kNormalEqTol * (1.0F + rhs.cwiseAbs().maxCoeff()));
    }
  }
}

TEST_CASE("output W update solves its subproblem exactly, including the multiplier term", "[admm][weights]") {
  const auto x = test::random_batch(8, 5, 6, 3, 0.4, 12);
  auto s = test::small_settings({4});
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 4);
  trainer::admm::update_output_weights(s, p, st);
  const double l0 = trainer::admm::augmented_lagrangian(s, p, st);
  const double best = test::min_changed_lagrangian(s, p, st, kTrials, [&](trainer::admm::State& c, std::mt19937_64& rng) {
    test::perturb(c.w[1], kPerturbation, rng);
    c.u_dirty[1] = true;
  });
  CHECK(best >= l0 - kLagrangianRelTol * std::abs(l0));
}

TEST_CASE("W update with gamma = 0 uses the pseudo-inverse (rank-deficient input Gram)", "[admm][weights]") {
  // Inputs 4 and 5 never fire: the input Gram is singular; the paper's pseudo-inverse gives them zero weight.
  core::SpikeBatch x(3, 6, 2);
  for (int s = 0; s < 4; ++s) {
    x.begin_sample(s % 2);
    for (int t = 0; t < 3; ++t) {
      std::vector<std::uint32_t> act{static_cast<std::uint32_t>((s + t) % 4)};
      x.add_step(act);
    }
  }
  auto s = test::small_settings({3});
  s.gamma = 0.0;
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 5);
  trainer::admm::update_hidden_weights(s, p, st, 0);
  CHECK(st.w[0].allFinite());
  CHECK(st.w[0].col(4).cwiseAbs().maxCoeff() < kPinvZeroTol);
  CHECK(st.w[0].col(5).cwiseAbs().maxCoeff() < kPinvZeroTol);
}

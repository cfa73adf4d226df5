// ADMM's projection block (trainer/admm/grid_block.cpp): the V-update is the exact minimizer of
// (ρ_q/2)||W − V + U||² over the grid, the W-update's normal equations gain ρ_q I and ρ_q (V − U),
// fine-tuning from a start network returns weights on the grid, and bad start networks are refused.
#include <catch2/catch.hpp>

#include <cmath>

#include "core/errors.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/admm/grid_block.hpp"
#include "trainer/admm_fixtures.hpp"
#include "trainer/linalg.hpp"

using namespace spikeforge;
using trainer::admm::Matrix;

namespace {

constexpr float kStep = 0.25F;  // the test grid: multiples of 0.25 in [−1, 1]
constexpr float kLimit = 1.0F;
// Normal equations checked in float32 against sums of ~10² terms (as in test_weights.cpp).
constexpr float kNormalEqTol = 1e-4F;

trainer::WeightProjection uniform_grid() {
  trainer::WeightProjection p;
  p.project = [](std::size_t, Eigen::MatrixXf& w, Eigen::VectorXf& b) {
    const auto snap = [](float x) { return std::clamp(std::nearbyint(x / kStep) * kStep, -kLimit, kLimit); };
    w = w.unaryExpr(snap);
    b = b.unaryExpr(snap);
  };
  return p;
}

bool on_grid(const Eigen::MatrixXf& w) {
  for (Eigen::Index i = 0; i < w.size(); ++i) {
    const float m = w.data()[i] / kStep;
    if (m != std::nearbyint(m) || std::abs(w.data()[i]) > kLimit) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("grid block: V-update is the nearest grid point and the dual accumulates W − V", "[admm][grid]") {
  const auto x = test::random_batch(7, 4, 6, 3, 0.4, 21);
  auto s = test::small_settings({5});
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 5);
  trainer::admm::init_grid(s, p, st, uniform_grid());
  REQUIRE(st.grid.active());
  CHECK(on_grid(st.grid.v[0]));
  CHECK(st.grid.rho[0] > 0.0);
  std::mt19937_64 rng(9);
  std::normal_distribution<float> normal(0.0F, 0.3F);
  for (auto& u : st.grid.u) u = u.unaryExpr([&](float) { return normal(rng); });
  for (std::size_t l = 0; l < st.w.size(); ++l) {
    const Matrix u_old = st.grid.u[l];
    trainer::admm::update_grid(st, l);
    const Matrix& v = st.grid.v[l];
    CHECK(on_grid(v));
    const double rho = st.grid.rho[l];
    const double best = trainer::admm::grid_term(rho, st.w[l], v, u_old);
    // Moving any one entry to a neighbouring grid point (inside the range) never lowers the term.
    for (Eigen::Index i = 0; i < v.size(); ++i) {
      for (float d : {-kStep, kStep}) {
        Matrix n = v;
        n.data()[i] += d;
        if (std::abs(n.data()[i]) > kLimit) continue;
        CHECK(trainer::admm::grid_term(rho, st.w[l], n, u_old) >= best);
      }
    }
    CHECK((st.grid.u[l] - (u_old + (st.w[l] - v))).cwiseAbs().maxCoeff() == 0.0F);
  }
}

TEST_CASE("grid block: W-updates solve the normal equations with the extra ρ_q terms", "[admm][grid]") {
  const auto x = test::random_batch(7, 4, 6, 3, 0.4, 22);
  auto s = test::small_settings({5, 4});
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 6);
  trainer::admm::init_grid(s, p, st, uniform_grid());
  for (std::size_t l = 0; l < 2; ++l) {
    const Matrix v_old = st.grid.v[l];
    const Matrix u_old = st.grid.u[l];
    trainer::admm::update_hidden_weights(s, p, st, l);
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
    const auto rq = static_cast<float>(st.grid.rho[l]);
    g.diagonal().array() += static_cast<float>(s.gamma) + rq;
    rhs += rq * (v_old - u_old);
    CHECK((st.w[l] * g - rhs).cwiseAbs().maxCoeff() < kNormalEqTol * (1.0F + rhs.cwiseAbs().maxCoeff()));
    // ...and then V, U moved on: V on the grid, U = U_old + W − V.
    CHECK(on_grid(st.grid.v[l]));
    CHECK((st.grid.u[l] - (u_old + (st.w[l] - st.grid.v[l]))).cwiseAbs().maxCoeff() == 0.0F);
  }
}

TEST_CASE("grid block: fine-tuning from a start network returns a network on the grid", "[admm][grid]") {
  const auto x = test::random_batch(24, 5, 6, 3, 0.4, 23);
  auto s = trainer::admm::Settings::improved();
  s.hidden = {5};
  s.beta = 0.3;
  s.rho = 0.7;
  s.gamma = 0.05;
  s.iterations = 2;
  s.threads = 1;
  core::FloatNetwork start = trainer::admm::network_of(s, {Matrix::Constant(5, 6, 0.6F), Matrix::Constant(3, 5, 0.3F)});
  start.layers[0].weights(1, 2) = -0.4F;
  trainer::FineTune ft;
  ft.start = &start;
  ft.projection = uniform_grid();
  const auto r = trainer::admm::train(s, x, nullptr, {}, {}, trainer::local_reducer(), {}, ft);
  REQUIRE(r.net.layers.size() == 2);
  for (const auto& L : r.net.layers) {
    CHECK(on_grid(L.weights));
    CHECK(on_grid(L.bias));
  }
  CHECK(r.iterations_run == 2);
  // Checkpoints are refused while fine-tuning.
  CHECK_THROWS_AS(trainer::admm::train(s, x, nullptr, {}, {"never.ckpt", 1, false}, trainer::local_reducer(), {}, ft), core::ConfigError);
}

TEST_CASE("grid block: start networks ADMM cannot represent are refused", "[admm][grid]") {
  const auto x = test::random_batch(8, 4, 6, 3, 0.4, 24);
  auto s = test::small_settings({5});
  const core::FloatNetwork good = trainer::admm::network_of(s, {Matrix::Constant(5, 6, 0.1F), Matrix::Constant(3, 5, 0.1F)});
  CHECK_NOTHROW(trainer::admm::check_start(s, good, x));
  core::FloatNetwork bias = good;
  bias.layers[0].bias(0) = 0.5F;
  CHECK_THROWS_WITH(trainer::admm::check_start(s, bias, x), Catch::Contains("layer 0 has non-zero biases"));
  core::FloatNetwork zero = good;
  zero.layers[0].neuron.reset = core::ResetMode::zero;
  CHECK_THROWS_WITH(trainer::admm::check_start(s, zero, x), Catch::Contains("reset = zero"));
  core::FloatNetwork leak = good;
  leak.layers[1].neuron.leak = 0.5F;
  CHECK_THROWS_WITH(trainer::admm::check_start(s, leak, x), Catch::Contains("layer 1 leak"));
  auto wide = test::small_settings({6});
  CHECK_THROWS_WITH(trainer::admm::check_start(wide, good, x), Catch::Contains("layer 0 has 5 neurons"));
}

TEST_CASE("grid block: ρ_q continuation keeps the unscaled dual and refreshes the first inverse", "[admm][grid]") {
  const auto x = test::random_batch(7, 4, 6, 3, 0.4, 25);
  auto s = test::small_settings({5});
  s.quant_rho_growth = 2.0;
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 7);
  trainer::admm::init_grid(s, p, st, uniform_grid());
  for (std::size_t l = 0; l < st.w.size(); ++l) trainer::admm::update_grid(st, l);  // non-zero U
  const std::vector<double> rho = st.grid.rho;
  const std::vector<Matrix> u = st.grid.u;
  trainer::admm::grow_grid(s, st);
  // Float rounding of U·(1/2) is exact (a power of two); the inverse is recomputed in double.
  constexpr float kInverseTol = 1e-6F;
  for (std::size_t l = 0; l < st.w.size(); ++l) {
    CHECK(st.grid.rho[l] == 2.0 * rho[l]);
    CHECK((st.grid.u[l] * 2.0F - u[l]).cwiseAbs().maxCoeff() == 0.0F);
  }
  const Matrix expected = spikeforge::trainer::spd_inverse(st.grid.gram0, s.gamma + st.grid.rho[0]);
  CHECK((st.grid.gram0_inverse - expected).cwiseAbs().maxCoeff() < kInverseTol);
  auto bad = s;
  bad.quant_rho_growth = 0.5;
  CHECK_THROWS_WITH(bad.validate(), Catch::Contains("quant_rho_growth = 0.5"));
}

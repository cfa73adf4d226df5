// Re-anchoring: after it, every hidden constraint holds and a = H(z − θ) exactly.
#include <catch2/catch.hpp>

#include "trainer/admm/anchor.hpp"
#include "trainer/admm_fixtures.hpp"

using namespace spikeforge;

namespace {
// Residuals of z recomputed from float products (different summation order than the simulator).
constexpr double kResidualTol = 1e-5;
}

TEST_CASE("anchor_to_forward makes the ADMM variables the hard forward pass", "[admm][anchor]") {
  const auto x = test::random_batch(10, 6, 8, 3, 0.4, 51);
  auto s = test::small_settings({6, 5});
  const auto p = trainer::admm::make_problem(s, x);
  auto st = test::small_state(s, p, 13);
  st.w[0] *= 3.0F;  // make the first layer fire
  const auto before = trainer::admm::residual_metrics(s, p, st);
  CHECK(before.at("spike_res_l1") > 0.1);
  trainer::admm::anchor_to_forward(s, p, st);
  const auto after = trainer::admm::residual_metrics(s, p, st);
  CHECK(after.at("spike_res_l1") == 0.0);
  CHECK(after.at("spike_res_l2") == 0.0);
  CHECK(after.at("dyn_res_l1") < kResidualTol);
  CHECK(after.at("dyn_res_l2") < kResidualTol);
  CHECK(after.at("dyn_res_l3") < kResidualTol);
  CHECK(st.a[0][3].sum() > 0.0F);  // something spiked
}

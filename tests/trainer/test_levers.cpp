// Tests of trainer/admm/levers.cpp: β continuation, the re-anchoring schedule and residual
// balancing of ρ, each against its rule written out.
#include <catch2/catch.hpp>

#include "trainer/admm/levers.hpp"

using namespace spikeforge::trainer::admm;

TEST_CASE("beta continuation grows beta geometrically up to its cap, and only when asked") {
  Settings s;
  State st;
  st.beta = 0.1;
  s.beta_growth = 1.0;
  continue_beta(s, st);
  CHECK(st.beta == 0.1);
  s.beta_growth = 2.0;
  s.beta_max = 0.5;
  continue_beta(s, st);
  CHECK(st.beta == 0.2);
  continue_beta(s, st);
  CHECK(st.beta == 0.4);
  continue_beta(s, st);
  CHECK(st.beta == 0.5);  // capped
}

TEST_CASE("re-anchoring is due every reanchor_every iterations, never when 0") {
  Settings s;
  s.reanchor_every = 3;
  CHECK_FALSE(reanchor_due(s, 1));
  CHECK_FALSE(reanchor_due(s, 2));
  CHECK(reanchor_due(s, 3));
  CHECK(reanchor_due(s, 6));
  s.reanchor_every = 0;
  CHECK_FALSE(reanchor_due(s, 3));
}

TEST_CASE("residual balancing moves rho toward the lagging residual, after warm-up only") {
  Settings s;
  State st;
  st.rho = 1.0;
  st.iteration = 5;
  s.adaptive_rho = false;
  balance_rho(s, st, 100.0, 1.0);
  CHECK(st.rho == 1.0);  // lever off
  s.adaptive_rho = true;
  s.warmup = 5;
  balance_rho(s, st, 100.0, 1.0);
  CHECK(st.rho == 1.0);  // still warming up (iteration <= warmup)
  st.iteration = 6;
  balance_rho(s, st, 100.0, 1.0);  // primal > μ·dual
  CHECK(st.rho == kBalanceTau);
  balance_rho(s, st, 1.0, 100.0);  // dual > μ·primal
  CHECK(st.rho == 1.0);
  balance_rho(s, st, 5.0, 1.0);  // within a factor μ: unchanged
  CHECK(st.rho == 1.0);
}

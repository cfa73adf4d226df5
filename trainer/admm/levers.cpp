#include "trainer/admm/levers.hpp"

#include <algorithm>

namespace spikeforge::trainer::admm {

void continue_beta(const Settings& s, State& st) {
  if (s.beta_growth > 1.0) st.beta = std::min(s.beta_max, st.beta * s.beta_growth);
}

bool reanchor_due(const Settings& s, int done) { return s.reanchor_every > 0 && done % s.reanchor_every == 0; }

void balance_rho(const Settings& s, State& st, double primal_res, double dual_res) {
  if (!s.adaptive_rho || st.iteration <= s.warmup) return;
  if (primal_res > kBalanceMu * dual_res) st.rho *= kBalanceTau;
  else if (dual_res > kBalanceMu * primal_res) st.rho /= kBalanceTau;
}

}  // namespace spikeforge::trainer::admm

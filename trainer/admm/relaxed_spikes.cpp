// The a block of ADMM (trainer/admm/blocks.hpp): one ridge solve per layer, shared by every step.
#include "trainer/admm/blocks.hpp"
#include "trainer/linalg.hpp"

namespace spikeforge::trainer::admm {

SpikeSolver make_spike_solver(const Problem& p, const State& st, std::size_t l) {
  const Eigen::MatrixXd wn = st.w[l + 1].cast<double>();
  const Eigen::MatrixXd m = wn.transpose() * wn;
  const double kappa = st.beta / st.rho;
  const double theta = p.theta;
  SpikeSolver solver;
  solver.inner = spd_inverse(m, theta * theta + kappa);
  solver.last = spd_inverse(m, kappa);  // κ = 0 (β = 0): pseudo-inverse
  return solver;
}

void update_spikes(const Problem& p, State& st, std::size_t l, int t, const SpikeSolver& solver, bool clip) {
  const std::size_t H = st.hidden_layers();
  const int T = p.steps();
  const auto ut = static_cast<std::size_t>(t);
  const std::size_t next = l + 1;
  const auto kappa = static_cast<float>(st.beta / st.rho);
  // q: the next layer's target input at t.
  Matrix q = st.z[next][ut];
  if (t > 0) {
    q -= p.delta * st.z[next][ut - 1];
    if (next < H) q += p.theta * st.a[next][ut - 1];
  }
  if (next == H && t == T - 1) q += st.lambda / static_cast<float>(st.rho);
  Matrix rhs = st.w[next].transpose() * q;
  const Matrix& z = st.z[l][ut];
  rhs += kappa * (z.array() > p.theta).cast<float>().matrix();
  if (t < T - 1) {
    // w = z_{t+1} − δ z_t − W_l in_{t+1}: this layer's own residual at t+1 without the reset term.
    rhs -= p.theta * (st.z[l][ut + 1] - p.delta * z - st.u[l][ut + 1]);
  }
  Matrix& a = st.a[l][ut];
  a.noalias() = (t < T - 1 ? solver.inner : solver.last) * rhs;
  if (clip) a = a.array().max(0.0F).min(1.0F).matrix();
  st.u_dirty[next] = true;
}

}  // namespace spikeforge::trainer::admm

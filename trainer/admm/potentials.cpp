// The z blocks (hidden: quadratic + exact step subroutine; output: closed form) and the dual update.
#include "trainer/admm/blocks.hpp"

namespace spikeforge::trainer::admm {

float step_minimizer(float z_star, float c, float a, float theta, float beta, float eps) {
  const float edge_quad = c * (theta - z_star) * (theta - z_star);
  const float jump_spike = 0.5F * beta * (a - 1.0F) * (a - 1.0F);  // cost of the β term when z > θ
  const float jump_rest = 0.5F * beta * a * a;                     // ... when z ≤ θ
  if (z_star > theta) return edge_quad + jump_rest < jump_spike ? theta : z_star;
  return edge_quad + jump_spike < jump_rest ? theta + eps : z_star;
}

void update_hidden_potentials(const Settings& s, const Problem& p, State& st, std::size_t l, int t) {
  const int T = p.steps();
  const auto ut = static_cast<std::size_t>(t);
  const float d = p.delta;
  const float th = p.theta;
  const auto beta = static_cast<float>(st.beta);
  const auto eps = static_cast<float>(s.spike_eps);
  const auto rho = static_cast<float>(st.rho);
  const bool last = t == T - 1;
  const float c = last ? 0.5F * rho : 0.5F * rho * (1.0F + d * d);
  Matrix& z = st.z[l][ut];
  const Matrix& u = st.u[l][ut];
  const Matrix& a = st.a[l][ut];
  const Matrix* z_prev = t > 0 ? &st.z[l][ut - 1] : nullptr;
  const Matrix* a_prev = t > 0 ? &st.a[l][ut - 1] : nullptr;
  const Matrix* z_next = last ? nullptr : &st.z[l][ut + 1];
  const Matrix* u_next = last ? nullptr : &st.u[l][ut + 1];
  const Eigen::Index n = z.cols();
  const Eigen::Index rows = z.rows();
#pragma omp parallel for schedule(static)
  for (Eigen::Index col = 0; col < n; ++col) {
    for (Eigen::Index r = 0; r < rows; ++r) {
      float g = u(r, col);
      if (z_prev) g += d * (*z_prev)(r, col) - th * (*a_prev)(r, col);
      float zs = g;
      if (!last) zs = (g + d * ((*z_next)(r, col) - (*u_next)(r, col) + th * a(r, col))) / (1.0F + d * d);
      z(r, col) = step_minimizer(zs, c, a(r, col), th, beta, eps);
    }
  }
}

void update_output_potentials(const Problem& p, State& st, int t) {
  const std::size_t H = st.hidden_layers();
  const int T = p.steps();
  const auto ut = static_cast<std::size_t>(t);
  const float d = p.delta;
  const auto rho = static_cast<float>(st.rho);
  Matrix s = st.u[H][ut];
  if (t > 0) s += d * st.z[H][ut - 1];
  if (t == T - 1) {
    st.z[H][ut] = (rho * s + 2.0F * p.y - st.lambda) / (rho + 2.0F);
    return;
  }
  Matrix num = s + d * (st.z[H][ut + 1] - st.u[H][ut + 1]);
  if (t == T - 2) num += (d / rho) * st.lambda;
  st.z[H][ut] = num / (1.0F + d * d);
}

Matrix residual(const Problem& p, const State& st, std::size_t l, int t) {
  const auto ut = static_cast<std::size_t>(t);
  Matrix c = st.z[l][ut] - st.u[l][ut];
  if (t > 0) {
    c -= p.delta * st.z[l][ut - 1];
    if (l < st.hidden_layers()) c += p.theta * st.a[l][ut - 1];
  }
  return c;
}

void update_dual(const Problem& p, State& st) {
  const std::size_t H = st.hidden_layers();
  st.lambda += static_cast<float>(st.rho) * residual(p, st, H, p.steps() - 1);
}

}  // namespace spikeforge::trainer::admm

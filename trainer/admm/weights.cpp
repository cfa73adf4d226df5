// W blocks of ADMM (trainer/admm/blocks.hpp).
#include <cmath>

#include "trainer/admm/blocks.hpp"
#include "trainer/admm/input.hpp"
#include "trainer/linalg.hpp"

namespace spikeforge::trainer::admm {
namespace {

/// Σ_t in_t in_tᵀ of a dense input layer (float GEMM, then double), summed over every rank's samples.
Eigen::MatrixXd dense_gram(const Problem& p, const Steps& in) {
  Matrix g = Matrix::Zero(in.front().rows(), in.front().rows());
  for (const auto& m : in) g.noalias() += m * m.transpose();
  Eigen::MatrixXd gd = g.cast<double>();
  p.reduce().sum_matrix(gd);
  return gd;
}

}  // namespace

void update_hidden_weights(const Settings& s, const Problem& p, State& st, std::size_t l) {
  const int T = p.steps();
  const auto n_out = st.w[l].rows();
  Matrix acc = Matrix::Zero(n_out, st.w[l].cols());
  Matrix pt;
  for (int t = 0; t < T; ++t) {
    const auto ut = static_cast<std::size_t>(t);
    pt = st.z[l][ut];
    if (t > 0) pt += -p.delta * st.z[l][ut - 1] + p.theta * st.a[l][ut - 1];
    if (l == 0) input_cross(*p.x, t, pt, acc);
    else acc.noalias() += pt * st.a[l - 1][ut].transpose();
  }
  p.reduce().sum_matrix(acc);
  grid_cross_term(st, l, acc);  // projection block (fine-tuning); no-op when off
  if (l == 0) st.w[0].noalias() = acc * (st.grid.active() ? st.grid.gram0_inverse : p.gram0_inverse);
  else st.w[l].noalias() = acc * spd_inverse(dense_gram(p, st.a[l - 1]), s.gamma + grid_ridge(st, l));
  update_grid(st, l);
  compute_input_current(p, st, l);
}

double update_output_weights(const Settings& s, const Problem& p, State& st) {
  const std::size_t H = st.hidden_layers();
  const int T = p.steps();
  const auto& in = st.a[H - 1];
  Matrix acc = Matrix::Zero(st.w[H].rows(), st.w[H].cols());
  Matrix pt;
  for (int t = 0; t < T; ++t) {
    const auto ut = static_cast<std::size_t>(t);
    pt = st.z[H][ut];
    if (t > 0) pt -= p.delta * st.z[H][ut - 1];
    if (t == T - 1) pt += st.lambda / static_cast<float>(st.rho);
    acc.noalias() += pt * in[ut].transpose();
  }
  p.reduce().sum_matrix(acc);
  grid_cross_term(st, H, acc);  // projection block (fine-tuning); no-op when off
  st.w[H].noalias() = acc * spd_inverse(dense_gram(p, in), s.gamma + grid_ridge(st, H));
  update_grid(st, H);
  const Steps old = st.u[H];
  compute_input_current(p, st, H);
  double sq = 0.0;
  double count = 0.0;
  for (std::size_t t = 0; t < old.size(); ++t) {
    sq += static_cast<double>((st.u[H][t] - old[t]).squaredNorm());
    count += static_cast<double>(old[t].size());
  }
  double sums[2] = {sq, count};
  p.reduce().sum(sums, 2);
  sq = sums[0];
  count = sums[1];
  return count > 0 ? std::sqrt(sq / count) : 0.0;
}

}  // namespace spikeforge::trainer::admm

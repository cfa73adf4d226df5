// Aggregate-identity blocks of the improved ADMM variant (trainer/admm/aggregate/blocks.hpp).
#include "trainer/admm/aggregate/blocks.hpp"

#include <algorithm>

#include <Eigen/Cholesky>

#include "trainer/linalg.hpp"

namespace spikeforge::trainer::admm {
float discount_sum(int steps, double leak) {
  double c = 0.0;
  for (int t = 0; t < steps; ++t) c = leak * c + 1.0;
  return static_cast<float>(c);
}

Eigen::MatrixXf discounted_input(const core::SpikeBatch& x, double leak) {
  const int T = x.steps();
  std::vector<float> weight(static_cast<std::size_t>(T));
  double w = 1.0;
  for (int t = T - 1; t >= 0; --t) {
    weight[static_cast<std::size_t>(t)] = static_cast<float>(w);
    w *= leak;
  }
  Eigen::MatrixXf out = Eigen::MatrixXf::Zero(x.inputs(), static_cast<Eigen::Index>(x.size()));
  const auto n = static_cast<std::ptrdiff_t>(x.size());
#pragma omp parallel for schedule(static)
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const auto sample = static_cast<std::size_t>(i);
    for (int t = 0; t < T; ++t)
      for (const std::uint32_t k : x.active(sample, t)) out(static_cast<Eigen::Index>(k), i) += weight[static_cast<std::size_t>(t)];
  }
  return out;
}

Eigen::MatrixXf feature_targets(const Eigen::MatrixXf& w_next, const Eigen::VectorXf& b_next, float c,
                                const Eigen::MatrixXf& target, const Eigen::MatrixXf& f, double mu,
                                double spike_budget) {
  const Eigen::MatrixXd m = w_next.cast<double>().transpose() * w_next.cast<double>();
  const double lambda = a_block_lambda(m.trace(), w_next.rows(), w_next.cols(), mu);
  // σ = 0: the same expression as before the spike budget existed (bit-identical results).
  const Eigen::MatrixXf rhs =
      spike_budget > 0.0
          ? Eigen::MatrixXf(w_next.transpose() * (target.colwise() - b_next * c) +
                            static_cast<float>(lambda) * (f.array() - static_cast<float>(spike_budget / 2.0)).matrix())
          : Eigen::MatrixXf(w_next.transpose() * (target.colwise() - b_next * c) + static_cast<float>(lambda) * f);
  const Eigen::MatrixXf inv = spd_inverse(m, lambda);  // (M + λI)⁻¹, Cholesky in double
  return inv * rhs;
}

double a_block_lambda(double trace, Eigen::Index rows, Eigen::Index cols, double mu) {
  return mu * trace / static_cast<double>(std::max<Eigen::Index>(1, std::min(rows, cols)));
}

float potential_target(float a, float r_now, float r0, float k, float kappa) {
  // Branch "off" (r ≤ r0): φ = 0.
  const float r_off = std::min(r_now, r0);
  const float cost_off = a * a + kappa * (r_off - r_now) * (r_off - r_now);
  // Branch "on" (r ≥ r0): φ = k (r − r0), a quadratic in r.
  const float r_on = std::max(r0, (k * a + k * k * r0 + kappa * r_now) / (k * k + kappa));
  const float e = a - k * (r_on - r0);
  const float cost_on = e * e + kappa * (r_on - r_now) * (r_on - r_now);
  if (cost_on < cost_off) return r_on;
  if (cost_off < cost_on) return r_off;
  return r_now > r0 ? r_on : r_off;
}

Eigen::MatrixXf potential_targets(const Eigen::MatrixXf& a, const Eigen::MatrixXf& f, const Eigen::MatrixXf& r,
                                  float delta, float theta, double kappa) {
  const float k = delta / theta;
  const auto kap = static_cast<float>(kappa);
  Eigen::MatrixXf out(r.rows(), r.cols());
  const Eigen::Index n = r.cols();
#pragma omp parallel for schedule(static)
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = 0; i < r.rows(); ++i) {
      const float r0 = f(i, j) > 0.0F ? r(i, j) - f(i, j) / k : theta;
      out(i, j) = potential_target(a(i, j), r(i, j), r0, k, kap);
    }
  return out;
}

Eigen::MatrixXd augmented_gram(const Eigen::MatrixXf& x, float c, const Reducer& reducer) {
  const Eigen::Index n = x.rows();
  Eigen::MatrixXd g(n + 1, n + 1);
  const Eigen::MatrixXd xd = x.cast<double>();  // double sums: shards add up to the whole-set Gram to ~1e-16
  g.topLeftCorner(n, n).noalias() = xd * xd.transpose();
  const auto cd = static_cast<double>(c);
  const Eigen::VectorXd sum = xd.rowwise().sum();
  g.topRightCorner(n, 1) = cd * sum;
  g.bottomLeftCorner(1, n) = cd * sum.transpose();
  g(n, n) = cd * cd * static_cast<double>(x.cols());
  reducer.sum_matrix(g);
  return g;
}

Eigen::MatrixXd augmented_cross(const Eigen::MatrixXf& r_target, const Eigen::MatrixXf& x, float c,
                                const Reducer& reducer) {
  const Eigen::Index n = x.rows();
  Eigen::MatrixXd cross(r_target.rows(), n + 1);
  cross.leftCols(n).noalias() = r_target.cast<double>() * x.cast<double>().transpose();  // double: see augmented_gram
  cross.col(n) = static_cast<double>(c) * r_target.cast<double>().rowwise().sum();
  reducer.sum_matrix(cross);
  return cross;
}

Eigen::MatrixXd proximal_inverse(const Eigen::MatrixXd& gram, double nu, double omega, double* nu_m) {
  const double m = gram.diagonal().mean();
  *nu_m = nu * m;
  Eigen::MatrixXd lhs = gram;
  lhs.diagonal().array() += (nu + omega) * m;
  return Eigen::LLT<Eigen::MatrixXd>(lhs).solve(Eigen::MatrixXd::Identity(lhs.rows(), lhs.cols()));
}

void fit_weights(core::Layer& layer, const Eigen::MatrixXd& cross, const Eigen::MatrixXd& gram_inverse, double nu_m) {
  const Eigen::Index n = layer.weights.cols();
  Eigen::MatrixXd now(layer.weights.rows(), n + 1);
  now.leftCols(n) = layer.weights.cast<double>();
  now.col(n) = layer.bias.cast<double>();
  const Eigen::MatrixXd wb = (cross + nu_m * now) * gram_inverse;
  layer.weights = wb.leftCols(n).cast<float>();
  layer.bias = wb.col(n).cast<float>();
}

}  // namespace spikeforge::trainer::admm

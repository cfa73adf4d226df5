// Scaled-dual grid splitting of the aggregate method (trainer/admm/aggregate/grid.hpp).
#include "trainer/admm/aggregate/grid.hpp"

#include <cmath>

#include <Eigen/Cholesky>

#include "trainer/admm/aggregate/blocks.hpp"

namespace spikeforge::trainer::admm {
namespace {

core::Layer zero_like(const core::Layer& l) {
  core::Layer z = l;
  z.weights.setZero();
  z.bias = Eigen::VectorXf::Zero(l.weights.rows());
  return z;
}

core::Layer projected(const WeightProjection& p, std::size_t l, core::Layer layer) {
  if (layer.bias.size() != layer.weights.rows()) layer.bias = Eigen::VectorXf::Zero(layer.weights.rows());
  p.project(l, layer.weights, layer.bias);
  return layer;
}

}  // namespace

AggregateGrid start_grid(const WeightProjection& projection, const std::vector<core::Layer>& layers,
                         const std::vector<double>& gram_means, double quant_rho, int scales) {
  AggregateGrid g;
  g.projection = projection;
  g.scales = scales;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    g.v.push_back(nearest_over_scales(projection, l, layers[l], scales));
    g.u.push_back(zero_like(layers[l]));
    g.rho.push_back(quant_rho * gram_means[l]);
  }
  return g;
}

Eigen::MatrixXd grid_pull(const AggregateGrid& g, std::size_t l) {
  const core::Layer& v = g.v[l];
  const core::Layer& u = g.u[l];
  const Eigen::Index n = v.weights.cols();
  Eigen::MatrixXd pull(v.weights.rows(), n + 1);
  pull.leftCols(n) = (v.weights - u.weights).cast<double>();
  pull.col(n) = (v.bias - u.bias).cast<double>();
  return g.rho[l] * pull;
}

Eigen::MatrixXd proximal_inverse_plus(const Eigen::MatrixXd& gram, double nu, double omega, double extra, double* nu_m) {
  const double m = gram.diagonal().mean();
  *nu_m = nu * m;
  Eigen::MatrixXd lhs = gram;
  lhs.diagonal().array() += (nu + omega) * m + extra;
  return Eigen::LLT<Eigen::MatrixXd>(lhs).solve(Eigen::MatrixXd::Identity(lhs.rows(), lhs.cols()));
}

core::Layer fit_output_on_grid(const Eigen::MatrixXf& f, const std::vector<int>& labels, int classes, float c,
                               double leak, double gamma, const Eigen::MatrixXd& pull, double rho, const Reducer& reducer) {
  Eigen::MatrixXf y = Eigen::MatrixXf::Zero(classes, f.cols());
  for (Eigen::Index i = 0; i < f.cols(); ++i) y(labels[static_cast<std::size_t>(i)], i) = 1.0F;
  const Eigen::MatrixXd gram = augmented_gram(f, c, reducer);
  const Eigen::MatrixXd cross = augmented_cross(y, f, c, reducer);
  double unused = 0.0;
  const Eigen::MatrixXd inv = proximal_inverse_plus(gram, 0.0, gamma, rho, &unused);
  const Eigen::MatrixXd wb = (cross + pull) * inv;
  const Eigen::Index n = f.rows();
  core::Layer out;
  out.weights = wb.leftCols(n).cast<float>();
  out.bias = wb.col(n).cast<float>();
  out.neuron.leak = static_cast<float>(leak);
  out.neuron.spiking = false;
  return out;
}

static double layer_distance(const core::Layer& a, const core::Layer& b) {
  return (a.weights - b.weights).cast<double>().squaredNorm() + (a.bias - b.bias).cast<double>().squaredNorm();
}

core::Layer nearest_over_scales(const WeightProjection& p, std::size_t l, const core::Layer& x, int scales) {
  core::Layer best = projected(p, l, x);
  if (scales <= 1 || x.weights.size() == 0) return best;
  double best_d = layer_distance(best, x);
  const float top = x.weights.cwiseAbs().maxCoeff();
  for (int j = 1; j < scales; ++j) {
    const float tau = top * std::exp2(-static_cast<float>(j) / kScalesPerOctave);
    core::Layer clipped = x;
    clipped.weights = x.weights.cwiseMax(-tau).cwiseMin(tau);
    core::Layer v = projected(p, l, std::move(clipped));
    const double d = layer_distance(v, x);
    if (d < best_d) {
      best_d = d;
      best = std::move(v);
    }
  }
  return best;
}

void update_grid(AggregateGrid& g, std::size_t l, const core::Layer& w) {
  core::Layer sum = w;
  sum.weights += g.u[l].weights;
  sum.bias += g.u[l].bias;
  g.v[l] = nearest_over_scales(g.projection, l, sum, g.scales);
  g.u[l].weights += w.weights - g.v[l].weights;
  g.u[l].bias += w.bias - g.v[l].bias;
}

void grow_grid(AggregateGrid& g, double growth) {
  if (growth == 1.0) return;
  for (std::size_t l = 0; l < g.rho.size(); ++l) {
    g.rho[l] *= growth;
    g.u[l].weights *= static_cast<float>(1.0 / growth);
    g.u[l].bias *= static_cast<float>(1.0 / growth);
  }
}

double grid_residual(const AggregateGrid& g, const std::vector<core::Layer>& w) {
  double diff = 0.0;
  double norm = 0.0;
  for (std::size_t l = 0; l < w.size() && l < g.v.size(); ++l) {
    diff += (w[l].weights - g.v[l].weights).cast<double>().squaredNorm() + (w[l].bias - g.v[l].bias).cast<double>().squaredNorm();
    norm += w[l].weights.cast<double>().squaredNorm() + w[l].bias.cast<double>().squaredNorm();
  }
  return norm > 0.0 ? std::sqrt(diff / norm) : 0.0;
}

}  // namespace spikeforge::trainer::admm

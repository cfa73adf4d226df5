#include "trainer/linalg.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <limits>

#include "core/errors.hpp"

namespace spikeforge::trainer {

Eigen::MatrixXf spd_inverse(const Eigen::MatrixXd& gram, double gamma) {
  const Eigen::Index n = gram.rows();
  if (gamma > 0.0) {
    Eigen::MatrixXd a = gram;
    a.diagonal().array() += gamma;
    Eigen::LLT<Eigen::MatrixXd> llt(a);
    if (llt.info() == Eigen::Success) return llt.solve(Eigen::MatrixXd::Identity(n, n)).cast<float>();
    // Not numerically positive definite (γ tiny against a huge Gram): fall through to the pseudo-inverse.
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(gram);
  const Eigen::VectorXd ev = eig.eigenvalues().array() + gamma;
  const double cutoff = static_cast<double>(n) * std::numeric_limits<double>::epsilon() * std::max(ev.maxCoeff(), 0.0);
  Eigen::VectorXd inv(n);
  for (Eigen::Index i = 0; i < n; ++i) inv[i] = ev[i] > cutoff && ev[i] > 0.0 ? 1.0 / ev[i] : 0.0;
  const Eigen::MatrixXd& v = eig.eigenvectors();
  return (v * inv.asDiagonal() * v.transpose()).cast<float>();
}

Eigen::MatrixXf spd_inverse_reference(const Eigen::MatrixXd& gram, double gamma) {
  if (!(gamma > 0.0)) throw core::ConfigError("spd_inverse_reference: gamma must be > 0");
  Eigen::MatrixXd a = gram;
  a.diagonal().array() += gamma;
  const Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  Eigen::MatrixXd x(a.rows(), a.cols());
  for (Eigen::Index c = 0; c < a.cols(); ++c) x.col(c) = lu.solve(Eigen::VectorXd::Unit(a.rows(), c));
  return x.cast<float>();
}

}  // namespace spikeforge::trainer

// Small dense linear-algebra helpers shared by the closed-form trainers (ADMM, readout).
#pragma once
#include <Eigen/Core>

namespace spikeforge::trainer {

/// (G + γI)⁻¹ for a symmetric positive semi-definite G (computed in double, Cholesky LLT).
/// γ = 0: the Moore–Penrose pseudo-inverse (eigen-decomposition; eigenvalues below
/// n·ε·λ_max are treated as zero). Returns the inverse as float for fast GEMMs.
Eigen::MatrixXf spd_inverse(const Eigen::MatrixXd& gram, double gamma);

/// Reference twin: solves (G + γI) X = I column by column with a pivoted LU in double (γ > 0 only).
Eigen::MatrixXf spd_inverse_reference(const Eigen::MatrixXd& gram, double gamma);

}  // namespace spikeforge::trainer

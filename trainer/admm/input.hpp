// Kernels on the sparse binary input x_t (inputs × N per step, stored as core::SpikeBatch events)
// used by the first layer's ADMM blocks. Each touches only the weights of spiking inputs.
//   input_product : out = W x_t                    (n_out × N)
//   input_cross   : acc += P x_tᵀ                  (n_out × inputs), P is n_out × N
//   input_gram    : Σ_t x_t x_tᵀ over all samples  (inputs × inputs, exact integer counts)
// Parallel over disjoint output rows/columns with a fixed summation order: the results do not
// depend on the thread count. Each has a plain reference twin (dense 0/1 matrices, Eigen products).
#pragma once
#include <Eigen/Core>

#include "core/spikes.hpp"

namespace spikeforge::trainer::admm {

void input_product(const core::SpikeBatch& x, int t, const Eigen::MatrixXf& w, Eigen::MatrixXf& out);
void input_cross(const core::SpikeBatch& x, int t, const Eigen::MatrixXf& p, Eigen::MatrixXf& acc);
Eigen::MatrixXd input_gram(const core::SpikeBatch& x);

void input_product_reference(const core::SpikeBatch& x, int t, const Eigen::MatrixXf& w, Eigen::MatrixXf& out);
void input_cross_reference(const core::SpikeBatch& x, int t, const Eigen::MatrixXf& p, Eigen::MatrixXf& acc);
Eigen::MatrixXd input_gram_reference(const core::SpikeBatch& x);

}  // namespace spikeforge::trainer::admm

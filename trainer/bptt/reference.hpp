// Plain reference twin of the BPTT kernel (trainer/bptt/kernel.hpp): one sample, scalar loops in
// double, no Eigen products, and a different loop order (time outer, layers inner in backward),
// so the tests can compare the fast kernel's losses and gradients against it.
#pragma once
#include <Eigen/Core>

#include "trainer/bptt/kernel.hpp"

namespace spikeforge::trainer::bptt {

/// Loss of one sample whose input raster is `input` (T × n_0, row t = step t, entries 0/1), plus
/// options.spike_budget × the sample's mean hidden firing rate (Σ hidden s / (T · hidden neurons)), and
/// its gradient: adds grad_scale · dLoss/dparam into `grads` (which must be shaped like the model,
/// e.g. zero-initialized by zero_grads). Writes argmax v_{L,T} to *prediction if non-null.
double reference_sample_grad(const Model<double>& model, const KernelOptions& options, const Eigen::MatrixXd& input,
                             int label, double grad_scale, Grads<double>& grads, int* prediction = nullptr);

/// Zero gradients shaped like `model`.
template <typename Scalar>
Grads<Scalar> zero_grads(const Model<Scalar>& model) {
  Grads<Scalar> g;
  for (std::size_t l = 0; l < model.depth(); ++l) {
    g.weights.push_back(Model<Scalar>::Matrix::Zero(model.weights[l].rows(), model.weights[l].cols()));
    g.biases.push_back(Model<Scalar>::Vector::Zero(model.biases[l].size()));
  }
  return g;
}

}  // namespace spikeforge::trainer::bptt

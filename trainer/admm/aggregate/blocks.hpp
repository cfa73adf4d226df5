// The aggregate-identity blocks of the improved ADMM variant (lever 8, docs/admm.md).
//
// For a hidden LIF layer with subtract reset, the float model's dynamics (docs/architecture.md) v_t = δ v_{t−1} + W x_t + b − θ s_{t−1}
// (v_0 = 0, s_{−1} = 0) sum exactly, per neuron and sample, to
//     f = (δ/θ)·(r − v_T) + s_T,   r = W x̃ + b·c,
// with f = Σ_t δ^{T−1−t} s_t (the δ-discounted spike count the next layer or the output integrator
// sees), x̃ = Σ_t δ^{T−1−t} x_t (the discounted input), c = Σ_t δ^{T−1−t}, v_T the final potential
// and s_T the last step's spike. A silent neuron has f = 0 and v_T = r ≤ θ. So the layer is a
// ReLU-like map of r, exactly up to the bounded remainder v_T − θ·s_T/δ.
//
// The improved variant trains on that identity with closed-form blocks (no gradients, no
// surrogate; every step of the real forward pass is hard):
//   output:   (W_L, b_L) = ridge fit of the one-hot label on the real features f_{L−1};
//   A block:  a* = argmin ||W_{l+1} a + b_{l+1} c − target||² + λ||a − f_l||², λ = μ·tr(W_{l+1}ᵀW_{l+1})/q,
//             q = min(rows, cols) of W_{l+1}: μ times the mean of its (at most q) nonzero squared
//             singular values, so the step does not shrink with the width of the layer above;
//   R block:  r* = argmin (a* − φ(r))² + κ (r − r_now)², φ(r) = k·max(0, r − r₀), k = δ/θ, the
//             linearized identity around the current state (r₀ = r_now − f/k if the neuron spiked,
//             θ if it was silent): an exact two-branch 1-D minimization per neuron and sample;
//   W block:  [W b] = argmin ||[W b]·[x̃; c] − r*||² + ν·m·||[W b] − [W b]_now||², m = mean Gram diagonal.
// The target of hidden layer l < L−1 is the r* of layer l+1. Shapes: column = sample.
#pragma once
#include <vector>

#include <Eigen/Core>

#include "core/network.hpp"
#include "core/spikes.hpp"
#include "trainer/reduce.hpp"

namespace spikeforge::trainer::admm {

/// c = Σ_{t<T} δ^{T−1−t}.
float discount_sum(int steps, double leak);

/// x̃ = Σ_t δ^{T−1−t} x_t of every sample (inputs × N), from the sparse events.
Eigen::MatrixXf discounted_input(const core::SpikeBatch& x, double leak);

// The features f_l of the forward pass: readout::layer_features.

/// λ of the A block: mu·trace/min(rows, cols), trace = tr(W_nextᵀW_next) of a rows × cols W_next.
double a_block_lambda(double trace, Eigen::Index rows, Eigen::Index cols, double mu);

/// A block: the minimizer (W_nextᵀW_next + λI)⁻¹ (W_nextᵀ (target − b_next·c) + λ (f − σ/2))
/// of ||W_next a + b_next c − target||² + λ||a − f||² + σλ·Σa, with
/// λ = a_block_lambda(tr(W_nextᵀ W_next), ...) (mu > 0) and σ = spike_budget ≥ 0 (the spike
/// budget: a linear price on the features). target: n_next × N; f: n × N.
Eigen::MatrixXf feature_targets(const Eigen::MatrixXf& w_next, const Eigen::VectorXf& b_next, float c,
                                const Eigen::MatrixXf& target, const Eigen::MatrixXf& f, double mu,
                                double spike_budget = 0.0);

/// The exact minimizer over r of (a − k·max(0, r − r0))² + kappa·(r − r_now)² (k, kappa > 0).
/// Ties go to the branch that contains r_now.
float potential_target(float a, float r_now, float r0, float k, float kappa);

/// R block of a whole layer: r0 = r − f/k where f > 0, θ where f = 0; k = δ/θ.
Eigen::MatrixXf potential_targets(const Eigen::MatrixXf& a, const Eigen::MatrixXf& f, const Eigen::MatrixXf& r,
                                  float delta, float theta, double kappa);

/// Sums over (sharded) samples of the W block: G = Σ [x̃; c][x̃; c]ᵀ and C = Σ r* [x̃; c]ᵀ.
struct WeightSums {
  Eigen::MatrixXd gram;   ///< (n_in + 1)².
  Eigen::MatrixXd cross;  ///< n_out × (n_in + 1).
};
/// G of the input features (all ranks summed through `reducer`).
Eigen::MatrixXd augmented_gram(const Eigen::MatrixXf& x, float c, const Reducer& reducer);
/// C for the potential targets (summed through `reducer`).
Eigen::MatrixXd augmented_cross(const Eigen::MatrixXf& r_target, const Eigen::MatrixXf& x, float c,
                                const Reducer& reducer);

/// W block: [W b] = (C + ν m [W b]_now)(G + (ν + ω) m I)⁻¹ with m = mean diag G (ν > 0; ω ≥ 0 a
/// weight decay toward 0): the minimizer of ||[W b][x̃; c] − r*||² + ν m ||[W b] − now||² + ω m ||[W b]||².
/// Overwrites layer.weights and layer.bias. `gram_inverse` = (G + (ν + ω) m I)⁻¹ (proximal_inverse).
void fit_weights(core::Layer& layer, const Eigen::MatrixXd& cross, const Eigen::MatrixXd& gram_inverse, double nu_m);
/// (G + (ν + ω) m I)⁻¹; sets *nu_m = ν m.
Eigen::MatrixXd proximal_inverse(const Eigen::MatrixXd& gram, double nu, double omega, double* nu_m);

}  // namespace spikeforge::trainer::admm

// The ADMM block updates of docs/admm.md, each the exact minimizer of the augmented Lagrangian
//   L = ||z_{L,T} − y||² + λᵀ c_{L,T} + (ρ/2) Σ_{l,t} ||c_{l,t}||² + (β/2) Σ_{l<L,t} ||a_{l,t} − H(z_{l,t} − θ)||²
//       + (ργ/2) Σ_l ||W_l||²        (the ridge γ; γ = 0 is the paper's pseudo-inverse)
// over its own variable with all others fixed (the a-block: exact for the unconstrained quadratic,
// then clipped to [0, 1] as in the paper). All samples at once (column = sample); float32 state.
// Indices: hidden layers 0..H−1, output H, steps 0..T−1 (docs/admm.md's t = 1..T).
#pragma once
#include "trainer/admm/state.hpp"

namespace spikeforge::trainer::admm {

/// W_l (hidden l < H) = (Σ_t p_t in_tᵀ)(Σ_t in_t in_tᵀ + γI)⁻¹, p_t = z_t − δ z_{t−1} + θ a_{t−1};
/// then u[l] is recomputed. Layer 0 uses the data-only Gram inverse of the Problem.
void update_hidden_weights(const Settings& s, const Problem& p, State& st, std::size_t l);

/// W_H = (Σ_t p_t a_tᵀ + λ a_{T}ᵀ/ρ)(Σ_t a_t a_tᵀ + γI)⁻¹, p_t = z_t − δ z_{t−1}; recomputes u[H].
/// Returns the RMS change of u[H] (ADMM's dual residual / ρ, for residual balancing).
double update_output_weights(const Settings& s, const Problem& p, State& st);

/// The two inverses of the a-block of hidden layer l: (M + (θ²+κ)I)⁻¹ for t < T and (M + κI)⁻¹
/// at t = T, with M = W_{l+1}ᵀ W_{l+1}, κ = β/ρ. One pair per layer and iteration serves every
/// step and sample.
struct SpikeSolver {
  Matrix inner;  ///< t < T.
  Matrix last;   ///< t = T.
};
SpikeSolver make_spike_solver(const Problem& p, const State& st, std::size_t l);

/// a[l][t] = clip((M + ...)⁻¹ (W_{l+1}ᵀ q − θ w + κ H(z_{l,t} − θ)), 0, 1); marks u[l+1] dirty.
/// clip = false leaves the unconstrained minimizer (tests check its exactness).
void update_spikes(const Problem& p, State& st, std::size_t l, int t, const SpikeSolver& solver, bool clip = true);

/// The exact 1-D step-function subroutine: minimizes c·(z − z*)² + (β/2)(a − H(z − θ))² over z,
/// c > 0. Returns z*, θ (non-spiking edge) or θ + ε (spiking edge), whichever is cheapest.
float step_minimizer(float z_star, float c, float a, float theta, float beta, float eps);

/// z[l][t] of hidden layer l: quadratic minimizer z*, then step_minimizer.
void update_hidden_potentials(const Settings& s, const Problem& p, State& st, std::size_t l, int t);

/// z[H][t] of the output integrator (closed form; t = T includes the loss and λ).
void update_output_potentials(const Problem& p, State& st, int t);

/// λ += ρ c_{L,T}.
void update_dual(const Problem& p, State& st);

/// c_{l,t} (n_l × N) with the current u (u[l] must be fresh).
Matrix residual(const Problem& p, const State& st, std::size_t l, int t);

}  // namespace spikeforge::trainer::admm

// ADMM's projection block for quantization-aware fine-tuning (docs/admm.md, "Training on a
// chip's weight grid"): the splitting W_l = V_l with V_l on the chip's weight grid (trainer/projection.hpp
// supplies the projection Π). The augmented Lagrangian gains, per layer l (scaled dual U_l),
//   (ρ_q,l / 2) ||W_l − V_l + U_l||²
// and the blocks become
//   W-update  the closed-form ridge of trainer/admm/blocks.hpp with ρ_q,l·I added to the Gram and
//             ρ_q,l·(V_l − U_l) to the cross term (still exact);
//   V-update  V_l = Π(W_l + U_l): the nearest grid point, element by element (exact minimizer of
//             the term over the grid of the result);
//   dual      U_l += W_l − V_l.
// ρ_q,l = quant_rho · (mean diagonal of layer l's Gram when the block starts): quant_rho is
// relative, like the readout's ridge; optionally grown by quant_rho_growth every iteration. ADMM has no biases: Π sees a zero bias for every layer.
// Fine-tuning starts from a given network: W = its weights, z and a anchored to its hard forward
// pass (trainer/admm/anchor.hpp), V = Π(W), U = 0.
#pragma once
#include <cstddef>
#include <vector>

#include <Eigen/Core>

#include "core/network.hpp"
#include "core/spikes.hpp"
#include "trainer/projection.hpp"

namespace spikeforge::trainer::admm {

struct Settings;
struct Problem;
struct State;

/// The projection block's state (inactive = empty v).
struct GridBlock {
  WeightProjection projection;
  std::vector<Eigen::MatrixXf> v;      ///< V_l, on the grid, shaped like W_l.
  std::vector<Eigen::MatrixXf> u;      ///< Scaled dual U_l.
  std::vector<double> rho;             ///< ρ_q,l (absolute, Gram units).
  Eigen::MatrixXf gram0_inverse;       ///< (G_0 + (γ + ρ_q,0) I)⁻¹ for the first layer's W-update.
  Eigen::MatrixXd gram0;               ///< G_0 (kept for the continuation).
  [[nodiscard]] bool active() const { return !v.empty(); }
};

/// ConfigError unless `net` is a network ADMM with `s` could train on `train`: hidden spiking
/// layers of sizes s.hidden with subtract reset, threshold s.threshold and zero biases; an
/// integrator output; every leak s.leak; inputs and classes of the data; an output bias only if
/// s.refit_output (ADMM's own W_L has none).
void check_start(const Settings& s, const core::FloatNetwork& net, const core::SpikeBatch& train);

/// W = net's weights, then z, a anchored to the hard forward pass.
void start_from(const Settings& s, const Problem& p, State& st, const core::FloatNetwork& net);

/// Activates the block: V = Π(W), U = 0, ρ_q,l from the current Grams, the first layer's inverse.
void init_grid(const Settings& s, const Problem& p, State& st, const WeightProjection& projection);

/// W-update hooks (no-ops when the block is inactive): acc += ρ_q,l (V_l − U_l); the extra ridge ρ_q,l.
void grid_cross_term(const State& st, std::size_t l, Eigen::MatrixXf& acc);
double grid_ridge(const State& st, std::size_t l);

/// Continuation (after an iteration): ρ_q,l ← ρ_q,l · s.quant_rho_growth, U_l rescaled by the old/new
/// ratio (the unscaled dual ρ_q U stays), the first layer's inverse recomputed. No-op when
/// inactive or growth = 1.
void grow_grid(const Settings& s, State& st);

/// V_l = Π(W_l + U_l), then U_l += W_l − V_l (no-op when inactive).
void update_grid(State& st, std::size_t l);

/// ||W − V|| / ||W|| over all layers (0 when inactive or W = 0): how far ADMM's W is from its grid.
double grid_residual(const State& st);

/// (ρ_q,l / 2) ||W − V + U||² for given matrices (the term the V-update minimizes).
double grid_term(double rho, const Eigen::MatrixXf& w, const Eigen::MatrixXf& v, const Eigen::MatrixXf& u);

}  // namespace spikeforge::trainer::admm

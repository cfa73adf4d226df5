// Training on a weight grid with the aggregate-identity method (docs/admm.md, "Training on a
// chip's weight grid"): the splitting W_l = V_l for every layer l (hidden and output, weights and
// biases together as [W_l b_l]) with V_l on the grid (the WeightProjection Π of
// trainer/projection.hpp) and a scaled dual U_l. This adds a real dual to the aggregate method's
// penalty blocks: per layer the problem gains
//   ρ_l ||[W b]_l − V_l + U_l||²          (ρ_l absolute, in Gram units)
// and the blocks become
//   W block   [W b] = (C + ν m [W b]_now + ρ_l (V − U)) (G + ((ν + ω) m + ρ_l) I)⁻¹, the exact
//             minimizer of ||[W b][x̃; c] − r*||² + ν m ||[W b] − now||² + ω m ||[W b]||² + ρ_l ||[W b] − V + U||²;
//   output    [W b] = (Y F̃ᵀ + ρ_L (V − U)) (G + (γ m + ρ_L) I)⁻¹, the exact minimizer of
//             ||[W b] F̃ − Y||² + γ m ||[W b]||² + ρ_L ||[W b] − V + U||² (F̃ = [f; c], Y one-hot);
//   V block   V_l = the nearest of the candidates Π(clip([W b]_l + U_l, τ_j)), τ_j = max|W + U|·2^(−j/4),
//             j < quant_scales: the chip's grid takes its quantum from the largest weight it is
//             given, so clipping first tries coarser-to-finer quanta (a ternary grid with one
//             outlier otherwise rounds almost every weight to 0). Every candidate lies on the grid;
//             the V block is exact over them (and exact for a grid with a fixed quantum);
//   dual      U_l += [W b]_l − V_l.
// ρ_l = quant_rho · (mean Gram diagonal of layer l's input at the start), grown by
// quant_rho_growth after every iteration (U rescaled by old/new, so ρ_l·U_l stays). The trained
// network is V (exactly on the grid).
#pragma once
#include <cstddef>
#include <vector>

#include <Eigen/Core>

#include "core/network.hpp"
#include "trainer/projection.hpp"
#include "trainer/reduce.hpp"

namespace spikeforge::trainer::admm {

struct AggregateGrid {
  WeightProjection projection;
  std::vector<core::Layer> v;  ///< V_l (hidden layers, then the output), on the grid.
  std::vector<core::Layer> u;  ///< Scaled duals U_l, shaped like V_l.
  std::vector<double> rho;     ///< ρ_l, absolute.
  int scales = 1;              ///< Candidate clip levels of the V block (1 = Π alone).
  [[nodiscard]] bool active() const { return !v.empty(); }
};

/// Clip levels per octave of the V block's scale search.
inline constexpr float kScalesPerOctave = 4.0F;

/// V = the V block's choice for W, U = 0, ρ_l = quant_rho · gram_means[l] for `layers` (hidden,
/// then output); `scales` candidate clip levels (≥ 1).
AggregateGrid start_grid(const WeightProjection& projection, const std::vector<core::Layer>& layers,
                         const std::vector<double>& gram_means, double quant_rho, int scales = 1);

/// The V block for one argument x: the candidate Π(clip(x, τ_j)) nearest to x (weights and bias).
core::Layer nearest_over_scales(const WeightProjection& p, std::size_t l, const core::Layer& x, int scales);

/// ρ_l (V_l − U_l) as an n_out × (n_in + 1) matrix [weights bias]: the W block's extra cross term.
Eigen::MatrixXd grid_pull(const AggregateGrid& g, std::size_t l);

/// (G + ((ν + ω) m + extra) I)⁻¹ with m = mean diag G; sets *nu_m = ν m. extra = 0 is proximal_inverse.
Eigen::MatrixXd proximal_inverse_plus(const Eigen::MatrixXd& gram, double nu, double omega, double extra, double* nu_m);

/// The output block with the grid term (see above): an integrator layer with the given leak.
/// f: n × N features (this rank's samples), sums through `reducer`.
core::Layer fit_output_on_grid(const Eigen::MatrixXf& f, const std::vector<int>& labels, int classes, float c,
                               double leak, double gamma, const Eigen::MatrixXd& pull, double rho, const Reducer& reducer);

/// V_l = Π(W_l + U_l), then U_l += W_l − V_l (weights and bias).
void update_grid(AggregateGrid& g, std::size_t l, const core::Layer& w);

/// ρ_l ← ρ_l · growth, U_l ← U_l / growth (no-op for growth = 1).
void grow_grid(AggregateGrid& g, double growth);

/// ||W − V|| / ||W|| over all layers, weights and biases (0 when W = 0).
double grid_residual(const AggregateGrid& g, const std::vector<core::Layer>& w);

}  // namespace spikeforge::trainer::admm

// ADMM trainer settings (docs/admm.md): the paper's hyper-parameters plus the switchable levers of
// the "improved" variant. Two presets: Settings::improved() (= Settings{}, the CLI's and `run`'s
// default) and Settings::paper() (the published method, every lever off). Pick a preset, then
// override single fields; validate() checks every field and the cross-field rules once
// (ConfigError "admm: <field> = <value> ...").
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/network.hpp"

namespace spikeforge::trainer::admm {

enum class Variant { paper, improved };
/// "paper" | "improved"; ConfigError otherwise.
Variant parse_variant(const std::string& text);
const char* to_string(Variant v);

/// How hidden weights start. `zero` = the paper (W = 0, z, a ~ U[0,1)); `random` = the readout
/// baseline's calibrated random weights, then z, a anchored to the hard forward pass.
enum class Init { zero, random };
Init parse_init(const std::string& text);
const char* to_string(Init i);

struct Settings {
  // --- model (docs/architecture.md neuron semantics; ADMM supports reset = subtract only) ---------------
  std::vector<int> hidden;        ///< Hidden layer sizes n_1..n_{L-1}; at least one, each > 0.
  double leak = 0.95;             ///< δ ∈ (0, 1], every layer (the output integrator too).
  double threshold = 1.0;         ///< θ > 0, hidden layers.
  core::ResetMode reset = core::ResetMode::subtract;

  // --- the paper's method ---------------------------------------------------------------------
  int iterations = 60;            ///< ADMM iterations ≥ 0 (60: no gain from 100, docs/BENCHMARKS.md).
  double rho = 1.0;               ///< ρ > 0: constraint penalty.
  double beta = 0.1;              ///< β ≥ 0: weight of ||a − H(z)||².
  int warmup = 0;                 ///< Iterations without dual (λ) updates, ≥ 0.
  double gamma = 1e-2;            ///< Ridge γ ≥ 0 on every W update (adds (ργ/2)||W||² to L); 0 = pseudo-inverse (paper).
  double spike_eps = 1e-4;        ///< ε > 0 of the step subroutine: "spiking edge" = θ + ε.
  std::uint64_t seed = 1;         ///< Seeds init and the random layer/time orders.
  Variant variant = Variant::improved;  ///< Which preset these settings started from (reports name it).

  // --- levers of the improved variant (each switchable; paper() turns them all off) ------------
  bool refit_output = true;       ///< (1) refit W_L, b_L by ridge on the real forward spikes when evaluating/exporting.
  double refit_gamma = 1e-2;      ///< Ridge of the refit (≥ 0, relative to the mean Gram diagonal).
  int reanchor_every = 5;         ///< (2) every k iterations set z, a to the hard forward pass (0 = never).
  double beta_growth = 1.0;       ///< (3) β ← min(β_max, β·growth) after each iteration (≥ 1).
  double beta_max = 0.1;          ///< Cap of the β continuation (≥ β when beta_growth > 1).
  bool adaptive_rho = false;      ///< (4) residual balancing of ρ (μ = 10, τ = 2).
  bool keep_best = true;          ///< (5) return the network with the best validation accuracy.
  int patience = 0;               ///< (6) stop after this many validation checks without improvement (0 = off).
  Init init = Init::random;       ///< (7) zero (paper) or random calibrated hidden weights + anchor.
  double init_rate = 0.2;         ///< Target firing rate of the random init [spikes/step], in (0, 1) (0.2: +0.8 points against 0.1).
  /// (8) Train the hidden layers with the aggregate-identity blocks (trainer/admm/aggregate/blocks.hpp)
  /// instead of the per-step z/a blocks; needs init = random and holds no per-step state.
  bool aggregate = true;
  double agg_mu = 0.1;            ///< A-block proximal weight μ > 0 (relative to the mean squared singular value of W_{l+1}).
  double agg_nu = 1e-3;           ///< W-block proximal ridge ν > 0 (relative to the mean input Gram diagonal).
  double agg_decay = 1e-2;        ///< W-block weight decay ω ≥ 0 toward 0 (relative to the mean input Gram diagonal).
  bool agg_gauss_seidel = false;  ///< Several hidden layers: update them bottom-up with a forward pass in between (else all at once, Jacobi).
  double agg_kappa = 0.3;         ///< R-block weight κ > 0 of (r − r_now)² against the feature error.
  /// Spike budget σ ≥ 0 (issue #13): the A block also minimizes σ·λ_A·Σ a, a linear price on the
  /// hidden features (discounted spike counts), so every neuron is asked for σ/2 fewer of them
  /// (trainer/admm/aggregate/blocks.hpp). 0 = off. Aggregate method only.
  double spike_budget = 0.0;

  // --- quantization-aware fine-tuning (trainer/admm/grid_block.hpp; used only with a projection) --
  double quant_rho = 0.1;         ///< ρ_q relative to each layer's mean Gram diagonal, > 0.
  double quant_rho_growth = 1.0;  ///< ρ_q ← ρ_q · growth after every iteration (≥ 1; continuation).
  /// Aggregate method on a grid: candidate clip levels of the V block's scale search (≥ 1; 1 = the
  /// projection alone; trainer/admm/aggregate/grid.hpp).
  int quant_scales = 16;
  /// Aggregate method on a grid: iterations trained in float before the splitting starts; the grid
  /// then starts from the trained W (V = the V block's choice for W, U = 0), as quantization methods
  /// start from a trained network. 0 = on the grid from the first iteration; −1 (default) = half the
  /// iterations (measured best: docs/bench/finetune.md); else < iterations.
  int quant_warmup = -1;
  /// quant_warmup with −1 resolved: the float iterations before the splitting starts.
  [[nodiscard]] int grid_warmup() const { return quant_warmup < 0 ? iterations / 2 : quant_warmup; }

  // --- monitoring and execution ---------------------------------------------------------------
  int val_every = 5;              ///< Validation accuracy every k iterations (≥ 1).
  int train_acc_every = 1;        ///< Train accuracy (hard forward sim) every k iterations (≥ 1).
  int threads = 0;                ///< OpenMP/Eigen threads (0 = library default).
  /// Aggregate method: run the training forward pass and the monitor's simulations with
  /// core::simulate (every step's spikes recorded, then discounted) instead of the fast
  /// feature_pass (trainer/admm/aggregate/feature_pass.hpp). Same results; for benchmarks that
  /// measure the kernel against its twin.
  bool reference_forward = false;

  /// The improved variant: the measured best combination of levers (docs/BENCHMARKS.md). Equal to Settings{}.
  static Settings improved();
  /// The paper's method as published: per-step blocks, zero init, no ridge, every lever off.
  static Settings paper();
  /// The preset of a variant.
  static Settings preset(Variant v);
  /// ConfigError naming the field and value on the first bad setting.
  void validate() const;
};

}  // namespace spikeforge::trainer::admm

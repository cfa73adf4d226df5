// Settings of the surrogate-gradient BPTT baseline trainer (trainer/bptt/bptt.hpp).
// Validated once by validate(): ConfigError "bptt: <field> = <value> <rule>".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/network.hpp"
#include "trainer/bptt/kernel.hpp"

namespace spikeforge::trainer {

struct BpttSettings {
  // --- model (docs/architecture.md float model: hidden LIF layers, leaky-integrator output) ----------------
  std::vector<int> hidden;          ///< Hidden layer sizes n_1..n_{L-1}; at least one, each > 0.
  float leak = 0.95F;               ///< δ ∈ (0, 1] per step, every layer (the output integrator too).
  float v_thresh = 1.0F;            ///< θ > 0 of the hidden layers (same units as W·s).
  core::ResetMode reset = core::ResetMode::subtract;

  // --- optimization ---------------------------------------------------------------------------
  int epochs = 3;                   ///< Passes over the training set, ≥ 0 (a resumed run stops at this total).
  int batch_size = 128;             ///< Samples per Adam step, ≥ 1 (the last batch of an epoch may be smaller).
  float lr = 1e-3F;                 ///< Adam step size, > 0 (the peak value under a schedule).
  /// "constant": lr every epoch; "cosine": epoch e (0-based) of E uses lr·(1 + cos(π·e/E))/2.
  std::string lr_schedule = "constant";
  float adam_beta1 = 0.9F;          ///< in [0, 1).
  float adam_beta2 = 0.999F;        ///< in [0, 1).
  float adam_eps = 1e-8F;           ///< > 0.
  std::string loss = "ce";          ///< "ce": softmax cross-entropy of v_{L,T}; "mse": ½‖v_{L,T} − onehot‖².
  float surrogate_slope = 5.0F;     ///< k of the fast sigmoid ds/dv ≈ 1/(k|v − θ| + 1)² [1/v], > 0.
  /// true: the reset's dependence on s_{t-1} is cut from the gradient (snnTorch's default);
  /// false: exact gradient of the surrogate model. Default = the better one measured on
  /// Fashion-MNIST (docs/bench/bptt.md).
  bool detach_reset = false;
  bool train_bias = true;           ///< Learn b_l (false: biases stay 0).
  /// λ ≥ 0 of the spike budget: the loss gains λ × the batch's mean hidden firing rate
  /// [spikes/neuron/step], differentiated through the surrogate (trainer/bptt/kernel.hpp). 0 = off.
  float spike_budget = 0.0F;
  float weight_init = 1.0F;         ///< Gain g > 0: W_l ~ U(−g/√n_{l-1}, +g/√n_{l-1}); biases start at 0.
  std::uint64_t seed = 1;           ///< Seeds the initial weights and the per-epoch shuffles.

  // --- execution and monitoring ---------------------------------------------------------------
  int threads = 0;                  ///< OpenMP/Eigen threads, ≥ 0 (0 = OpenMP's default).
  int report_every_batches = 50;    ///< Extra progress reports every k batches (0 = once per epoch).
  int val_every = 1;                ///< Validation accuracy every k epochs (and after the last), ≥ 1.

  /// ConfigError naming the field and value on the first bad setting.
  void validate() const;
  /// Step size of epoch `epoch` (0-based) under lr_schedule.
  [[nodiscard]] float epoch_lr(int epoch) const;
  /// "ce" -> cross_entropy, "mse" -> mse (ConfigError otherwise).
  [[nodiscard]] bptt::Loss loss_kind() const;
  /// The kernel options these settings imply (threads resolved by the caller).
  [[nodiscard]] bptt::KernelOptions kernel_options(int resolved_threads) const;
};

}  // namespace spikeforge::trainer

// BPTT kernel: forward pass over time, output loss, backward pass through time, for one
// mini-batch of N samples of the float model of docs/architecture.md (hidden LIF layers, non-spiking leaky
// integrator output, readout v_{L,T}, no inter-layer delay). Layer-major: each layer is one GEMM
// over all T·N columns, then an element-wise recursion over time (OpenMP over samples).
//
// Shapes: layer l = 1..L has n_l neurons; W_l : n_l × n_{l-1}; a layer's activity over the batch
// is one n_l × (T·N) matrix whose column t·N + n is sample n at step t (0-based t).
//
// Forward, hidden l (θ, δ per layer; k = surrogate slope):
//   i_t = W_l s_{l-1,t} + b_l;   subtract: v_t = δ v_{t-1} + i_t − θ s_{t-1}
//                                zero:     v_t = δ (1 − s_{t-1}) v_{t-1} + i_t;   s_t = [v_t > θ]
// Output L: v_{L,t} = δ_L v_{L,t-1} + W_L s_{L-1,t} + b_L; the loss sees v_{L,T} only.
// Backward (ν_t = dLoss/dv_t, ε_t = dLoss/ds_t, σ'(v) = surrogate_grad, t = T..1, ν_{T+1} = 0):
//   ε_t = W_{l+1}ᵀ ν_{l+1,t}  + reset path:  subtract −θ ν_{t+1},  zero −δ v_t ν_{t+1}
//   ν_t = ε_t σ'(v_t)         + leak path:   subtract  δ ν_{t+1},  zero  δ (1 − s_t) ν_{t+1}
//   dW_l = Σ_t ν_t s_{l-1,t}ᵀ,  db_l = Σ_t ν_t.    detach_reset drops the reset path (snnTorch's
//   default), giving a biased gradient; the leak path's (1 − s_t) factor is kept either way.
// Spike budget (λ = spike_budget ≥ 0): the batch loss gains λ · Σ_{l<L} Σ_t Σ_j s_{l,t,j} / (N·T·H),
//   H = Σ_{l<L} n_l hidden neurons, i.e. λ × the batch's mean hidden firing rate [spikes/neuron/step];
//   through the surrogate it adds λ/(N·T·H) to every hidden ε_t.
// Scalar is float (training) or double (gradient tests). plain twin: trainer/bptt/reference.hpp.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <Eigen/Core>

#include "core/network.hpp"
#include "core/spikes.hpp"
#include "trainer/bptt/surrogate.hpp"

namespace spikeforge::trainer::bptt {

enum class Loss { cross_entropy, mse };

/// Trainable parameters plus the fixed neuron constants of each layer (index 0 = first layer).
template <typename Scalar>
struct Model {
  using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
  using Vector = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;
  std::vector<Matrix> weights;            ///< [l]: n_{l+1} × n_l.
  std::vector<Vector> biases;             ///< [l]: n_{l+1}.
  std::vector<Scalar> leak;               ///< δ per layer.
  std::vector<Scalar> v_thresh;           ///< θ per layer (unused by the output integrator).
  std::vector<core::ResetMode> reset;     ///< per layer (unused by the output integrator).
  [[nodiscard]] std::size_t depth() const { return weights.size(); }
};

/// Gradients, shaped like the model's weights and biases.
template <typename Scalar>
struct Grads {
  std::vector<typename Model<Scalar>::Matrix> weights;
  std::vector<typename Model<Scalar>::Vector> biases;
};

struct KernelOptions {
  double surrogate_slope = 25.0;          ///< k of the fast-sigmoid surrogate [1/v], > 0.
  bool detach_reset = false;              ///< Drop the reset's dependence on s in backward.
  Loss loss = Loss::cross_entropy;
  SpikeFn spike = SpikeFn::heaviside;     ///< `smooth` only in gradient tests.
  int threads = 1;                        ///< OpenMP threads for the element-wise recursions.
  /// λ ≥ 0 of the spike-budget term (see the header comment); 0 = no term.
  double spike_budget = 0.0;
};

/// What the forward pass keeps for backward.
template <typename Scalar>
struct Tape {
  int steps = 0;                                       ///< T.
  Eigen::Index samples = 0;                            ///< N.
  std::vector<typename Model<Scalar>::Matrix> spikes;  ///< [l] l = 0..L-1: s_l, n_l × T·N (0 = input).
  std::vector<typename Model<Scalar>::Matrix> potentials;  ///< [l] l = 1..L-1: v_l, n_l × T·N ([0] empty).
  typename Model<Scalar>::Matrix output;               ///< n_L × N: v_{L,T}.
};

/// Model <-> network conversion (the network must validate; output layer must be an integrator).
template <typename Scalar>
Model<Scalar> model_from_network(const core::FloatNetwork& net);
/// Writes the model's weights and biases into `net` (same shapes).
void store_model(const Model<float>& model, core::FloatNetwork& net);

/// Resizes `tape` for N = samples.size() samples and fills tape.spikes[0] with their inputs.
template <typename Scalar>
void load_inputs(const core::SpikeBatch& batch, std::span<const std::size_t> samples, Tape<Scalar>& tape);

/// Runs the forward pass; tape.spikes[0], steps and samples must be set (load_inputs).
template <typename Scalar>
void forward(const Model<Scalar>& model, const KernelOptions& options, Tape<Scalar>& tape);

struct LossStats {
  double loss_sum = 0.0;  ///< Σ over samples of the per-sample loss (CE: −log softmax_y; MSE: ½‖v − onehot‖²).
  int correct = 0;        ///< Samples whose argmax v_{L,T} (ties → lowest index) equals the label.
};

/// Loss of the readout `output` (n_L × N) against `labels`; if `grad` is non-null, writes
/// grad_scale · dLoss_n/dv_{L,T} for every column n (use grad_scale = 1/N for the batch mean).
template <typename Scalar>
LossStats output_loss(const typename Model<Scalar>::Matrix& output, std::span<const int> labels, Loss loss,
                      double grad_scale, typename Model<Scalar>::Matrix* grad);

/// Hidden activity of the batch on a forward tape, and its spike-budget term.
struct HiddenActivity {
  std::vector<double> spikes;         ///< [l] l = 0..L-2: Σ of s over hidden layer l+1, all steps and samples.
  std::vector<double> rates;          ///< [l]: spikes[l] / (n_l · T · N) [spikes/neuron/step].
  double rate = 0.0;                  ///< Σ spikes / (H · T · N), H = all hidden neurons.
  double penalty = 0.0;               ///< spike_budget · rate: the term backward differentiates (batch mean).
};

/// Counts the hidden spikes of `tape` (after forward) and prices them with options.spike_budget.
template <typename Scalar>
HiddenActivity hidden_activity(const KernelOptions& options, const Tape<Scalar>& tape);

/// Backward pass through time from dLoss/dv_{L,T} (n_L × N), plus the spike-budget term of
/// options.spike_budget (as a batch mean: it assumes the output gradient was scaled by 1/N);
/// overwrites `grads` (resized).
template <typename Scalar>
void backward(const Model<Scalar>& model, const KernelOptions& options, const Tape<Scalar>& tape,
              const typename Model<Scalar>::Matrix& grad_output, Grads<Scalar>& grads);

/// Predictions (argmax v_{L,T}, ties → lowest index) of `model` for every sample of `batch`,
/// simulated `chunk` samples at a time.
std::vector<int> predict(const Model<float>& model, const KernelOptions& options, const core::SpikeBatch& batch,
                         std::size_t chunk = 512);

}  // namespace spikeforge::trainer::bptt

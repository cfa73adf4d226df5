// Surrogate-gradient BPTT baseline (what snnTorch users would pick) for the float model of docs/architecture.md:
// hidden LIF layers (reset subtract | zero, strict v > θ), non-spiking leaky-integrator output,
// prediction argmax v_{L,T}, no inter-layer delay. Gradients: trainer/bptt/kernel.hpp (fast-sigmoid
// surrogate); optimizer: Adam (trainer/bptt/adam.hpp); mini-batches shuffled every epoch.
//
// Determinism: for a fixed seed, data, thread count and binary, results are bit-identical (no
// atomics or racing reductions: OpenMP splits over samples with no cross-sample sums, and Eigen's
// GEMMs partition their outputs). Different thread counts may differ in the last bits (Eigen's
// GEMM blocking depends on the thread count). A run resumed from a checkpoint ends bit-identical
// to an uninterrupted one with the same thread count.
#pragma once
#include <filesystem>
#include <vector>

#include "core/network.hpp"
#include "core/spikes.hpp"
#include "trainer/bptt/settings.hpp"
#include "trainer/history.hpp"
#include "trainer/projection.hpp"
#include "trainer/progress.hpp"

namespace spikeforge::trainer {

/// Where and how often to checkpoint (weights, Adam moments and step, RNG, epoch, history).
struct BpttCheckpointOptions {
  std::filesystem::path path;  ///< "" = no checkpoints.
  int every = 1;               ///< Write after every k-th epoch (0 = never; the last epoch is not special).
  bool resume = false;         ///< Start from `path` (InputError if missing or corrupt; ConfigError if it
                               ///< was written for other settings, data shape or training-set size).
};

struct BpttResult {
  core::FloatNetwork net;      ///< Trained network; encoding info left to the caller, metadata_json set.
  History history;             ///< One record per epoch (iteration = epoch): "loss", "train_acc", "val_acc",
                               ///< "epoch_s" [s], "hidden_rate" (all hidden neurons) and "hidden_rate_l<l>"
                               ///< (hidden layer l = 1..L-1) [spikes/neuron/step], "spike_loss" (the spike
                               ///< budget's term, mean per sample). All but val_acc are running values over
                               ///< the epoch's training batches; "loss" is the output loss alone.
  int epochs_run = 0;          ///< Epochs done in total (including those before a resume).
  double train_acc = 0.0;      ///< Running train accuracy of the last epoch, in [0, 1].
  std::vector<double> hidden_rates;  ///< Per hidden layer: firing rate of the last epoch run [spikes/neuron/step].
  double val_acc = -1.0;       ///< Validation accuracy of the returned network (-1: no val set).
  double seconds = 0.0;        ///< Training wall time [s] (including time before a resume).
};

/// Trains a fresh network (or resumes one) on `train`; validation on `val` if non-null.
/// ConfigError on bad settings, an empty training set or a val set of another shape.
/// Fine-tuning (trainer/projection.hpp): `finetune.start` replaces bptt_initial_network (its shapes
/// and neuron constants are used, settings.hidden/leak/v_thresh/reset are ignored; ConfigError if it
/// is not hidden LIF layers + integrator output or does not fit the data); with a projection, the
/// straight-through estimator: forward, backward and validation use the projected weights, Adam
/// updates the float shadow weights, and the returned network is the projected one.
BpttResult train_bptt(const BpttSettings& settings, const core::SpikeBatch& train, const core::SpikeBatch* val,
                      const ProgressFn& progress, const BpttCheckpointOptions& checkpoint = {},
                      const FineTune& finetune = {});

/// The untrained network train_bptt starts from (seeded uniform weights, zero biases).
core::FloatNetwork bptt_initial_network(const BpttSettings& settings, int inputs, int classes);

}  // namespace spikeforge::trainer

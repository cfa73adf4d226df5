// ADMM training of a LIF network (docs/admm.md): every block in closed form, all samples at once.
//
// train_admm() runs the loop: per iteration, hidden layers in a random order (W, then a and z over
// the time steps in a random order, then t = T), then the output layer (W, z, λ); then monitoring
// (augmented Lagrangian, residuals, accuracy of the hard-spike forward simulation). The returned
// network is always evaluated by core::simulate: ADMM's internal variables are never a prediction.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>

#include "core/network.hpp"
#include "core/spikes.hpp"
#include "trainer/admm/settings.hpp"
#include "trainer/history.hpp"
#include "trainer/projection.hpp"
#include "trainer/progress.hpp"
#include "trainer/reduce.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::trainer::admm {

/// Where and how often to checkpoint. Resuming restores the complete state (W, z, a, λ, ρ, β,
/// RNG, iteration, best-so-far), so a resumed run ends bit-identical to an uninterrupted one.
/// Sharded runs: each rank writes its own shard's state to rank_checkpoint_path(path, rank, K)
/// (atomically); resuming needs the same K and the same samples (ConfigError otherwise).
struct CheckpointOptions {
  std::filesystem::path path;  ///< "" = no checkpoints.
  int every = 0;               ///< Write after every k-th iteration (0 = never).
  bool resume = false;         ///< Start from `path` (InputError if it is missing or corrupt).
};

struct Result {
  core::FloatNetwork net;                 ///< Trained network (encoding info left to the caller).
  std::string method;                     ///< What ran, in words (method_name()).
  History history;                        ///< One record per iteration (and one for iteration 0).
  int iterations_run = 0;
  bool early_stopped = false;
  int best_iteration = -1;                ///< Iteration whose network was returned (keep-best), else last.
  double best_val_acc = -1.0;             ///< Validation accuracy of the returned network (-1: no val set).
  std::map<std::string, double> block_seconds;  ///< Total wall time per block ("w", "a", "z", "out", "monitor", ...).
  std::size_t state_bytes = 0;            ///< Memory of the ADMM state (see state_bytes()).
  double seconds = 0.0;
};

/// The checkpoint file of rank `rank` of `ranks`: `path` itself for one process, else
/// "<path>.rank<r>-of-<K>".
std::filesystem::path rank_checkpoint_path(const std::filesystem::path& path, int rank, int ranks);

/// The method train() runs for these settings, in words: "admm-aggregate (penalty block-coordinate)",
/// "admm-aggregate + grid splitting (scaled-dual ADMM on W = V)", "admm-per-step (paper blocks,
/// dual on the output constraint)", "admm-per-step + grid projection block (scaled-dual ADMM on W = V)".
std::string method_name(const Settings& s, const FineTune& finetune = {});

/// The network train() returns for these settings and data sizes, with zero weights and biases:
/// hidden LIF layers (subtract reset, s.threshold, s.leak), an integrator output. What a caller
/// builds a weight grid from (quantizer::WeightGrid) before training on it.
core::FloatNetwork shape_network(const Settings& s, int inputs, int classes);

/// Bytes of the training state for these sizes (z, a, W·a cache per hidden layer, output z, λ, Grams).
std::size_t state_bytes(const Settings& s, std::size_t samples, int steps, int inputs, int classes);

/// MemAvailable from /proc/meminfo in bytes (0 if unknown).
std::size_t available_memory_bytes();

/// Trains on `train` (validation on `val` if non-null). ConfigError on bad settings, shape
/// mismatch, or a state larger than the available memory (naming --train-samples).
///
/// Sharded training (issue #8): `train` (and `val`) hold only this rank's samples, `shard` says
/// where `train` sits in the global order ({} = it is everything) and `reducer` sums over ranks
/// every quantity that sums over samples. Every rank must call train() with the same settings
/// and a non-null `val` on all ranks or none; every rank returns the same network. History
/// records get "comm_bytes" (bytes this rank sent in sums during the iteration) and "time_comm_s"
/// (wall time inside the sums, waiting for other ranks included) when K > 1.
///
/// Training on a grid from scratch (Settings::aggregate, the default; trainer/admm/aggregate/grid.hpp):
/// `finetune.start` = nullptr and an enabled `finetune.projection`: the aggregate method with the
/// splitting W = V (V on the grid, scaled dual) for every layer, hidden biases included; the
/// returned network is V, exactly on the grid. No checkpoints then.
///
/// Fine-tuning (trainer/admm/grid_block.hpp): `finetune.start` (checked by check_start) replaces
/// the init (W = its weights, z, a anchored); a projection adds the projection block, and every
/// evaluated and returned network is on the grid (hidden V, projected output). No checkpoints then.
/// Fine-tuning uses the per-step blocks (Settings::aggregate is ignored) and one process.
Result train(const Settings& settings, const core::SpikeBatch& train, const core::SpikeBatch* val,
             const ProgressFn& progress, const CheckpointOptions& checkpoint = {},
             const Reducer& reducer = local_reducer(), SampleShard shard = {}, const FineTune& finetune = {});

}  // namespace spikeforge::trainer::admm

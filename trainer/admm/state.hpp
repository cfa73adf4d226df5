// The ADMM training state (docs/admm.md) and the problem data it refers to.
//
// Layers are indexed 0..H−1 (hidden, spiking) and H (output integrator); time steps 0..T−1.
// Every per-step variable is an n_l × N float matrix, one column per sample:
//   z[l][t]  potentials (hidden and output),   a[l][t]  relaxed spikes in [0,1] (hidden only),
//   u[l][t]  cache of W_l · in_{l,t} (in_0 = the input x_t, in_l = a[l−1]),
//   lambda   the multiplier of the output constraint at t = T (n_L × N).
// Memory ≈ N·T·(3 Σ_hidden n_l + 2 n_L)·4 bytes (state_bytes()).
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include <Eigen/Core>

#include "core/network.hpp"
#include "core/spikes.hpp"
#include "trainer/admm/grid_block.hpp"
#include "trainer/admm/keep_best.hpp"
#include "trainer/admm/settings.hpp"
#include "trainer/history.hpp"
#include "trainer/reduce.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::trainer {
class Checkpoint;
}

namespace spikeforge::trainer::admm {

using Matrix = Eigen::MatrixXf;
using Steps = std::vector<Matrix>;  ///< One matrix per time step.

/// Read-only problem data: the input, targets and constants derived once.
/// Sharded runs (issue #8): x holds only this rank's samples; every sum over samples goes through
/// `reduce()` so that every rank sees the global sum.
struct Problem {
  const core::SpikeBatch* x = nullptr;
  const Reducer* reducer = &local_reducer();  ///< Sums over samples across ranks.
  SampleShard shard;           ///< This rank's samples: global first index, count (= x->size()), total N.
  Matrix y;                    ///< n_L × N one-hot targets.
  float delta = 0.95F;         ///< δ.
  float theta = 1.0F;          ///< θ.
  Matrix gram0_inverse;        ///< (Σ_t x_t x_tᵀ + γI)⁻¹: layer 1's Gram depends only on the data.

  [[nodiscard]] int steps() const { return x->steps(); }
  [[nodiscard]] Eigen::Index samples() const { return static_cast<Eigen::Index>(x->size()); }
  /// Samples over all ranks (N).
  [[nodiscard]] double total_samples() const { return static_cast<double>(shard.total); }
  [[nodiscard]] const Reducer& reduce() const { return *reducer; }
};

/// `shard` = {} (total 0): x is the whole data set. Otherwise shard.count must equal x.size().
Problem make_problem(const Settings& s, const core::SpikeBatch& x, const Reducer& reducer = local_reducer(),
                     SampleShard shard = {});

struct State {
  std::vector<Matrix> w;       ///< w[l]: n_l × n_{l−1}.
  std::vector<Steps> z;        ///< size H+1.
  std::vector<Steps> a;        ///< size H.
  std::vector<Steps> u;        ///< size H+1.
  std::vector<bool> u_dirty;   ///< u[l] stale because a[l−1] changed after the last W_l update.
  Matrix lambda;
  double rho = 1.0;
  double beta = 0.1;
  int iteration = 0;           ///< Iterations completed.
  std::mt19937_64 rng;
  KeepBest best;               ///< Levers 5 and 6.
  History history;
  double seconds = 0.0;        ///< Training time accumulated over runs (resume adds to it).
  GridBlock grid;              ///< Projection block of fine-tuning (trainer/admm/grid_block.hpp); off when empty.

  [[nodiscard]] std::size_t hidden_layers() const { return a.size(); }
};

/// Initializes the paper's way: W = 0, z and a ~ U[0,1) (seeded), λ = 0; u computed.
/// Sample j's z and a come from its own stream keyed by (seed, global index of j), so a sharded
/// run initializes exactly like a single process.
State init_state(const Settings& s, const Problem& p);

/// Recomputes u[l] = W_l · in_l for every step (sparse kernel for l = 0, GEMM otherwise).
void compute_input_current(const Problem& p, State& st, std::size_t l);
/// Recomputes every dirty u[l].
void refresh_input_currents(const Problem& p, State& st);

/// The network the current weights describe (hidden spiking layers with subtract reset, output
/// integrator, zero biases).
core::FloatNetwork network_of(const Settings& s, const std::vector<Matrix>& w);

/// Saves / restores everything needed to continue bit-identically (u is recomputed on load).
void save_state(const State& st, Checkpoint& cp);
/// ConfigError if the checkpoint's shapes do not match the settings and data.
State load_state(const Settings& s, const Problem& p, const Checkpoint& cp);

}  // namespace spikeforge::trainer::admm

// Quantization-aware fine-tuning (`spikeforge quantize --finetune bptt|admm`). Wires the chip's
// weight grid (quantizer/grid.hpp) into a trainer as a WeightProjection (trainer/projection.hpp):
//   bptt  straight-through rounding: forward/backward on the projected weights, Adam on the float
//         shadow weights (trainer/bptt/bptt.hpp), from the given network's weights;
//   admm  the projection block W = V, V on the grid (trainer/admm/grid_block.hpp), warm-started
//         from the given network (z, a anchored to its hard forward pass).
// Either way the result lies on the grid: map_network of it loses nothing more.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/network.hpp"
#include "core/spikes.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "trainer/progress.hpp"

namespace spikeforge::pipeline {

struct FinetuneArgs {
  std::string method;              ///< "" = off, "bptt" or "admm".
  int epochs = 2;                  ///< BPTT epochs, ≥ 1.
  int iters = 10;                  ///< ADMM iterations, ≥ 1.
  std::size_t samples = 2000;      ///< Training samples from the train split (0 = all).
  float lr = 5e-4F;                ///< BPTT Adam step size, > 0.
  int batch_size = 64;             ///< BPTT mini-batch, ≥ 1.
  double rho = 0.1;                ///< ADMM quant_rho (relative ρ_q), > 0.
  double rho_growth = 1.0;         ///< ADMM quant_rho_growth, ≥ 1.
  int reanchor_every = -1;         ///< ADMM lever 2 (re-anchor z, a every k iterations); -1 = the improved default.
  std::uint64_t seed = 1;          ///< BPTT init of the shuffles, ADMM orders.
  int threads = 0;                 ///< 0 = default.
  bool no_grid = false;            ///< Control experiment: the same training without the projection
                                   ///< (float), then the plain mapping: separates "more training" from
                                   ///< "quantization-aware".

  [[nodiscard]] bool enabled() const { return !method.empty(); }
  /// ConfigError "quantize: --finetune = 'foo' must be 'bptt' or 'admm'" and the like.
  void validate() const;
};

struct FinetuneOutcome {
  core::FloatNetwork net;          ///< On the grid (unless no_grid); encoding and metadata of the input network.
  int rounds = 0;                  ///< Epochs (bptt) or iterations (admm) run.
  double seconds = 0.0;            ///< Training wall time.
  double train_acc = 0.0;          ///< Float accuracy of `net` on the fine-tuning data (its trainer's measure).
  nlohmann::json settings;         ///< The settings used (report).
};

/// Fine-tunes `net` on `train` onto the grid of (profile, options) (or, with no_grid, in float).
/// ConfigError if the network
/// does not fit the method (BPTT: hidden LIF + integrator output; ADMM: see admm::check_start).
FinetuneOutcome run_finetune(const FinetuneArgs& args, const core::FloatNetwork& net,
                             const quantizer::ChipProfile& profile, const quantizer::MappingOptions& options,
                             const core::SpikeBatch& train, const trainer::ProgressFn& progress = {});

}  // namespace spikeforge::pipeline

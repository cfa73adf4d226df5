// The verify stage: dataset samples through the Verilated LIF core and the golden model in
// lock-step (rtl_sim/harness/cosim.hpp), spike for spike. `spikeforge verify` and the verify stage
// of `spikeforge run` both call verify(); to_json() is the one JSON form. A mismatch is a result
// (spike_exact false, the first mismatch described), not an exception. Under an MPI job every rank
// co-simulates its block of the samples and the counts are summed.
#pragma once
#include <cstddef>
#include <string>

#include <nlohmann/json.hpp>

#include "core/dataset.hpp"
#include "pipeline/context.hpp"
#include "quantizer/fixed_network.hpp"
#include "rtl_sim/harness/cosim.hpp"

namespace spikeforge::pipeline {

struct VerifyResult {
  rtl_sim::CosimReport report;    ///< Counts summed over ranks; first_mismatch and seconds are this rank's.
  core::DatasetSpec spec;         ///< This rank's block.
  int steps = 0;                  ///< T of the samples.
  std::size_t first_global = 0;   ///< Split index of this rank's first sample.
  bool local_mismatch = false;    ///< This rank saw a mismatch.
  int ranks = 1;
  bool image_loaded = false;      ///< The core was loaded from options.image (an exported directory).

  [[nodiscard]] bool spike_exact() const { return report.all_matched(); }
  /// "k of n samples differ; first mismatch: ..." (empty when spike-exact).
  [[nodiscard]] std::string mismatch_text() const;
};

/// Co-simulates `net` on `spec` (sharded over ctx's ranks) with `opt` (validated here). Progress:
/// ctx.done(fraction, "k/n samples, m matched"). ConfigError if the data does not fit the network,
/// or for an FST waveform with more than one rank.
VerifyResult verify(const quantizer::FixedNetwork& net, const core::DatasetSpec& spec, rtl_sim::CosimOptions opt,
                    const Context& ctx);

/// {dataset, split, steps, samples, matched, spike_exact, accuracy, cycles, cycles_per_sample,
///  clock_cycles_simulated, seconds, cycles_per_second, threads, counters, golden_counts, first_mismatch}.
nlohmann::json to_json(const VerifyResult& r);

}  // namespace spikeforge::pipeline

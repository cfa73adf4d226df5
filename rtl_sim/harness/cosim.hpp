// Co-simulation: drives samples through the verilated core (CoreSim) and the golden model
// (quantizer::GoldenModel) in lock-step and compares, at every step, every layer's spikes (and,
// with trace_state, every neuron's u and v), then the readout v and the event counters.
// A mismatch is a result (the first one, exactly located), not an exception.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/spikes.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/fixed_network.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/harness/core_sim.hpp"

namespace spikeforge::rtl_sim {

/// Where RTL and golden model first disagree. step/layer/neuron are −1 where they do not apply
/// (counters are compared per sample).
struct Mismatch {
  std::size_t sample = 0;
  int step = -1;
  int layer = -1;
  int neuron = -1;
  std::string field;          ///< "spike", "u", "v", "output_v", "counts.synaptic_ops", ...
  std::int64_t expected = 0;  ///< Golden model.
  std::int64_t actual = 0;    ///< RTL.
  [[nodiscard]] std::string describe() const;
};

struct CosimOptions {
  /// Also compare every state write (which neurons the core updates, and their u and v) at every step.
  bool trace_state = false;
  CoreSimOptions core;        ///< Reset randomization, FST waveform, lane count of the build.
  /// Load this image (e.g. read_rtl_memory of an exported directory) instead of building it from
  /// the network; the golden model still runs the network, so this verifies the image too.
  std::optional<exporter::RtlMemoryImage> image;
  /// verify_samples: worker threads, each with its own core (own VerilatedContext) and golden
  /// model; 0 = std::thread::hardware_concurrency(). The report does not depend on it. An FST
  /// waveform needs one thread (0 then means 1).
  unsigned threads = 0;
  void validate() const;      ///< ConfigError on bad core options, or an FST waveform with threads > 1.
};

/// One sample's outcome.
struct SampleResult {
  std::optional<Mismatch> mismatch;   ///< Empty when spike-exact.
  RtlCounters rtl;                    ///< The core's counters for the sample.
  quantizer::EventCounts golden;      ///< Golden counts summed over layers.
  int prediction = -1;                ///< Golden prediction (equal to the RTL's when matched).
  [[nodiscard]] bool matched() const { return !mismatch.has_value(); }
};

/// A batch's outcome.
struct CosimReport {
  std::size_t samples = 0;
  std::size_t matched = 0;
  std::size_t correct = 0;                  ///< Predictions equal to the label.
  std::optional<Mismatch> first_mismatch;
  RtlCounters rtl;                          ///< Summed over samples.
  quantizer::EventCounts golden;            ///< Summed over samples and layers.
  std::uint64_t clock_cycles = 0;           ///< Cycles simulated for the samples (idle included).
  double seconds = 0.0;                     ///< Wall time of the sample loop (cores already loaded).
  unsigned threads = 1;                     ///< Worker threads used.
  [[nodiscard]] double cycles_per_second() const { return seconds > 0.0 ? static_cast<double>(clock_cycles) / seconds : 0.0; }
  [[nodiscard]] bool all_matched() const { return matched == samples; }
};

class Cosim {
 public:
  /// Builds the memory image (ConfigError if `net` exceeds the core), or takes options.image, and
  /// loads it into a new core.
  Cosim(const quantizer::FixedNetwork& net, const CosimOptions& options = {});
  /// Runs one sample from a cleared state. ConfigError if the batch's inputs differ from the net's.
  SampleResult run_sample(const core::SpikeBatch& batch, std::size_t sample);
  [[nodiscard]] const exporter::RtlMemoryImage& image() const { return image_; }
  [[nodiscard]] std::uint64_t clock_cycles() const { return core_.clock_cycles(); }

 private:
  /// The first difference between a step's state writes and the golden model's updated neurons.
  std::optional<Mismatch> compare_writes(std::size_t sample, int step, const std::vector<StateWrite>& writes) const;

  quantizer::FixedNetwork net_;
  CosimOptions options_;
  exporter::RtlMemoryImage image_;
  CoreSim core_;
  quantizer::GoldenModel golden_;
};

/// Progress callback: (samples done, samples total, matched so far). Called from the worker
/// threads, one call at a time.
using CosimProgress = std::function<void(std::size_t, std::size_t, std::size_t)>;

/// Runs samples [first, first + count) of `batch` and summarizes, on options.threads workers that
/// take samples one at a time. The report is the same for every thread count: counts are sums,
/// first_mismatch is the mismatch of the lowest sample index; clock_cycles sums the workers'.
CosimReport verify_samples(const quantizer::FixedNetwork& net, const core::SpikeBatch& batch, std::size_t first,
                           std::size_t count, const CosimOptions& options = {}, const CosimProgress& progress = {});

}  // namespace spikeforge::rtl_sim

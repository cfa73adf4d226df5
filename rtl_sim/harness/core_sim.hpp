// CoreSim: typed C++ harness of the verilated LIF core (rtl/lif_core.sv). Owns the Verilator
// context and model, drives only the core's ports (load port, clear/tick, AER input events,
// output spikes, the state-write monitor, the counters) and hides the generated classes.
//
// Lifecycle: construct (reset randomization and tracing are fixed here) -> load(image) ->
// per sample: clear() then step() T times -> counters(). The destructor calls final().
#pragma once
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "export/rtl_mem.hpp"

namespace spikeforge::rtl_sim {

/// The core's event counters (since the last clear()), widened to 64 bits.
struct RtlCounters {
  std::uint64_t cycles = 0;          ///< Busy clock cycles (clear, input events, layer processing).
  std::uint64_t synaptic_ops = 0;    ///< One per (input event, neuron of the layer).
  std::uint64_t updates_active = 0;  ///< Neuron updates the golden model calls active.
  std::uint64_t updates_idle = 0;
  std::uint64_t spikes = 0;
  std::uint64_t weight_reads = 0;    ///< Weight-SRAM word reads.
  std::uint64_t state_reads = 0;     ///< State-SRAM word reads (the bias word is read alongside).
  std::uint64_t state_writes = 0;    ///< State-SRAM word writes (updates + the clear pass).
  RtlCounters& operator+=(const RtlCounters& o);
  friend bool operator==(const RtlCounters&, const RtlCounters&) = default;
};

struct CoreSimOptions {
  /// Initial value of every register and memory before reset, as `+verilator+rand+reset+<mode>`:
  /// 0 = zeros, 1 = all ones, 2 = random (seeded by `seed`).
  int rand_reset = 0;
  std::uint64_t seed = 1;   ///< `+verilator+seed+<seed>` (used by rand_reset = 2; must be > 0).
  std::string fst_path;     ///< Non-empty: dump an FST waveform of the whole run to this file.
  void validate() const;    ///< ConfigError on a bad mode or seed.
};

/// One neuron-state write seen on the monitor port.
struct StateWrite {
  std::uint32_t layer = 0;
  std::uint32_t neuron = 0;
  std::int32_t u = 0;
  std::int32_t v = 0;
  bool spike = false;
};

class CoreSim {
 public:
  explicit CoreSim(const CoreSimOptions& options = {});
  ~CoreSim();
  CoreSim(const CoreSim&) = delete;
  CoreSim& operator=(const CoreSim&) = delete;

  /// The size limits of the verilated build (read from its lim_* ports).
  [[nodiscard]] exporter::RtlCoreLimits limits() const;

  /// Writes every memory word and parameter through the load port (one word per cycle).
  /// ConfigError if the image was built for limits other than this build's.
  void load(const exporter::RtlMemoryImage& image);

  /// Zeroes neuron state, accumulators and counters (the start of a sample).
  void clear();

  /// Runs one timestep: sends `inputs` (sorted, unique, < image inputs) as events, ticks, and
  /// returns each layer's spikes (ascending neuron order) in `spikes` (resized to the layer count).
  /// With `writes` non-null, appends every neuron-state write of the step.
  void step(std::span<const std::uint32_t> inputs, std::vector<std::vector<std::uint32_t>>& spikes,
            std::vector<StateWrite>* writes = nullptr);

  /// v of the last layer's neurons after the latest step that updated them (the readout).
  [[nodiscard]] const std::vector<std::int32_t>& output_v() const;

  [[nodiscard]] RtlCounters counters() const;
  /// Clock cycles simulated by this object so far (loading and idle cycles included).
  [[nodiscard]] std::uint64_t clock_cycles() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace spikeforge::rtl_sim

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

// P of the core build `verify` and `energy` use unless told otherwise (SPIKEFORGE_RTL_DEFAULT_LANES
// in rtl_sim/CMakeLists.txt; the value below is its default, for builds without the RTL).
#ifndef SPIKEFORGE_RTL_DEFAULT_LANES
#define SPIKEFORGE_RTL_DEFAULT_LANES 16
#endif

namespace spikeforge::rtl_sim {

inline constexpr int kRtlDefaultLanes = SPIKEFORGE_RTL_DEFAULT_LANES;

/// The core's event counters (since the last clear()), widened to 64 bits. What they count is
/// defined by the golden model's event counts (quantizer/golden.hpp) and docs/formats-rtl.md.
struct RtlCounters {
  std::uint64_t cycles = 0;          ///< Busy clock cycles (clear, input events, layer processing).
  /// Weight words read and added: one per (input event, neuron of the layer) in a dense layer; in a
  /// sparse layer one per neuron of each stored block of the event's input (P per block, fewer in a
  /// layer's last row), so zero weights outside the blocks cost nothing.
  std::uint64_t synaptic_ops = 0;
  std::uint64_t updates_active = 0;  ///< Neuron updates performed (state read, datapath, write back).
  std::uint64_t updates_idle = 0;    ///< Neuron-steps skipped (no state access, no datapath activity).
  std::uint64_t catchup_decays = 0;  ///< Deferred leak steps iterated before an update (one cycle each).
  std::uint64_t spikes = 0;
  std::uint64_t weight_reads = 0;    ///< Weight-SRAM row reads (LANES banks each; synaptic_ops bank words): rows or blocks.
  std::uint64_t state_reads = 0;     ///< v-state SRAM reads (with the bias word and an accumulator lane).
  std::uint64_t state_writes = 0;    ///< v-state SRAM writes (updates + the clear pass).
  std::uint64_t u_reads = 0;         ///< u-state SRAM reads (only layers with du != 4095).
  std::uint64_t u_writes = 0;        ///< u-state SRAM writes (updates and clear pass of those layers).
  std::uint64_t flag_reads = 0;      ///< Update-flag words read by the scan (64 neurons each).
  std::uint64_t pointer_reads = 0;   ///< Sparse layers: pointer words read (one per input event).
  std::uint64_t index_reads = 0;     ///< Sparse layers: block-index words read (one per block read).
  RtlCounters& operator+=(const RtlCounters& o);
  friend bool operator==(const RtlCounters&, const RtlCounters&) = default;
};

/// Lane counts P of the verilated builds linked into this program (ascending), and the default one.
std::vector<int> rtl_lane_builds();
int rtl_default_lanes();

/// Largest CoreSimOptions::out_stall_percent: out_ready must come back high now and then.
inline constexpr int kMaxOutStallPercent = 90;

struct CoreSimOptions {
  /// Initial value of every register and memory before reset, as `+verilator+rand+reset+<mode>`:
  /// 0 = zeros, 1 = all ones, 2 = random (seeded by `seed`).
  int rand_reset = 0;
  std::uint64_t seed = 1;   ///< `+verilator+seed+<seed>` (used by rand_reset = 2; must be > 0).
  std::string fst_path;     ///< Non-empty: dump an FST waveform of the whole run to this file.
  /// Synaptic ops per cycle P of the core build to run: 0 = rtl_default_lanes(), else one of
  /// rtl_lane_builds().
  int lanes = 0;
  /// Back-pressure on the spike output (out_ready) during a step: 0 = out_ready always high (the
  /// core then never stalls and its cycle counter is rtl_sim::core_cycles); 1..kMaxOutStallPercent
  /// = out_ready low in about that percentage of cycles, from a fixed pseudo-random sequence seeded
  /// by `stall_seed` and restarted by every clear() (each sample sees the same pattern, whichever
  /// thread or order runs it). Results must not change, only cycles.
  int out_stall_percent = 0;
  std::uint64_t stall_seed = 1;  ///< Seed of the out_ready pattern (must be > 0).
  void validate() const;    ///< ConfigError on a bad mode, seed, lane count or stall setting.
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
  /// Synaptic ops per cycle P of the build (its lim_lanes port).
  [[nodiscard]] int lanes() const;

  /// Writes every memory word and parameter through the load port (one word per cycle).
  /// ConfigError if the image was built for limits other than this build's.
  void load(const exporter::RtlMemoryImage& image);

  /// Zeroes neuron state, accumulators and counters (the start of a sample).
  void clear();

  /// Runs one timestep: sends `inputs` (sorted, unique, < image inputs) as events, ticks, and
  /// returns each layer's spikes (ascending neuron order) in `spikes` (resized to the layer count).
  /// With `writes` non-null, appends every neuron-state write of the step (the neurons the core
  /// updates, layer by layer in neuron order; skipped neurons are not written).
  void step(std::span<const std::uint32_t> inputs, std::vector<std::vector<std::uint32_t>>& spikes,
            std::vector<StateWrite>* writes = nullptr);

  /// v of the last layer's neurons after the latest step that updated them (the readout).
  [[nodiscard]] const std::vector<std::int32_t>& output_v() const;

  [[nodiscard]] RtlCounters counters() const;
  /// Clock cycles simulated by this object so far (loading and idle cycles included).
  [[nodiscard]] std::uint64_t clock_cycles() const;

 private:
  struct Impl;
  template <typename Model>
  struct ModelImpl;
  static std::unique_ptr<Impl> make_impl(const CoreSimOptions& options);
  std::unique_ptr<Impl> impl_;
};

}  // namespace spikeforge::rtl_sim

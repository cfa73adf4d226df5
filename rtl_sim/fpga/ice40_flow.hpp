// iCE40 FPGA flow: the verified LIF core (rtl_sim/rtl/) behind the UART host interface
// (rtl_sim/fpga/sf_host_uart.sv), with its memories sized for one network, synthesized by yosys
// (synth_ice40), placed and routed by nextpnr-ice40 and packed by icepack into a bitstream, plus
// a summary of what it uses and how fast it runs. Weights live in UP5K SPRAM (which a bitstream
// cannot initialize), every other memory in EBR; all of them are loaded at run time through the
// host interface (the load stream is written beside the bitstream). Details: docs/fpga.md.
//
// Output directory (written atomically: built beside the target, then renamed over it):
//   DIR/sf_core.bin         bitstream (icepack)
//   DIR/load.bin            UART bytes that load the network's memory image ('L' commands)
//   DIR/vectors.txt         with samples: their inputs, the golden model's spikes per step, output v
//                           and prediction (what bench/ice40_gate_check.sh replays on the netlist)
//   DIR/mem/                the memory image (docs/formats-rtl.md) for the fitted core limits
//   DIR/netlist.v           post-synthesis netlist (iCE40 cells; the gate-level check simulates it)
//   DIR/summary.json, DIR/summary.txt   resources, Fmax, cycles and latency per inference
//   DIR/build/              yosys script and log, nextpnr log and report, constraints
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/spikes.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/fixed_network.hpp"

namespace spikeforge::rtl_sim {

enum class Ice40Part { up5k, hx8k };

/// "up5k" | "hx8k"; ConfigError naming `field` otherwise.
Ice40Part parse_ice40_part(const std::string& text, const std::string& field = "part");
const char* to_string(Ice40Part part);

/// What a part offers (the packages the flow targets: UP5K SG48, HX8K CT256).
struct Ice40Capacity {
  int logic_cells = 0;  ///< LUT4 + flip-flop pairs
  int ebr = 0;          ///< 4-Kbit block RAMs (SB_RAM40_4K)
  int spram = 0;        ///< 256-Kbit single-port RAMs (SB_SPRAM256KA, 16K x 16)
  int dsp = 0;          ///< SB_MAC16
};
Ice40Capacity ice40_capacity(Ice40Part part);

/// The core build fitted to a network: lif_core parameters (address bits are the smallest that
/// hold the network) and how the weight bank is stored.
struct Ice40Build {
  int layer_aw = 1, neuron_aw = 2, input_aw = 1, state_aw = 1, weight_aw = 1;
  int acc_w = 24;   ///< accumulator bits: the largest |sum of one neuron's weights of one sign| + sign
  int owed_w = 16;  ///< per-layer owed-step counter (exact for runs under 2^16 steps per sample)
  int out_layer = 0, out_n = 0;
  bool weights_in_spram = false;  ///< UP5K: SPRAM tiles; HX8K: EBR (yosys maps the array)
  int weight_shift = 0;           ///< low weight bits that are zero in every weight (not stored)
  int weight_slot = 16;           ///< bits stored per weight in SPRAM: 8 (two per word) or 16
  int spram_tiles = 0;
  std::int64_t weights = 0;       ///< synapses of the network
  exporter::RtlCoreLimits limits() const;
};

/// Fits the core to `net` for `part`. ConfigError if the weights cannot be stored (naming the
/// memory, what it needs, what the part has and by how much it is over).
Ice40Build fit_ice40_build(const quantizer::FixedNetwork& net, Ice40Part part);

/// The UART byte stream that loads `image` through sf_host_uart ('L' commands; docs/fpga.md).
std::vector<std::uint8_t> ice40_load_stream(const exporter::RtlMemoryImage& image);

struct Ice40Job {
  quantizer::FixedNetwork net;
  std::filesystem::path out;
  Ice40Part part = Ice40Part::up5k;
  int clock_hz = 12'000'000;      ///< board clock (nextpnr's target; the UART divider)
  int baud = 115'200;
  int seed = 1;                   ///< nextpnr placement seed
  /// Samples whose golden-model event counts give measured cycles per inference (may be null:
  /// then only the worst case is reported); the first `cycle_samples` are used.
  const core::SpikeBatch* samples = nullptr;
  std::size_t cycle_samples = 5;
  /// Write the bitstream even if nextpnr's Fmax is below clock_hz (nextpnr --timing-allow-fail);
  /// the summary's timing_met is then false: such a bitstream needs a slower clock than the board's.
  bool allow_timing_fail = false;
  /// Validates the fields (ConfigError naming the field and value).
  void validate() const;
};

struct Ice40Resource {
  std::string name;  ///< "logic_cells", "luts", "flip_flops", "ebr", "spram", "dsp"
  long used = 0;
  long available = 0;  ///< 0: not a limited resource of its own (luts, flip_flops share the logic cells)
};

struct Ice40Result {
  Ice40Build build;
  Ice40Part part = Ice40Part::up5k;
  std::vector<Ice40Resource> resources;
  double fmax_mhz = 0;             ///< nextpnr's timing analysis of the routed design
  double target_mhz = 0;
  bool timing_met = false;         ///< fmax_mhz >= target_mhz
  std::uint64_t cycles_worst = 0;  ///< every input spiking at every step, every neuron updated
  double cycles_mean = 0;          ///< over the samples given (0 if none)
  std::size_t cycle_samples = 0;
  int steps = 0;
  int clks_per_bit = 0;
  std::string yosys_version, nextpnr_version;
};

/// Runs the flow. ConfigError (nothing written) if the network does not fit the part, naming the
/// resource and by how much it is over; core::Error if a tool is missing or fails (its log named).
Ice40Result run_ice40_flow(const Ice40Job& job);

/// The summary forms (summary.json / summary.txt).
nlohmann::json to_json(const Ice40Result& r);
std::string to_markdown(const Ice40Result& r);

}  // namespace spikeforge::rtl_sim

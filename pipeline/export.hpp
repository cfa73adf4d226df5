// The export stage: one network file written for another tool.
//   lava   lava.json (Lava processes, fixed point; export/lava_json.hpp)
//   netx   lava-dl netx HDF5 *.net (export/netx.hpp; refuses rounding unless allowed)
//   nir    NIR HDF5 graph, from net.json or from net.q.json dequantized (export/nir.hpp)
//   rtl    the RTL core's memory image directory (export/rtl_mem.hpp, docs/formats-rtl.md)
//   ice40  bitstream + summary for an iCE40 FPGA (rtl_sim/fpga/ice40_flow.hpp, docs/fpga.md)
// lava, netx, rtl and ice40 need a fixed network (net.q.json). `spikeforge export` and the export
// stage of `spikeforge run` call export_network(). The output is checked before any work and
// written atomically; a network the target cannot hold is refused unless the matching allow_*
// is set, and what was changed is reported.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/context.hpp"

namespace spikeforge::pipeline {

struct ExportJob {
  std::string format;                  ///< lava | netx | nir | rtl | ice40.
  std::string net;                     ///< Input network file.
  std::string out;                     ///< Output file (lava, netx, nir) or directory (rtl, ice40).
  bool allow_reset_change = false;     ///< netx/nir: subtract reset exported although the target resets to zero.
  bool allow_rounding = false;         ///< netx: round what netx's integer convention cannot hold.
  int steps = 0;                       ///< lava: golden steps T (0 = the network's encoding steps).
  std::string lava_connections = "auto";  ///< lava: auto | dense | sparse (exporter::LavaConnections).
  double dt = 1e-4;                    ///< nir: seconds per step [s].
  std::string nir_time = "euler";      ///< nir: euler | exp.
  std::string nir_readout = "li";      ///< nir: li | lif.
  std::string part = "up5k";           ///< ice40: up5k | hx8k.
  std::size_t cycle_samples = 5;       ///< ice40: samples whose golden-model cycles give the mean latency.
  int baud = 115200;                   ///< ice40: UART baud at the 12 MHz board clock.
  bool allow_timing_fail = false;      ///< ice40: write the bitstream although Fmax < the 12 MHz clock.
};

struct ExportResult {
  nlohmann::json summary;              ///< {format, net, out, ...per-format figures..., notes}.
  std::vector<std::string> notes;      ///< What the reader must know (changes made, timing offsets).
};

/// Writes job.out. ConfigError for an unknown format or option value, InputError for a file of
/// the wrong kind, RangeError for what the target cannot represent.
ExportResult export_network(const ExportJob& job, const Context& ctx);

}  // namespace spikeforge::pipeline

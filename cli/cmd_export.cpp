// `spikeforge export`: writes a network for another tool.
//   --format lava  lava.json for export/lava/spikeforge_lava.py (Lava processes, fixed point)
//   --format netx  lava-dl netx HDF5 (*.net)
//   --format nir   NIR HDF5 graph (from net.json, or from net.q.json dequantized through each layer's scale)
//   --format rtl   RTL memory images for the spikeforge core (a directory; docs/formats-rtl.md)
//   --format ice40 bitstream + summary for an iCE40 FPGA (a directory; docs/fpga.md; rtl_sim/fpga/ice40_flow.hpp)
// The work is pipeline/export.hpp's; this file declares the options.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/job.hpp"
#include "cli/output.hpp"
#include "pipeline/export.hpp"

namespace spikeforge::cli {
namespace {

struct ExportArgs : pipeline::ExportJob {
  bool json_out = false;
};

void run_export(const ExportArgs& a) {
  const pipeline::ExportResult r = pipeline::export_network(a, job_context("export"));
  for (const auto& n : r.notes) progress("export", n);
  if (a.json_out) {
    print_json(r.summary);
  } else {
    progress("export", "wrote " + a.out + " (" + a.format + ")");
  }
}

}  // namespace

void add_export_command(CLI::App& app) {
  auto args = std::make_shared<ExportArgs>();
  auto* cmd = app.add_subcommand("export", "Write a network for Lava, lava-dl netx, NIR tools or the RTL core");
  cmd->add_option("--net", args->net, "net.q.json (fixed; any format) or net.json (float; nir only)")
      ->required();
  cmd->add_option("--format", args->format, "lava | netx | nir | rtl | ice40")
      ->required()
      ->check(CLI::IsMember({"lava", "netx", "nir", "rtl", "ice40"}));
  cmd->add_option("--out", args->out, "Output file (lava.json, *.net, *.nir) or directory (rtl)")->required();
  cmd->add_flag("--allow-reset-change", args->allow_reset_change,
                "netx/nir: export a subtract-reset network although the target resets to zero (nir keeps it in node metadata)");
  cmd->add_flag("--allow-rounding", args->allow_rounding,
                "netx: round weights/biases that netx's integer convention cannot hold exactly");
  cmd->add_option("--steps", args->steps, "lava: golden steps T to run (default: the network's encoding steps)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--lava-connections", args->lava_connections,
                  "lava: auto (Lava's Sparse for layers whose nonzero weights need fewer bits than dense) | dense | sparse")
      ->capture_default_str()->check(CLI::IsMember({"auto", "dense", "sparse"}));
  cmd->add_option("--dt", args->dt, "nir: seconds per step used to derive time constants")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--nir-time", args->nir_time, "nir: euler (delta = 1 - dt/tau, snnTorch/Norse) | exp (delta = exp(-dt/tau))")
      ->check(CLI::IsMember({"euler", "exp"}));
  cmd->add_option("--nir-readout", args->nir_readout,
                  "nir: output integrator as li (NIR's LI) | lif (an LIF it cannot fire: same outputs, loads in stock NIR importers)")
      ->capture_default_str()->check(CLI::IsMember({"li", "lif"}));
  cmd->add_option("--part", args->part, "ice40: up5k (weights in SPRAM) | hx8k (weights in EBR)")
      ->capture_default_str()->check(CLI::IsMember({"up5k", "hx8k"}));
  cmd->add_option("--cycle-samples", args->cycle_samples,
                  "ice40: samples of the network's dataset whose golden-model cycles give the mean latency (0: worst case only)")
      ->capture_default_str();
  cmd->add_option("--baud", args->baud, "ice40: UART baud rate at the 12 MHz board clock (at least 4 clocks per bit)")
      ->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_flag("--allow-timing-fail", args->allow_timing_fail,
                "ice40: write the bitstream even if the routed Fmax is below the 12 MHz board clock (the summary says so)");
  cmd->add_flag("--json", args->json_out, "Print a JSON summary on stdout");
  cmd->callback([args] { run_export(*args); });
}

}  // namespace spikeforge::cli

// `spikeforge export`: writes a network for another tool.
//   --format lava  lava.json for export/lava/spikeforge_lava.py (Lava processes, fixed point)
//   --format netx  lava-dl netx HDF5 (*.net)
//   --format nir   NIR HDF5 graph (from net.json, or from net.q.json dequantized through each layer's scale)
//   --format rtl   RTL memory images for the spikeforge core (a directory; docs/formats-rtl.md)
//   --format ice40 bitstream + summary for an iCE40 FPGA (a directory; docs/fpga.md; rtl_sim/fpga/ice40_flow.hpp)
// lava, netx and rtl need a fixed network (net.q.json). Outputs are written atomically; a network the
// target cannot hold (subtract reset for netx/NIR, lossy weights for netx) is refused unless the
// matching --allow-* flag is given, and the changes made are reported.
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/dataset.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/output_path.hpp"
#include "export/fixed_json.hpp"
#include "export/lava_json.hpp"
#include "export/netx.hpp"
#include "export/network_json.hpp"
#include "export/nir.hpp"
#include "export/rtl_mem.hpp"
#include "rtl_sim/fpga/ice40_flow.hpp"

namespace spikeforge::cli {
namespace {

struct ExportArgs {
  std::string net;
  std::string format;
  std::string out;
  bool allow_reset_change = false;
  bool allow_rounding = false;
  int steps = 0;
  double dt = 1e-4;
  std::string nir_time = "euler";
  std::string nir_readout = "li";
  bool json_out = false;
  std::string part = "up5k";
  std::size_t cycle_samples = 5;
  int baud = 115200;
  bool allow_timing_fail = false;
};

quantizer::FixedNetwork load_fixed(const std::string& path, const std::string& format) {
  const std::string tag = exporter::detect_format(path);
  if (tag != exporter::kFixedFormat) {
    throw core::InputError("export --format " + format + ": " + path + " has format '" + tag + "', expected '" +
                           exporter::kFixedFormat + "' (run `spikeforge quantize` first)");
  }
  return exporter::read_fixed_network(path);
}

void run_export(const ExportArgs& a) {
  if (a.format == "rtl") {
    exporter::check_rtl_memory_target(a.out);
  } else if (a.format == "ice40") {
    core::check_output_dir(a.out, "export --out");  // the flow writes a directory
  } else {
    (void)core::check_output_file(a.out, "export --out");
  }
  std::vector<std::string> notes;
  nlohmann::json summary = {{"command", "export"}, {"net", a.net}, {"format", a.format}, {"out", a.out}};
  if (a.format == "lava") {
    const auto net = load_fixed(a.net, a.format);
    const int steps = a.steps > 0 ? a.steps : net.encoding.steps;
    exporter::write_lava(a.out, net, steps);
    summary["layers"] = net.layers.size();
    summary["steps"] = steps;
    summary["lava_run_steps"] = steps + static_cast<int>(net.layers.size());
    notes.push_back("Lava's Dense adds one step per layer: run " + std::to_string(steps + static_cast<int>(net.layers.size())) +
                    " Lava steps; layer l's step t appears at Lava step t + l (see timing in the file)");
  } else if (a.format == "netx") {
    const auto net = load_fixed(a.net, a.format);
    exporter::NetxOptions o;
    o.allow_reset_change = a.allow_reset_change;
    o.allow_rounding = a.allow_rounding;
    const auto rep = exporter::write_netx(a.out, net, o);
    summary["layers"] = net.layers.size();
    summary["weights_rounded"] = rep.weights_rounded;
    summary["biases_rounded"] = rep.biases_rounded;
    summary["reset_changed"] = rep.reset_changed;
    notes.insert(notes.end(), rep.notes.begin(), rep.notes.end());
  } else if (a.format == "nir") {
    const std::string tag = exporter::detect_format(a.net);
    exporter::NirWriteOptions o;
    o.dt = a.dt;
    o.time = exporter::parse_nir_time(a.nir_time, "--nir-time");
    o.allow_reset_change = a.allow_reset_change;
    o.readout = exporter::parse_nir_readout(a.nir_readout, "--nir-readout");
    exporter::NirReport rep;
    if (tag == exporter::kNetworkFormat) {
      const auto net = exporter::read_network(a.net);
      rep = exporter::write_nir(a.out, net, o);
      summary["layers"] = net.layers.size();
    } else if (tag == exporter::kFixedFormat) {
      const auto net = exporter::read_fixed_network(a.net);
      rep = exporter::write_nir(a.out, net, o);
      summary["layers"] = net.layers.size();
    } else {
      throw core::InputError("export --format nir: " + a.net + " has format '" + tag + "', expected '" +
                             exporter::kNetworkFormat + "' or '" + exporter::kFixedFormat + "'");
    }
    summary["dt"] = a.dt;
    summary["nir_time"] = a.nir_time;
    summary["nir_readout"] = a.nir_readout;
    summary["reset_changed"] = rep.reset_changed;
    notes.insert(notes.end(), rep.notes.begin(), rep.notes.end());
  } else if (a.format == "rtl") {
    const auto net = load_fixed(a.net, a.format);
    exporter::write_rtl_memory(a.out, net);
    summary["layers"] = net.layers.size();
  } else if (a.format == "ice40") {
    rtl_sim::Ice40Job job;
    job.net = load_fixed(a.net, a.format);
    job.out = a.out;
    job.part = rtl_sim::parse_ice40_part(a.part, "--part");
    job.baud = a.baud;
    job.allow_timing_fail = a.allow_timing_fail;
    core::SpikeBatch batch(1, 1, 1);
    if (a.cycle_samples > 0) {
      // The network's own dataset and encoding (test split), as verify uses by default.
      core::DatasetSpec spec;
      spec.name = job.net.encoding.dataset;
      if (spec.name.empty()) throw core::ConfigError("export --format ice40: " + a.net + " names no dataset; use --cycle-samples 0");
      spec.split = "test";
      if (job.net.encoding.encoding == "rate" || job.net.encoding.encoding == "latency") spec.encoding = job.net.encoding.encoding;
      spec.steps = job.net.encoding.steps;
      spec.seed = job.net.encoding.seed;
      spec.bin_us = job.net.encoding.bin_us;
      spec.max_samples = a.cycle_samples;
      batch = core::load_spikes(spec);
      job.samples = &batch;
      job.cycle_samples = a.cycle_samples;
    }
    summary["ice40"] = rtl_sim::to_json(rtl_sim::run_ice40_flow(job));
  } else {
    throw core::ConfigError("export: --format '" + a.format + "' is not one of lava, netx, nir, rtl, ice40");
  }
  for (const auto& n : notes) progress("export", n);
  summary["notes"] = notes;
  if (a.json_out) {
    print_json(summary);
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

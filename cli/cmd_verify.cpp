// `spikeforge verify`: runs dataset samples through the verilated LIF core and the golden model in
// lock-step (pipeline/verify.hpp); exit 0 only if every sample is spike-exact and the RTL
// counters equal the golden counts, exit 1 with the first mismatch otherwise. `--mem DIR` loads an
// exported image directory instead (so an export is verified against the network it came from).
// Under `mpirun -np K` each rank co-simulates its block of the samples; rank 0 reports the totals.
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/dataset_args.hpp"
#include "cli/job.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/output_path.hpp"
#include "export/fixed_json.hpp"
#include "export/rtl_mem.hpp"
#include "pipeline/verify.hpp"
#include "quantizer/golden.hpp"

namespace spikeforge::cli {

namespace {

struct VerifyArgs : DatasetArgs {
  std::string net;
  bool json_out = false;
  bool trace_state = false;
  std::string fst;
  int rand_reset = 0;
  std::uint64_t rand_seed = 1;
  std::string report;
  std::string mem;
  std::string timing = "immediate";
  unsigned threads = 0;
};

void run_verify(const VerifyArgs& a) {
  core::check_output_files({{a.report, "verify --report"}, {a.fst, "verify --fst"}});
  quantizer::require_immediate_timing(quantizer::parse_timing(a.timing, "--timing"), "verify");
  const quantizer::FixedNetwork net = exporter::read_fixed_network(a.net);
  rtl_sim::CosimOptions opt;
  opt.trace_state = a.trace_state;
  opt.core.fst_path = a.fst;
  opt.core.rand_reset = a.rand_reset;
  opt.core.seed = a.rand_seed;
  opt.threads = a.threads;
  if (!a.mem.empty()) opt.image = exporter::read_rtl_memory(a.mem);
  const pipeline::VerifyResult r =
      pipeline::verify(net, dataset_spec(a, net.encoding, "verify", a.net), std::move(opt), job_context("verify"));
  const rtl_sim::CosimReport& rep = r.report;
  nlohmann::json j = pipeline::to_json(r);
  j["net"] = a.net;
  j["trace_state"] = a.trace_state;
  write_json_report(a.report, j);
  if (a.json_out) {
    print_json(j);
  } else if (is_root()) {
    std::cout << "verify: " << rep.matched << "/" << rep.samples << " samples spike-exact"
              << (a.trace_state ? " (u and v compared)" : "") << ", " << rep.rtl.cycles << " core cycles (" << std::fixed
              << std::setprecision(0) << j["cycles_per_sample"].get<double>() << " per sample), " << std::setprecision(2)
              << rep.cycles_per_second() / 1e6 << " M cycles/s\n";
  }
  if (!r.spike_exact()) throw core::Error("verify: " + r.mismatch_text());
}

}  // namespace

void add_verify_command(CLI::App& app) {
  auto a = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand("verify", "Co-simulate the RTL core against the golden model, spike for spike");
  cmd->add_option("--net", a->net, "Fixed-point network (net.q.json)")->required();
  add_dataset_options(cmd, *a);
  cmd->add_option("--samples", a->samples, "Number of samples")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_flag("--trace-state", a->trace_state, "Also compare u and v of every neuron at every step");
  cmd->add_option("--fst", a->fst, "Write an FST waveform of the run to this file");
  cmd->add_option("--rand-reset", a->rand_reset, "Initial register/memory values: 0 zeros, 1 ones, 2 random")
      ->capture_default_str()->check(CLI::Range(0, 2));
  cmd->add_option("--rand-seed", a->rand_seed, "Seed of --rand-reset 2")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--mem", a->mem, "Load the core from this exported RTL memory directory (manifest.json + mem/*.hex) instead of building the image from --net");
  cmd->add_option("--timing", a->timing, "immediate (the RTL core's; 'lava' is refused: the core has no inter-layer delay, use eval --timing lava)")
      ->capture_default_str()->check(CLI::IsMember({"immediate", "lava"}));
  cmd->add_option("--threads", a->threads, "Co-simulation threads, one core model each (0 = all cores)")->capture_default_str();
  cmd->add_option("--report", a->report, "Also write the JSON result to this file");
  cmd->add_flag("--json", a->json_out, "Print the result as JSON on stdout");
  cmd->callback([a] { run_verify(*a); });
}

}  // namespace spikeforge::cli

// `spikeforge verify`: runs dataset samples through the verilated LIF core and the golden model in
// lock-step (rtl_sim/harness/cosim.hpp); exit 0 only if every sample is spike-exact and the RTL
// counters equal the golden counts, exit 1 with the first mismatch otherwise. `--mem DIR` loads an
// exported image directory instead (so an export is verified against the network it came from).
#include <chrono>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/dataset_args.hpp"
#include "cli/output.hpp"
#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "export/fixed_json.hpp"
#include "export/rtl_mem.hpp"
#include "rtl_sim/harness/cosim.hpp"
#include "rtl_sim/report_json.hpp"

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
};

void run_verify(const VerifyArgs& a) {
  const quantizer::FixedNetwork net = exporter::read_fixed_network(a.net);
  const core::DatasetSpec spec = dataset_spec(a, net.encoding, "verify", a.net);
  const core::SpikeBatch batch = core::load_spikes(spec);
  if (batch.inputs() != net.inputs()) {
    throw core::ConfigError("verify: dataset " + spec.name + " has " + std::to_string(batch.inputs()) +
                            " inputs but the network expects " + std::to_string(net.inputs()));
  }
  rtl_sim::CosimOptions opt;
  opt.trace_state = a.trace_state;
  opt.core.fst_path = a.fst;
  opt.core.rand_reset = a.rand_reset;
  opt.core.seed = a.rand_seed;
  if (!a.mem.empty()) opt.image = exporter::read_rtl_memory(a.mem);
  const std::size_t n = batch.size();
  progress("verify", "loaded " + std::to_string(n) + " samples of " + spec.name + "/" + spec.split + ", T = " +
                         std::to_string(batch.steps()) + "; loading the core");
  auto last = std::chrono::steady_clock::now();
  const auto start = last;
  const rtl_sim::CosimReport rep = rtl_sim::verify_samples(
      net, batch, 0, n, opt, [&](std::size_t done, std::size_t total, std::size_t matched) {
        const auto now = std::chrono::steady_clock::now();
        if (done != total && now - last < std::chrono::seconds(2)) return;
        last = now;
        const double el = std::chrono::duration<double>(now - start).count();
        std::ostringstream m;
        m << done << "/" << total << " samples, " << matched << " matched, ETA " << std::fixed << std::setprecision(0)
          << el / static_cast<double>(done) * static_cast<double>(total - done) << " s";
        progress("verify", m.str());
      });
  nlohmann::json j = {{"net", a.net},
                      {"dataset", spec.name},
                      {"split", spec.split},
                      {"steps", batch.steps()},
                      {"samples", rep.samples},
                      {"matched", rep.matched},
                      {"spike_exact", rep.all_matched()},
                      {"trace_state", a.trace_state},
                      {"accuracy", rep.samples ? static_cast<double>(rep.correct) / static_cast<double>(rep.samples) : 0.0},
                      {"cycles", rep.rtl.cycles},
                      {"cycles_per_sample", rep.samples ? static_cast<double>(rep.rtl.cycles) / static_cast<double>(rep.samples) : 0.0},
                      {"clock_cycles_simulated", rep.clock_cycles},
                      {"seconds", rep.seconds},
                      {"cycles_per_second", rep.cycles_per_second()},
                      {"counters", rtl_sim::to_json(rep.rtl)},
                      {"golden_counts", rtl_sim::to_json(rep.golden)},
                      {"first_mismatch", rep.first_mismatch ? rtl_sim::to_json(*rep.first_mismatch) : nlohmann::json()}};
  write_json_report(a.report, j);
  if (a.json_out) {
    print_json(j);
  } else {
    std::cout << "verify: " << rep.matched << "/" << rep.samples << " samples spike-exact"
              << (a.trace_state ? " (u and v compared)" : "") << ", " << rep.rtl.cycles << " core cycles ("
              << std::fixed << std::setprecision(0) << static_cast<double>(rep.rtl.cycles) / static_cast<double>(rep.samples)
              << " per sample), " << std::setprecision(2) << rep.cycles_per_second() / 1e6 << " M cycles/s\n";
  }
  if (!rep.all_matched()) {
    throw core::Error("verify: " + std::to_string(rep.samples - rep.matched) + " of " + std::to_string(rep.samples) +
                      " samples differ; first mismatch: " + rep.first_mismatch->describe());
  }
}

}  // namespace

void add_verify_command(CLI::App& app) {
  auto a = std::make_shared<VerifyArgs>();
  CLI::App* cmd = app.add_subcommand("verify", "Co-simulate the RTL core against the golden model, spike for spike");
  cmd->add_option("--net", a->net, "Fixed-point network (net.q.json)")->required();
  a->dataset_opt = cmd->add_option("--dataset", a->dataset, "Dataset name (default: the network's)");
  cmd->add_option("--samples", a->samples, "Number of samples")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--offset", a->offset, "First sample of the split")->capture_default_str();
  cmd->add_option("--split", a->split, "Dataset split: train | test")->capture_default_str();
  cmd->add_option("--data-dir", a->data_dir, "Dataset directory");
  a->encoding_opt = cmd->add_option("--encoding", a->encoding, "Image encoding: rate | latency (default: the network's)");
  a->steps_opt = cmd->add_option("--steps", a->steps, "Time steps T (default: the network's)");
  a->seed_opt = cmd->add_option("--seed", a->seed, "Encoder seed (default: the network's)");
  cmd->add_flag("--trace-state", a->trace_state, "Also compare u and v of every neuron at every step");
  cmd->add_option("--fst", a->fst, "Write an FST waveform of the run to this file");
  cmd->add_option("--rand-reset", a->rand_reset, "Initial register/memory values: 0 zeros, 1 ones, 2 random")
      ->capture_default_str()->check(CLI::Range(0, 2));
  cmd->add_option("--rand-seed", a->rand_seed, "Seed of --rand-reset 2")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--mem", a->mem, "Load the core from this exported RTL memory directory (manifest.json + mem/*.hex) instead of building the image from --net");
  cmd->add_option("--report", a->report, "Also write the JSON result to this file");
  cmd->add_flag("--json", a->json_out, "Print the result as JSON on stdout");
  cmd->callback([a] { run_verify(*a); });
}

}  // namespace spikeforge::cli

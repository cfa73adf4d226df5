// `spikeforge verify`: runs dataset samples through the verilated LIF core and the golden model in
// lock-step (rtl_sim/harness/cosim.hpp); exit 0 only if every sample is spike-exact and the RTL
// counters equal the golden counts, exit 1 with the first mismatch otherwise. `--mem DIR` loads an
// exported image directory instead (so an export is verified against the network it came from).
// Under `mpirun -np K` each rank co-simulates its block of the samples; rank 0 reports the totals.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/dataset_args.hpp"
#include "cli/job.hpp"
#include "cli/output.hpp"
#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/output_path.hpp"
#include "export/fixed_json.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/harness/cosim.hpp"
#include "rtl_sim/report_json.hpp"
#include "trainer/shard.hpp"

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

/// Sums the report's counts over the ranks of a sharded run (integers, exact in double below 2^53).
/// first_mismatch and seconds stay this rank's.
void sum_over_ranks(rtl_sim::CosimReport& rep) {
  const trainer::Reducer& red = job_reducer();
  std::uint64_t* fields[] = {&rep.rtl.cycles,          &rep.rtl.synaptic_ops,   &rep.rtl.updates_active,
                             &rep.rtl.updates_idle,    &rep.rtl.catchup_decays, &rep.rtl.spikes,
                             &rep.rtl.weight_reads,    &rep.rtl.state_reads,    &rep.rtl.state_writes,
                             &rep.rtl.u_reads,         &rep.rtl.u_writes,       &rep.rtl.flag_reads,
                             &rep.golden.synaptic_ops, &rep.golden.updates_active, &rep.golden.updates_idle,
                             &rep.golden.catchup_decays, &rep.golden.input_steps, &rep.golden.spikes,
                             &rep.clock_cycles};
  std::vector<double> v = {static_cast<double>(rep.samples), static_cast<double>(rep.matched),
                           static_cast<double>(rep.correct)};
  for (const auto* f : fields) v.push_back(static_cast<double>(*f));
  red.sum(v.data(), v.size());
  rep.samples = static_cast<std::size_t>(v[0]);
  rep.matched = static_cast<std::size_t>(v[1]);
  rep.correct = static_cast<std::size_t>(v[2]);
  for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = static_cast<std::uint64_t>(v[3 + i]);
}

void run_verify(const VerifyArgs& a) {
  core::check_output_files({{a.report, "verify --report"}, {a.fst, "verify --fst"}});
  quantizer::require_immediate_timing(quantizer::parse_timing(a.timing, "--timing"), "verify");
  const quantizer::FixedNetwork net = exporter::read_fixed_network(a.net);
  core::DatasetSpec spec = dataset_spec(a, net.encoding, "verify", a.net);
  // Under MPI (K > 1) every rank co-simulates its block of the samples; rank 0 reports the totals.
  const int ranks = job_reducer().size();
  std::size_t first_global = spec.offset;
  if (ranks > 1) {
    if (!a.fst.empty()) throw core::ConfigError("verify: --fst needs a single process (not mpirun -np > 1)");
    const core::DatasetInfo info = core::describe_dataset(spec.name, spec.data_dir);
    const std::size_t split = spec.split == "train" ? info.train : info.test;
    if (spec.offset >= split)
      throw core::ConfigError("verify: --offset = " + std::to_string(spec.offset) + " is past the " +
                              std::to_string(split) + " samples of the " + spec.split + " split");
    const std::size_t total = spec.max_samples > 0 ? std::min(spec.max_samples, split - spec.offset) : split - spec.offset;
    const trainer::SampleShard sh = job_shard(total, "verify: --samples");
    spec.offset += sh.first;
    spec.max_samples = sh.count;
    first_global = spec.offset;
  }
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
  opt.threads = a.threads;
  const std::size_t n = batch.size();
  progress("verify", "loaded " + std::to_string(n) + " samples of " + spec.name + "/" + spec.split + ", T = " +
                         std::to_string(batch.steps()) + "; loading the core");
  auto last = std::chrono::steady_clock::now();
  const auto start = last;
  rtl_sim::CosimReport rep = rtl_sim::verify_samples(
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
  const bool local_mismatch = rep.first_mismatch.has_value();
  if (ranks > 1) sum_over_ranks(rep);
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
                      {"threads", rep.threads},
                      {"counters", rtl_sim::to_json(rep.rtl)},
                      {"golden_counts", rtl_sim::to_json(rep.golden)},
                      {"first_mismatch", rep.first_mismatch ? rtl_sim::to_json(*rep.first_mismatch) : nlohmann::json()}};
  write_json_report(a.report, j);
  if (a.json_out) {
    print_json(j);
  } else {
    if (is_root()) std::cout << "verify: " << rep.matched << "/" << rep.samples << " samples spike-exact"
              << (a.trace_state ? " (u and v compared)" : "") << ", " << rep.rtl.cycles << " core cycles ("
              << std::fixed << std::setprecision(0) << static_cast<double>(rep.rtl.cycles) / static_cast<double>(rep.samples)
              << " per sample), " << std::setprecision(2) << rep.cycles_per_second() / 1e6 << " M cycles/s\n";
  }
  if (!rep.all_matched()) {
    // Sharded: sample numbers in the description count from this rank's first sample.
    std::string where = "the mismatches are on other ranks";
    if (local_mismatch) {
      where = "first mismatch";
      if (ranks > 1) where += " (in the block from sample " + std::to_string(first_global) + ")";
      where += ": " + rep.first_mismatch->describe();
    }
    throw core::Error("verify: " + std::to_string(rep.samples - rep.matched) + " of " + std::to_string(rep.samples) +
                      " samples differ; " + where);
  }
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

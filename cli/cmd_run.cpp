// `spikeforge run`: the whole pipeline in one command (train -> eval -> quantize -> export -> verify
// -> energy), every artifact in one out dir, a report.json and a self-contained report.html.
// pipeline/run/execute.hpp does the work (stages: pipeline/run/stages.hpp; config:
// pipeline/run/config.hpp, docs/run-config.md); this file parses the options and sends the
// progress to stderr and the summary table to stdout.
#include <ctime>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/job.hpp"
#include "cli/run_execute.hpp"
#include "cli/run_progress.hpp"
#include "core/errors.hpp"
#include "pipeline/run/config.hpp"
#include "pipeline/run/execute.hpp"
#include "pipeline/run/report.hpp"

namespace spikeforge::cli {

namespace {

std::string default_out_dir() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "runs/%Y%m%d-%H%M%S", &tm);
  return buf;
}

/// A stage's context: its progress lines "[run i/n stage] ..." on stderr, trainer progress as one
/// "iter k/n ..." line per report (then cli::hooks()).
pipeline::Context stage_context(const std::string& name, int index, int count) {
  auto prog = std::make_shared<run::StageProgress>(name, index, count);
  pipeline::Context pc;
  pc.reducer = &job_reducer();
  pc.note = [prog](const std::string& line) { prog->note(line); };
  pc.progress = [prog](double fraction, const std::string& detail, double eta_s) { prog->update(fraction, detail, eta_s); };
  pc.iteration = [prog](const trainer::TrainProgress& p) {
    std::ostringstream os;
    os << "iter " << p.iteration << "/" << p.total;
    for (const char* k : {"train_acc", "val_acc", "loss", "primal_res"})
      if (auto it = p.metrics.find(k); it != p.metrics.end()) os << "  " << k << "=" << it->second;
    prog->update(p.total > 0 ? static_cast<double>(p.iteration) / p.total : 1.0, os.str(), p.eta_seconds);
    if (hooks().iteration) hooks().iteration(p);
  };
  return pc;
}

}  // namespace

nlohmann::json execute_run(const RunArgs& a, const pipeline::run::RunConfig& cfg) {
  pipeline::run::RunJob job;
  job.out = a.out.empty() ? default_out_dir() : a.out;
  job.resume = a.resume;
  job.stages = a.stages;
  job.resume_hint = (a.config.empty() ? "" : " --config " + a.config) + (a.quick ? " --quick" : "");
  pipeline::run::RunHooks h;
  h.note = [](const std::string& line) { std::cerr << "[run] " << line << "\n" << std::flush; };
  h.stage_context = stage_context;
  h.stage_start = [](const std::string& name) {
    if (hooks().stage_start) hooks().stage_start(name);
  };
  nlohmann::json report = pipeline::run::execute(job, cfg, h);
  if (a.print_summary)
    std::cout << pipeline::run::summary_table(report) << "  artifacts in " << job.out.string() << " (report.html)\n";
  return report;
}

namespace {

void run_pipeline(const RunArgs& a) {
  pipeline::run::RunConfig cfg;
  if (a.quick) cfg.make_quick();
  if (!a.config.empty()) pipeline::run::apply_file(cfg, a.config);
  (void)execute_run(a, cfg);
}

}  // namespace

void add_run_command(CLI::App& app) {
  auto a = std::make_shared<RunArgs>();
  CLI::App* cmd = app.add_subcommand("run", "Run the whole pipeline (train, eval, quantize, export, verify, energy) with a report");
  cmd->add_option("--config", a->config, "Pipeline config JSON (docs/run-config.md); unknown keys are errors");
  cmd->add_option("--out", a->out, "Output directory (default: runs/<UTC timestamp>/)");
  cmd->add_flag("--quick", a->quick, "Tiny sizes on the synthetic dataset (seconds; for tests)");
  cmd->add_flag("--resume", a->resume, "Continue the run in --out after its last finished stage (same config only)");
  cmd->add_option("--stages", a->stages, "Comma-separated subset of train,eval,quantize,export,verify,energy");
  cmd->callback([a] {
    if (a->resume && a->out.empty()) throw core::ConfigError("run: --resume needs --out DIR (the run to continue)");
    run_pipeline(*a);
  });
}

}  // namespace spikeforge::cli

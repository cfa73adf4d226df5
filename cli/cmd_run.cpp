// `spikeforge run`: the whole pipeline in one command (train -> eval -> quantize -> export -> verify
// -> energy), every artifact in one out dir, a report.json and a self-contained report.html.
// The stages are cli/run_stages.hpp; the config cli/run_config.hpp (docs/run-config.md). Progress
// on stderr, a summary table on stdout. A failing stage stops the run and keeps the artifacts of
// the finished ones; `--resume` continues after the last finished stage (state.json lists them
// with the config hash and refuses a different config).
#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/app.hpp"
#include "cli/commands.hpp"
#include "cli/run_config.hpp"
#include "cli/run_execute.hpp"
#include "cli/run_html.hpp"
#include "cli/run_progress.hpp"
#include "cli/run_report.hpp"
#include "cli/run_stages.hpp"
#include "pipeline/hardware.hpp"
#include "core/atomic_write.hpp"
#include "core/dir_lock.hpp"
#include "core/errors.hpp"
#include "core/file_digest.hpp"
#include "core/output_path.hpp"

namespace spikeforge::cli {

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kStateFormat = "spikeforge.run-state/1";

std::string default_out_dir() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "runs/%Y%m%d-%H%M%S", &tm);
  return buf;
}

std::vector<std::string> parse_stages(const std::string& text) {
  const auto& all = run::stage_names();
  if (text.empty()) return all;
  std::set<std::string> wanted;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    if (std::find(all.begin(), all.end(), item) == all.end()) {
      std::string names;
      for (const auto& n : all) names += (names.empty() ? "" : ", ") + n;
      throw core::ConfigError("run: --stages: unknown stage '" + item + "' (stages: " + names + ")");
    }
    wanted.insert(item);
  }
  std::vector<std::string> out;
  for (const auto& n : all)
    if (wanted.count(n) > 0) out.push_back(n);
  if (out.empty()) throw core::ConfigError("run: --stages = '" + text + "' names no stage");
  return out;
}

json read_json_file(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw core::InputError("run: cannot open " + p.string());
  try {
    json j;
    in >> j;
    return j;
  } catch (const json::exception& e) {
    throw core::InputError("run: " + p.string() + " is not valid JSON: " + e.what());
  }
}

struct State {
  std::string config_hash;
  std::vector<std::string> finished;
  std::map<std::string, double> seconds;
  std::map<std::string, std::map<std::string, core::FileDigest>> artifacts;  ///< stage -> files it wrote
  std::vector<std::string> stale;  ///< files of an earlier run in this directory, not rewritten (yet) by this one
};

/// Files of the run directory that belong to no stage (written around the stages).
const std::vector<std::string>& run_bookkeeping_files() {
  static const std::vector<std::string> files = {"state.json", core::DirLock::kFileName, "config.json", "report.json",
                                                 "report.html"};
  return files;
}

json digests_to_json(const std::map<std::string, core::FileDigest>& files) {
  json j = json::object();
  for (const auto& [name, d] : files) j[name] = {{"size", d.size}, {"fnv1a", d.fnv1a}};
  return j;
}

void save_state(const fs::path& out, const State& s) {
  json sec = json::object();
  for (const auto& [k, v] : s.seconds) sec[k] = v;
  json art = json::object();
  for (const auto& [stage, files] : s.artifacts) art[stage] = digests_to_json(files);
  const json j = {{"format", kStateFormat}, {"config_hash", s.config_hash}, {"finished", s.finished}, {"seconds", sec},
                  {"artifacts", art}, {"stale_from_previous_run", s.stale}};
  core::write_file_atomically(out / "state.json", j.dump(2) + "\n");
}

State load_state(const fs::path& out) {
  const fs::path p = out / "state.json";
  if (!fs::exists(p)) throw core::ConfigError("run: --resume: " + p.string() + " does not exist (nothing to resume)");
  const json j = read_json_file(p);
  State s;
  try {
    if (j.at("format").get<std::string>() != kStateFormat)
      throw core::InputError("run: " + p.string() + ": format = " + j.at("format").dump() + ", expected " + kStateFormat);
    s.config_hash = j.at("config_hash").get<std::string>();
    s.finished = j.at("finished").get<std::vector<std::string>>();
    for (const auto& [k, v] : j.at("seconds").items()) s.seconds[k] = v.get<double>();
    const json artifacts = j.value("artifacts", json::object());  // a named copy: items() refers into it
    for (const auto& [stage, files] : artifacts.items())
      for (const auto& [name, d] : files.items())
        s.artifacts[stage][name] = core::FileDigest{d.at("size").get<std::uint64_t>(), d.at("fnv1a").get<std::string>()};
    s.stale = j.value("stale_from_previous_run", std::vector<std::string>{});
  } catch (const json::exception& e) {
    throw core::InputError("run: " + p.string() + ": bad state: " + e.what());
  }
  return s;
}

/// Records the files `stage` wrote (state.json keeps size + hash) and unmarks them as stale.
void record_artifacts(const fs::path& out, const std::string& stage, const std::map<std::string, core::FileStamp>& before,
                      State& state) {
  state.artifacts[stage] = core::written_between(before, core::stamp_tree(out, run_bookkeeping_files()));
  std::erase_if(state.stale, [&](const std::string& f) { return state.artifacts[stage].count(f) > 0; });
}

/// --resume: a finished stage whose recorded files are missing or changed is run again, with every
/// stage after it (their inputs may differ).
void verify_finished_stages(const fs::path& out, State& state) {
  for (std::size_t k = 0; k < state.finished.size(); ++k) {
    const std::string& stage = state.finished[k];
    const auto it = state.artifacts.find(stage);
    if (it == state.artifacts.end()) continue;  // a state.json of an older version records none
    if (const auto problem = core::verify_files(out, it->second)) {
      std::cerr << "[run] --resume: stage " << stage << " is not intact (" << *problem << "): running it again"
                << (k + 1 < state.finished.size() ? " with the stages after it" : "") << "\n";
      for (std::size_t r = k; r < state.finished.size(); ++r) state.artifacts.erase(state.finished[r]);
      state.finished.resize(k);
      return;
    }
  }
}

bool finished(const State& s, const std::string& stage) {
  return std::find(s.finished.begin(), s.finished.end(), stage) != s.finished.end();
}

/// Writes report.json and report.html from the stage results on disk; returns the report.
json write_reports(const run::RunConfig& cfg, const fs::path& out, const State& state, double seconds_total) {
  std::map<std::string, json> results;
  std::map<std::string, run::StageRecord> records;
  for (const auto& name : run::stage_names()) {
    if (!finished(state, name)) continue;
    const fs::path p = out / "stages" / (name + ".json");
    if (!fs::exists(p)) continue;
    results[name] = read_json_file(p);
    run::StageRecord rec;
    rec.status = "done";
    if (auto it = state.seconds.find(name); it != state.seconds.end()) rec.seconds = it->second;
    records[name] = rec;
  }
  const json hardware = pipeline::hardware_figures(cfg.report.synth, out);
  const json report = run::assemble_report(run::to_json(cfg), state.config_hash, out.string(), results, records, hardware,
                                           seconds_total);
  core::write_file_atomically(out / "report.json", report.dump(2) + "\n");
  core::write_file_atomically(out / "report.html", run::render_html(report));
  return report;
}

}  // namespace

json execute_run(const RunArgs& a, const run::RunConfig& cfg) {
  const auto t0 = std::chrono::steady_clock::now();
  cfg.validate();
  const std::vector<std::string> selected = parse_stages(a.stages);
  const fs::path out = a.out.empty() ? fs::path(default_out_dir()) : fs::path(a.out);
  const std::string hash = run::config_hash(cfg);

  core::check_output_dir(out, "run --out");
  if (a.resume) (void)load_state(out);  // nothing to resume: refused before anything is created
  fs::create_directories(out);
  const core::DirLock lock(out, "run --out");  // a second run into the same directory exits 2 naming the holder
  for (const auto& t : core::remove_stale_temp_files(out)) std::cerr << "[run] removed stale temp file " << t << "\n";
  State state;
  if (a.resume) {
    state = load_state(out);
    verify_finished_stages(out, state);
    if (state.config_hash != hash) {
      throw core::ConfigError("run: --resume refused: the config (hash " + hash + ") differs from the one of the run in " +
                              out.string() + " (hash " + state.config_hash + "); use the same --config/--quick or a new --out");
    }
  } else {
    state.config_hash = hash;
    for (const auto& [name, d] : core::digest_tree(out, run_bookkeeping_files())) state.stale.push_back(name);
    if (!state.stale.empty())
      std::cerr << "[run] " << out.string() << " holds " << state.stale.size()
                << " files of an earlier run: listed as stale_from_previous_run in state.json until this run rewrites them\n";
  }
  fs::create_directories(out / "stages");
  core::write_file_atomically(out / "config.json", run::to_json(cfg).dump(2) + "\n");
  save_state(out, state);

  std::cerr << "[run] out dir " << out.string() << ", config hash " << hash
            << (a.resume ? ", resuming after: " : "") << [&] {
                 std::string f;
                 if (a.resume)
                   for (const auto& s : state.finished) f += (f.empty() ? "" : ",") + s;
                 return a.resume ? (f.empty() ? std::string("(none)") : f) : std::string();
               }() << "\n";
  int index = 0;
  for (const auto& name : selected) {
    ++index;
    if (finished(state, name)) {
      std::cerr << "[run " << index << "/" << selected.size() << " " << name << "] already finished, skipped\n";
      continue;
    }
    run::StageProgress prog(name, index, static_cast<int>(selected.size()));
    prog.update(0.0, "starting");
    const auto before = core::stamp_tree(out, run_bookkeeping_files());
    try {
      if (hooks().stage_start) hooks().stage_start(name);
      const json result = run::run_stage(name, run::StageContext{cfg, out, prog});
      core::write_file_atomically(out / "stages" / (name + ".json"), result.dump(1) + "\n");
    } catch (const std::exception& e) {
      std::cerr << "[run] stage " << name << " FAILED: " << e.what() << "\n"
                << "[run] the artifacts of the finished stages are kept in " << out.string()
                << "; fix the cause and continue with: spikeforge run --resume --out " << out.string()
                << (a.config.empty() ? "" : " --config " + a.config) << (a.quick ? " --quick" : "") << "\n";
      try {
        (void)write_reports(cfg, out, state,
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
      } catch (const std::exception&) {
        // The partial report is a courtesy; the stage's error is what matters.
      }
      throw;
    }
    state.finished.push_back(name);
    state.seconds[name] = prog.elapsed();
    record_artifacts(out, name, before, state);
    save_state(out, state);
    prog.update(1.0, "done");
  }
  double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // A resumed run's total counts the stages of earlier invocations too.
  double stage_sum = 0.0;
  for (const auto& [k, v] : state.seconds) stage_sum += v;
  total = std::max(total, stage_sum);
  std::cerr << "[run] writing report.json and report.html\n";
  const json report = write_reports(cfg, out, state, total);
  if (a.print_summary) std::cout << run::summary_table(report) << "  artifacts in " << out.string() << " (report.html)\n";
  return report;
}

namespace {

void run_pipeline(const RunArgs& a) {
  run::RunConfig cfg;
  if (a.quick) cfg.make_quick();
  if (!a.config.empty()) run::apply_file(cfg, a.config);
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

#include "pipeline/run/execute.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <sstream>

#include "core/atomic_write.hpp"
#include "core/dir_lock.hpp"
#include "core/errors.hpp"
#include "core/file_digest.hpp"
#include "core/output_path.hpp"
#include "pipeline/hardware.hpp"
#include "pipeline/run/html.hpp"
#include "pipeline/run/report.hpp"
#include "pipeline/run/stages.hpp"
#include "pipeline/run/state.hpp"

namespace spikeforge::pipeline::run {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

/// Writes report.json and report.html from the stage results on disk; returns the report.
json write_reports(const RunConfig& cfg, const fs::path& out, const RunState& state, double seconds_total) {
  std::map<std::string, json> results;
  std::map<std::string, StageRecord> records;
  for (const auto& name : stage_names()) {
    if (!state.is_finished(name)) continue;
    const fs::path p = out / "stages" / (name + ".json");
    if (!fs::exists(p)) continue;
    results[name] = read_json_file(p);
    StageRecord rec;
    rec.status = "done";
    if (auto it = state.seconds.find(name); it != state.seconds.end()) rec.seconds = it->second;
    records[name] = rec;
  }
  const json hardware = hardware_figures(cfg.report.synth, out);
  const json report =
      assemble_report(to_json(cfg), state.config_hash, out.string(), results, records, hardware, seconds_total);
  core::write_file_atomically(out / "report.json", report.dump(2) + "\n");
  core::write_file_atomically(out / "report.html", render_html(report));
  return report;
}

void say(const RunHooks& h, const std::string& line) {
  if (h.note) h.note(line);
}

}  // namespace

std::vector<std::string> parse_stages(const std::string& text) {
  const auto& all = stage_names();
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

json execute(const RunJob& job, const RunConfig& cfg, const RunHooks& hooks) {
  const auto t0 = Clock::now();
  cfg.validate();
  const std::vector<std::string> selected = parse_stages(job.stages);
  const fs::path& out = job.out;
  if (out.empty()) throw core::ConfigError("run: no output directory given");
  const std::string hash = config_hash(cfg);

  core::check_output_dir(out, "run --out");
  if (job.resume) (void)load_state(out);  // nothing to resume: refused before anything is created
  fs::create_directories(out);
  const core::DirLock lock(out, "run --out");  // a second run into the same directory exits 2 naming the holder
  for (const auto& t : core::remove_stale_temp_files(out)) say(hooks, "removed stale temp file " + t);
  RunState state;
  if (job.resume) {
    state = load_state(out);
    if (const std::string why = drop_changed_stages(out, state); !why.empty()) say(hooks, "--resume: " + why);
    if (state.config_hash != hash)
      throw core::ConfigError("run: --resume refused: the config (hash " + hash + ") differs from the one of the run in " +
                              out.string() + " (hash " + state.config_hash + "); use the same --config/--quick or a new --out");
  } else {
    state.config_hash = hash;
    for (const auto& [name, d] : core::digest_tree(out, bookkeeping_files())) state.stale.push_back(name);
    if (!state.stale.empty())
      say(hooks, out.string() + " holds " + std::to_string(state.stale.size()) +
                     " files of an earlier run: listed as stale_from_previous_run in state.json until this run rewrites them");
  }
  fs::create_directories(out / "stages");
  core::write_file_atomically(out / "config.json", to_json(cfg).dump(2) + "\n");
  save_state(out, state);

  std::string head = "out dir " + out.string() + ", config hash " + hash;
  if (job.resume) {
    std::string f;
    for (const auto& s : state.finished) f += (f.empty() ? "" : ",") + s;
    head += ", resuming after: " + (f.empty() ? std::string("(none)") : f);
  }
  say(hooks, head);
  const int count = static_cast<int>(selected.size());
  int index = 0;
  for (const auto& name : selected) {
    ++index;
    if (state.is_finished(name)) {
      say(hooks, "stage " + std::to_string(index) + "/" + std::to_string(count) + " " + name + " already finished, skipped");
      continue;
    }
    const Context pc = hooks.stage_context ? hooks.stage_context(name, index, count) : Context{};
    const auto started = Clock::now();
    pc.done(0.0, "starting");
    const auto before = core::stamp_tree(out, bookkeeping_files());
    try {
      if (hooks.stage_start) hooks.stage_start(name);
      const json result = run_stage(name, StageContext{cfg, out, pc});
      core::write_file_atomically(out / "stages" / (name + ".json"), result.dump(1) + "\n");
    } catch (const std::exception& e) {
      say(hooks, "stage " + name + " FAILED: " + e.what());
      say(hooks, "the artifacts of the finished stages are kept in " + out.string() +
                     "; fix the cause and continue with: spikeforge run --resume --out " + out.string() + job.resume_hint);
      try {
        (void)write_reports(cfg, out, state, since(t0));
      } catch (const std::exception&) {
        // The partial report is a courtesy; the stage's error is what matters.
      }
      throw;
    }
    const double seconds = since(started);
    state.finished.push_back(name);
    state.seconds[name] = seconds;
    record_artifacts(out, name, before, state);
    save_state(out, state);
    pc.done(1.0, "done");
    if (hooks.stage_done) hooks.stage_done(name, seconds);
  }
  // A resumed run's total counts the stages of earlier invocations too.
  double stage_sum = 0.0;
  for (const auto& [k, v] : state.seconds) stage_sum += v;
  const double total = std::max(since(t0), stage_sum);
  say(hooks, "writing report.json and report.html");
  return write_reports(cfg, out, state, total);
}

}  // namespace spikeforge::pipeline::run

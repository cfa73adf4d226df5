// Runs the stages of `spikeforge run` for one config into one directory: state.json, stages/*.json,
// the artifacts, report.json and report.html (docs/run-config.md). Used by `spikeforge run` and by
// `spikeforge explore`, which runs one such directory per point of its sweep.
//
// The directory is checked before anything is created, locked for the run (a second run into it is
// refused naming the holder), and stale temp files are removed. A failing stage stops the run,
// keeps the finished stages' artifacts and writes the partial report; `resume` continues after the
// last finished stage whose artifacts are intact (pipeline/run/state.hpp), same config only.
#pragma once
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/context.hpp"
#include "pipeline/run/config.hpp"

namespace spikeforge::pipeline::run {

struct RunJob {
  std::filesystem::path out;  ///< Output directory (must be given).
  bool resume = false;        ///< Continue after the last finished stage (the config hash must match).
  std::string stages;         ///< Comma-separated subset of stage_names() ("" = all).
  std::string resume_hint;    ///< Appended to "continue with: spikeforge run --resume --out DIR" on failure.
};

/// Where a run's messages go (every member may be empty).
struct RunHooks {
  std::function<void(const std::string&)> note;  ///< Run-level lines (out dir, skipped stages, failures).
  /// The context stage `name` (index-th of count) runs in: its progress, notes and reducer.
  std::function<Context(const std::string& name, int index, int count)> stage_context;
  std::function<void(const std::string& name)> stage_start;            ///< Before a stage runs.
  std::function<void(const std::string& name, double seconds)> stage_done;  ///< After it finished.
};

/// The selected stages, in pipeline order. ConfigError naming an unknown stage.
std::vector<std::string> parse_stages(const std::string& text);

/// Validates `cfg`, runs the selected stages (skipping the finished ones when resuming) and
/// returns report.json's content. Errors propagate after the partial report is written.
nlohmann::json execute(const RunJob& job, const RunConfig& cfg, const RunHooks& hooks);

}  // namespace spikeforge::pipeline::run

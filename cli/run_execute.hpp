// Runs the stages of `spikeforge run` for one config into one directory: state.json, stages/*.json,
// the artifacts, report.json and report.html (docs/run-config.md). Used by `spikeforge run` and by
// `spikeforge explore`, which runs one such directory per point of its sweep.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "cli/run_config.hpp"

namespace spikeforge::cli {

struct RunArgs {
  std::string config;         ///< The --config file ("" = none); named in the resume hint only.
  std::string out;            ///< Output directory ("" = runs/<UTC timestamp>/).
  bool quick = false;         ///< Named in the resume hint only (the caller applied it to the config).
  bool resume = false;        ///< Continue after the last finished stage (the config hash must match).
  std::string stages;         ///< Comma-separated subset ("" = all).
  bool print_summary = true;  ///< Print the summary table on stdout at the end.
};

/// Validates `cfg`, runs the selected stages (skipping the finished ones when resuming) and
/// returns the report. Errors propagate after the partial report is written.
nlohmann::json execute_run(const RunArgs& args, const run::RunConfig& cfg);

}  // namespace spikeforge::cli

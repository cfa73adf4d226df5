// `spikeforge run`'s options and the call both `run` and `explore` make: pipeline/run/execute.hpp
// with the CLI's progress on stderr (and the summary table on stdout when asked).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/run/config.hpp"

namespace spikeforge::cli {

struct RunArgs {
  std::string config;         ///< The --config file ("" = none); named in the resume hint only.
  std::string out;            ///< Output directory ("" = runs/<UTC timestamp>/).
  bool quick = false;         ///< Named in the resume hint only (the caller applied it to the config).
  bool resume = false;        ///< Continue after the last finished stage (the config hash must match).
  std::string stages;         ///< Comma-separated subset ("" = all).
  bool print_summary = true;  ///< Print the summary table on stdout at the end.
};

/// Runs the pipeline for `cfg` into args.out and returns the report.
nlohmann::json execute_run(const RunArgs& args, const pipeline::run::RunConfig& cfg);

}  // namespace spikeforge::cli

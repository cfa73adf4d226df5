// Shared reporting helpers for subcommands: JSON on stdout, reports written atomically,
// progress lines on stderr. Under MPI (cli/job.hpp) only rank 0 prints and writes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "pipeline/json_form.hpp"

namespace spikeforge::cli {

/// Prints `j` as one JSON object on stdout (indented, newline-terminated).
void print_json(const nlohmann::json& j);

/// Writes `j` to `path` atomically (temp file + rename). No-op if `path` is empty.
void write_json_report(const std::string& path, const nlohmann::json& j);

/// One progress line on stderr ("[stage] message").
void progress(const std::string& stage, const std::string& message);

using pipeline::confusion_to_json;
using pipeline::firing_rates_to_json;
using pipeline::history_to_json;

}  // namespace spikeforge::cli

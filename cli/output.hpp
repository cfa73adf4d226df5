// Shared reporting helpers for subcommands: JSON on stdout, reports written atomically,
// progress lines on stderr. Under MPI (cli/job.hpp) only rank 0 prints and writes.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "trainer/history.hpp"

namespace spikeforge::cli {

/// Prints `j` as one JSON object on stdout (indented, newline-terminated).
void print_json(const nlohmann::json& j);

/// Writes `j` to `path` atomically (temp file + rename). No-op if `path` is empty.
void write_json_report(const std::string& path, const nlohmann::json& j);

/// One progress line on stderr ("[stage] message").
void progress(const std::string& stage, const std::string& message);

/// A training history as a JSON array: one object per record, {"iteration", "seconds", metrics...}.
nlohmann::json history_to_json(const trainer::History& history);

}  // namespace spikeforge::cli

// Shared reporting helpers for subcommands: JSON on stdout, reports written atomically,
// progress lines on stderr. Under MPI (cli/job.hpp) only rank 0 prints and writes.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "core/metrics.hpp"
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

/// A confusion matrix (core::confusion_matrix: rows = true label) as an array of rows of counts.
nlohmann::json confusion_to_json(const Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>& confusion);

/// Firing rates (spikes per neuron per step) as one object per layer:
/// {"layer", "spiking", "mean" (null if not spiking), "per_neuron" (empty if not spiking)}.
/// `spiking[l]` is false for the non-spiking output integrator. Used by `eval --json` and `run`.
nlohmann::json firing_rates_to_json(const std::vector<core::LayerRate>& rates, const std::vector<bool>& spiking);

}  // namespace spikeforge::cli

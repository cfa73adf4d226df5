// The JSON forms of results that several stages report (training histories, confusion matrices,
// firing rates), so that `spikeforge <stage> --json` and `spikeforge run`'s report agree.
#pragma once
#include <cstdint>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "core/metrics.hpp"
#include "trainer/history.hpp"

namespace spikeforge::pipeline {

/// A training history as a JSON array: one object per record, {"iteration", "seconds", metrics...}.
nlohmann::json history_to_json(const trainer::History& history);

/// A confusion matrix (core::confusion_matrix: rows = true label) as an array of rows of counts.
nlohmann::json confusion_to_json(const Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>& confusion);

/// Firing rates (spikes per neuron per step) as one object per layer:
/// {"layer", "spiking", "mean" (null if not spiking), "per_neuron" (empty if not spiking)}.
/// `spiking[l]` is false for the non-spiking output integrator. Used by `eval --json` and `run`.
nlohmann::json firing_rates_to_json(const std::vector<core::LayerRate>& rates, const std::vector<bool>& spiking);

}  // namespace spikeforge::pipeline

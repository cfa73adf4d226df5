// The eval stage: accuracy, confusion matrix, firing rates and speed of a network on a dataset
// split. A float network runs on the float simulator (core/float_sim.hpp), a fixed one on the
// golden model (quantizer/evaluate.hpp) in the requested timing. `spikeforge eval` and the eval
// stage of `spikeforge run` both call evaluate(); to_json() is the one JSON form of the result.
// Under an MPI job every rank evaluates its block of the samples and the counts are summed.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <Eigen/Core>
#include <nlohmann/json.hpp>

#include "core/dataset.hpp"
#include "core/metrics.hpp"
#include "pipeline/context.hpp"
#include "pipeline/model.hpp"
#include "quantizer/golden.hpp"

namespace spikeforge::pipeline {

struct EvalResult {
  std::string model;                 ///< "float" | "fixed".
  core::DatasetSpec spec;            ///< As resolved (this rank's block under MPI).
  std::size_t samples = 0;           ///< Over all ranks.
  int run_steps = 0;                 ///< Steps per sample as run (T, or T + layers in lava timing).
  double accuracy = 0.0;             ///< Over all ranks.
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> confusion;  ///< Over all ranks; rows = true label.
  std::vector<core::LayerRate> rates;  ///< Spikes per neuron per step, over all ranks.
  std::vector<bool> spiking;         ///< Per layer.
  std::vector<int> sizes;            ///< Inputs, then each layer's outputs.
  double seconds = 0.0;              ///< Simulation time of this rank.
  nlohmann::json extra = nlohmann::json::object();  ///< fixed: profile, timing, event_counts (summed).
  std::vector<int> predictions;      ///< This rank's samples.
  std::shared_ptr<const core::SpikeBatch> batch;  ///< This rank's samples.
  /// The output vector of this rank's sample s (floats, or the golden model's v; reruns the sample).
  std::function<nlohmann::json(std::size_t)> output_of;
};

/// Evaluates `m` on `spec` (sharded over ctx's ranks). ConfigError if the data does not fit the
/// network (inputs, classes) or if a float network is asked for a timing other than immediate.
EvalResult evaluate(const Model& m, const core::DatasetSpec& spec, quantizer::Timing timing, const Context& ctx);

/// {model, dataset, split, encoding, steps, seed, samples, accuracy, sizes, seconds,
///  samples_per_second, firing_rates, confusion, + extra}.
nlohmann::json to_json(const EvalResult& r);

/// The spike raster of one sample through a float network: input events and every layer's spikes,
/// as {sample, label, steps, layers: [{name, neurons, spiking, events: [[t, i], ...]}]}.
nlohmann::json raster_json(const core::FloatNetwork& net, const core::SpikeBatch& batch, std::size_t sample);

}  // namespace spikeforge::pipeline

// The train stage: loads the job's data (this rank's block of it under MPI), trains with the
// job's method, scores the result on train / validation / test, and fills in the network's
// encoding info and metadata. Shared by `spikeforge train` and `spikeforge run`. Writes nothing.
#pragma once
#include <cstddef>

#include <nlohmann/json.hpp>

#include "core/network.hpp"
#include "pipeline/context.hpp"
#include "pipeline/train_job.hpp"
#include "trainer/history.hpp"

namespace spikeforge::pipeline {

struct TrainResult {
  core::FloatNetwork net;        ///< Encoding info and metadata_json set (no timings: same seed, same bytes).
  trainer::History history;
  double train_acc = 0.0;        ///< Float accuracy over every rank's training samples.
  double val_acc = -1.0;         ///< -1: no validation samples.
  double test_acc = -1.0;        ///< -1: no test evaluation.
  /// The stage's report: method, data and sizes, accuracies, timings, history, the method's
  /// figures and settings, and the ranks' figures ("distributed").
  nlohmann::json report;
};

/// Validates the job (ConfigError naming the field), loads the data (InputError for missing or
/// bad files), trains and scores. Every rank of ctx.reducer calls it with the same job.
TrainResult train(const TrainJob& job, const Context& ctx);

}  // namespace spikeforge::pipeline

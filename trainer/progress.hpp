// Training progress reports: algorithms call a ProgressFn once per iteration/epoch; only cli/ prints.
#pragma once
#include <functional>
#include <map>
#include <string>

namespace spikeforge::trainer {

/// One progress report. `iteration` counts from 1 up to `total`; times are wall-clock seconds.
struct TrainProgress {
  std::string method;                      ///< "admm", "bptt", "readout".
  int iteration = 0;                       ///< Iterations (ADMM) or epochs (BPTT) done so far.
  int total = 0;                           ///< Planned iterations/epochs.
  double seconds = 0.0;                    ///< Elapsed training time [s].
  double eta_seconds = 0.0;                ///< Estimated remaining time [s].
  std::map<std::string, double> metrics;   ///< Named metrics of this iteration ("train_acc", ...).
};

/// Called by trainers after every iteration; may be empty (no reporting).
using ProgressFn = std::function<void(const TrainProgress&)>;

/// A report whose ETA extrapolates this run's pace: the last `done` iterations took `run_seconds`.
inline TrainProgress paced_progress(std::string method, int iteration, int total, double seconds, int done,
                                    double run_seconds, std::map<std::string, double> metrics) {
  const double eta = done > 0 ? run_seconds / done * (total - iteration) : 0.0;
  return TrainProgress{std::move(method), iteration, total, seconds, eta, std::move(metrics)};
}

}  // namespace spikeforge::trainer

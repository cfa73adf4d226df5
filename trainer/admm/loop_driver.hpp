// The iteration skeleton both ADMM loops share (the per-step method in trainer.cpp and the
// aggregate method in aggregate/loop.cpp): count iterations, decide the validation checks, record
// the communication of sharded runs, early stopping, checkpoints and progress reports. What an
// iteration does and what a record holds are the loop's own (the callbacks); keep-best and the
// history live in the loop's state, which the callbacks update.
#pragma once
#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "trainer/admm/admm.hpp"
#include "trainer/admm/keep_best.hpp"
#include "trainer/checkpoint.hpp"
#include "trainer/history.hpp"
#include "trainer/progress.hpp"
#include "trainer/reduce.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::trainer::admm {

struct LoopParts {
  /// One iteration; returns the iteration's extra metrics for its history record.
  std::function<std::map<std::string, double>()> iterate;
  /// Records the iteration (appends to `history`); `eval_val` = a validation check is due.
  std::function<void(std::map<std::string, double> extra, bool eval_val)> record;
  /// After the record (e.g. residual balancing from the recorded metrics); may be empty.
  std::function<void()> after_record;
  /// Writes the loop's state into a checkpoint.
  std::function<void(Checkpoint&)> save;
};

/// The loop's counters the driver reads and advances.
struct LoopCounters {
  int& iteration;
  const KeepBest& best;
  History& history;
  const double& seconds;  ///< Training seconds so far (set by `record`).
};

/// Runs iterations until `settings.iterations` or early stopping (then result.early_stopped): per
/// iteration `iterate`, the counter, `record` (validation due every `val_every` and at the last),
/// the communication metrics of a sharded run, `after_record`, a checkpoint every
/// `checkpoint.every`, a progress report. `run_seconds` = seconds since this process started
/// training (it paces the reports' ETA).
void drive(const Settings& settings, const LoopParts& parts, LoopCounters counters, const CheckpointOptions& checkpoint,
           const Reducer& reducer, const SampleShard& shard, const ProgressFn& progress,
           const std::function<double()>& run_seconds, Result& result);

}  // namespace spikeforge::trainer::admm

// Per-iteration training history: plain records a trainer returns; cli/ turns them into report JSON.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace spikeforge::trainer {

/// One row of the history: what was measured after iteration (or epoch) `iteration`.
/// Metric names are snake_case with units where they have one ("lagrangian", "train_acc" in [0,1],
/// "val_acc", "time_w_s" [s], ...). A metric absent from a record was not measured that iteration.
struct HistoryRecord {
  int iteration = 0;
  double seconds = 0.0;                    ///< Elapsed training time when the record was taken [s].
  std::map<std::string, double> metrics;
};

using History = std::vector<HistoryRecord>;

}  // namespace spikeforge::trainer

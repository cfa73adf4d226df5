// What every pipeline stage runs in: the processes it shares the work with (a trainer::Reducer:
// one process, or the ranks of an MPI job), where its progress goes, and the process's resource
// figures. A stage never prints: it calls `note` (one human-readable line) and hands trainer
// progress to `iteration` and its fraction done to `progress`; the caller (cli/, a test, an
// embedding program) decides where they go (and how often: a stage may call `progress` per sample).
#pragma once
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "trainer/progress.hpp"
#include "trainer/reduce.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::pipeline {

struct Context {
  const trainer::Reducer* reducer = &trainer::local_reducer();  ///< Never null; owned by the caller.
  std::function<void(const std::string&)> note;                  ///< A progress line (may be empty).
  trainer::ProgressFn iteration;                                 ///< Trainer progress (may be empty).
  /// Fraction of the stage done in [0, 1], a detail line, and an ETA in seconds (< 0: unknown,
  /// the receiver may extrapolate). May be empty.
  std::function<void(double fraction, const std::string& detail, double eta_s)> progress;

  [[nodiscard]] const trainer::Reducer& red() const { return *reducer; }
  [[nodiscard]] int ranks() const { return reducer->size(); }
  /// True on rank 0, the only rank that writes outputs.
  [[nodiscard]] bool is_root() const { return reducer->rank() == 0; }
  /// Calls `note` if set.
  void say(const std::string& line) const;
  /// Calls `progress` if set.
  void done(double fraction, const std::string& detail, double eta_s = -1.0) const;
  /// This rank's block of `total` samples (`what` names them in errors, e.g. "train: --train-samples").
  /// ConfigError if some rank would get no sample.
  [[nodiscard]] trainer::SampleShard shard(std::size_t total, const std::string& what) const;
  /// One value per rank, index = rank (a collective: every rank must call it).
  [[nodiscard]] std::vector<double> per_rank(double value) const;
};

/// Peak resident memory of this process so far [bytes] (getrusage).
double peak_rss_bytes();
/// CPU time (user + system, all threads) of this process so far [s] (getrusage).
double cpu_seconds();

}  // namespace spikeforge::pipeline

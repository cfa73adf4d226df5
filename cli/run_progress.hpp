// Progress lines on stderr: "[run 3/6 quantize]  42%  ETA 0m12s  detail" (or "[verify] ..." for one command).
// Lines within a stage are rate-limited (one per `min_interval_s` unless the stage ends).
#pragma once
#include <chrono>
#include <string>

#include "pipeline/run/report.hpp"

namespace spikeforge::cli::run {

using pipeline::run::format_duration;

class StageProgress {
 public:
  StageProgress(std::string stage, int index, int count, double min_interval_s = 2.0);
  /// Lines prefixed "[stage]" (a single command's progress).
  explicit StageProgress(const std::string& stage, double min_interval_s = 2.0);
  /// Reports `fraction` in [0, 1] of the stage done; the ETA is extrapolated from the elapsed time
  /// unless `eta_s` >= 0 is given.
  void update(double fraction, const std::string& detail = "", double eta_s = -1.0);
  /// A line without percent.
  void note(const std::string& detail) const;
  [[nodiscard]] double elapsed() const;

 private:
  std::string prefix_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  double min_interval_s_;
  bool printed_ = false;
};

}  // namespace spikeforge::cli::run

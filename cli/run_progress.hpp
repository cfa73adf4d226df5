// Progress lines of `spikeforge run` on stderr: "[run 3/6 quantize]  42%  ETA 0m12s  detail".
// Lines within a stage are rate-limited (one per `min_interval_s` unless the stage ends).
#pragma once
#include <chrono>
#include <string>

namespace spikeforge::cli::run {

/// "1m05s" / "1h02m".
std::string format_duration(double seconds);

class StageProgress {
 public:
  StageProgress(std::string stage, int index, int count, double min_interval_s = 2.0);
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

// Progress lines of `spikeforge run`.
#include "cli/run_progress.hpp"

#include <algorithm>
#include <cstdio>
#include <iostream>

namespace spikeforge::cli::run {

StageProgress::StageProgress(std::string stage, int index, int count, double min_interval_s)
    : prefix_("[run " + std::to_string(index) + "/" + std::to_string(count) + " " + stage + "]"),
      start_(std::chrono::steady_clock::now()),
      last_(start_),
      min_interval_s_(min_interval_s) {}

StageProgress::StageProgress(const std::string& stage, double min_interval_s)
    : prefix_("[" + stage + "]"), start_(std::chrono::steady_clock::now()), last_(start_), min_interval_s_(min_interval_s) {}

double StageProgress::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void StageProgress::update(double fraction, const std::string& detail, double eta_s) {
  const auto now = std::chrono::steady_clock::now();
  fraction = std::clamp(fraction, 0.0, 1.0);
  if (printed_ && fraction < 1.0 && std::chrono::duration<double>(now - last_).count() < min_interval_s_) return;
  printed_ = true;
  last_ = now;
  const double el = elapsed();
  if (eta_s < 0.0) eta_s = fraction > 0.0 ? el / fraction * (1.0 - fraction) : 0.0;
  char pct[16];
  std::snprintf(pct, sizeof pct, "%3.0f%%", 100.0 * fraction);
  std::cerr << prefix_ << " " << pct << "  elapsed " << format_duration(el) << "  ETA "
            << (fraction > 0.0 || eta_s > 0.0 ? format_duration(eta_s) : std::string("?"))
            << (detail.empty() ? "" : "  ") << detail << "\n"
            << std::flush;
}

void StageProgress::note(const std::string& detail) const { std::cerr << prefix_ << " " << detail << "\n" << std::flush; }

}  // namespace spikeforge::cli::run

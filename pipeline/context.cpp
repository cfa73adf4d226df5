#include "pipeline/context.hpp"

#include <sys/resource.h>

#include "core/errors.hpp"

namespace spikeforge::pipeline {

void Context::say(const std::string& line) const {
  if (note) note(line);
}

void Context::done(double fraction, const std::string& detail, double eta_s) const {
  if (progress) progress(fraction, detail, eta_s);
}

trainer::SampleShard Context::shard(std::size_t total, const std::string& what) const {
  const trainer::Reducer& r = *reducer;
  if (total < static_cast<std::size_t>(r.size()))
    throw core::ConfigError(what + " = " + std::to_string(total) + " samples cannot be split over " +
                            std::to_string(r.size()) + " ranks (each rank needs at least one)");
  return trainer::shard_of(total, r.rank(), r.size());
}

std::vector<double> Context::per_rank(double value) const {
  const trainer::Reducer& r = *reducer;
  std::vector<double> v(static_cast<std::size_t>(r.size()), 0.0);
  v[static_cast<std::size_t>(r.rank())] = value;
  r.sum(v.data(), v.size());
  return v;
}

double peak_rss_bytes() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) * 1024.0;  // Linux: kilobytes
}

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * static_cast<double>(t.tv_usec); };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

}  // namespace spikeforge::pipeline

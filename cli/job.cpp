#include "cli/job.hpp"

#include <cstdio>
#include <sstream>

#include "cli/app.hpp"
#include "cli/output.hpp"

namespace spikeforge::cli {
namespace {
const trainer::Reducer* g_reducer = nullptr;

std::string format_seconds(double s) {
  char buf[32];
  const long t = static_cast<long>(s + 0.5);
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  return buf;
}

/// "admm 3/60  loss=...  train_acc=...  elapsed 0m12s  eta 3m40s": the headline metrics first, in
/// a fixed order, then the rest by name (timings left out).
std::string iteration_line(const trainer::TrainProgress& p) {
  std::ostringstream os;
  os << p.method << " " << p.iteration << "/" << p.total;
  static const char* kFirst[] = {"lagrangian", "loss", "primal_res", "train_acc", "val_acc"};
  for (const char* k : kFirst)
    if (auto it = p.metrics.find(k); it != p.metrics.end()) os << "  " << k << "=" << it->second;
  for (const auto& [k, v] : p.metrics) {
    bool first = false;
    for (const char* f : kFirst) first = first || k == f;
    if (!first && k.rfind("time_", 0) != 0) os << "  " << k << "=" << v;
  }
  os << "  elapsed " << format_seconds(p.seconds) << "  eta " << format_seconds(p.eta_seconds);
  return os.str();
}
}  // namespace

const trainer::Reducer& job_reducer() { return g_reducer ? *g_reducer : trainer::local_reducer(); }

void set_job_reducer(const trainer::Reducer* r) { g_reducer = r; }

bool is_root() { return job_reducer().rank() == 0; }

trainer::SampleShard job_shard(std::size_t total, const std::string& what) { return job_context("").shard(total, what); }

pipeline::Context job_context(const std::string& stage) {
  pipeline::Context ctx;
  ctx.reducer = &job_reducer();
  ctx.note = [stage](const std::string& line) { progress(stage, line); };
  ctx.iteration = [stage](const trainer::TrainProgress& p) {
    progress(stage, iteration_line(p));
    if (hooks().iteration) hooks().iteration(p);
  };
  return ctx;
}

}  // namespace spikeforge::cli

#include "cli/job.hpp"

#include <cstdio>
#include <memory>
#include <sstream>

#include "cli/app.hpp"
#include "cli/output.hpp"
#include "cli/run_progress.hpp"

namespace spikeforge::cli {
namespace {
const trainer::Reducer* g_reducer = nullptr;

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
  os << "  elapsed " << run::format_duration(p.seconds) << "  eta " << run::format_duration(p.eta_seconds);
  return os.str();
}
}  // namespace

const trainer::Reducer& job_reducer() { return g_reducer ? *g_reducer : trainer::local_reducer(); }

void set_job_reducer(const trainer::Reducer* r) { g_reducer = r; }

bool is_root() { return job_reducer().rank() == 0; }

pipeline::Context job_context(const std::string& stage) {
  pipeline::Context ctx;
  ctx.reducer = &job_reducer();
  ctx.note = [stage](const std::string& line) { progress(stage, line); };
  if (is_root()) {
    auto line = std::make_shared<run::StageProgress>(stage);
    ctx.progress = [line](double fraction, const std::string& detail, double eta_s) { line->update(fraction, detail, eta_s); };
  }
  ctx.iteration = [stage](const trainer::TrainProgress& p) {
    progress(stage, iteration_line(p));
    if (hooks().iteration) hooks().iteration(p);
  };
  return ctx;
}

}  // namespace spikeforge::cli

// `spikeforge explore`: sweeps trainer × encoding × T × spike-budget weight; each point is one
// whole `spikeforge run` (trained, quantized, RTL-verified, priced from the RTL counters) in
// OUT/points/<id>/, and OUT/explore.json + OUT/explore.html hold the accuracy–energy table, the
// Pareto front and the recommended point (the lowest energy within --tolerance of the best
// fixed-point accuracy). Every point config is built and validated before the first one runs;
// a point whose directory holds a run is resumed (finished points are skipped), so an interrupted
// sweep continues with the same command.
#include <chrono>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/explore_html.hpp"
#include "cli/output.hpp"
#include "pipeline/run/config.hpp"
#include "cli/run_execute.hpp"
#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "pipeline/pareto.hpp"

namespace spikeforge::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ExploreArgs {
  std::string config;
  std::string out;
  bool quick = false;
  std::vector<std::string> methods = {"admm", "bptt"};
  std::vector<std::string> encodings = {"rate", "latency"};
  std::vector<int> steps = {25};
  std::vector<double> budgets = {0.0};
  std::vector<double> cutoffs;  ///< Latency points only; empty = the base config's.
  std::string energy_set = "horowitz-45nm";
  double tolerance = 0.01;
};

struct Point {
  std::string id;
  std::string method, encoding;
  int steps = 0;
  double budget = 0.0;
  double cutoff = 0.0;  ///< The latency encoder's cutoff (latency points; rate points keep the base's).
  pipeline::run::RunConfig cfg;
};

std::string budget_text(double b) {
  std::ostringstream os;
  os << b;
  return os.str();
}

std::vector<Point> build_points(const ExploreArgs& a) {
  pipeline::run::RunConfig base;
  if (a.quick) base.make_quick();
  if (!a.config.empty()) pipeline::run::apply_file(base, a.config);
  std::vector<Point> points;
  for (const auto& m : a.methods)
    for (const auto& e : a.encodings)
      for (const int t : a.steps)
        for (const double b : a.budgets)
          for (const double c : (e == "latency" && !a.cutoffs.empty()) ? a.cutoffs : std::vector<double>{base.data.latency_cutoff}) {
          Point p;
          p.method = m, p.encoding = e, p.steps = t, p.budget = b, p.cutoff = c;
          p.id = m + "-" + e + "-T" + std::to_string(t) + "-b" + budget_text(b);
          if (e == "latency" && !a.cutoffs.empty()) p.id += "-c" + budget_text(c);  // ids of earlier sweeps stay valid
          p.cfg = base;
          p.cfg.data.latency_cutoff = c;
          p.cfg.data.encoding = e;
          p.cfg.data.steps = t;
          p.cfg.train.method = m;
          // The budget is a trainer option (train.spike_budget); 0 keeps the trainer's default (none).
          if (b != 0.0) pipeline::apply_train_json(p.cfg.train, json{{"spike_budget", b}});
          try {
            p.cfg.validate();
          } catch (const core::ConfigError& err) {
            throw core::ConfigError("explore: point " + p.id + ": " + err.what());
          }
          points.push_back(std::move(p));
        }
  return points;
}

/// The point's figures from its run report.
json figures(const Point& p, const json& r, const std::string& set) {
  json f = {{"id", p.id}, {"method", p.method}, {"encoding", p.encoding}, {"steps", p.steps}, {"spike_budget", p.budget},
            {"latency_cutoff", p.encoding == "latency" ? json(p.cutoff) : json(nullptr)}, {"status", "done"}, {"dir", "points/" + p.id}};
  const std::string primary = r.at("quantize").at("primary").get<std::string>();
  f["profile"] = primary;
  f["float_accuracy"] = r.at("eval").at("accuracy");
  f["fixed_accuracy"] = r.at("quantize").at("profiles").at(primary).at("fixed_accuracy");
  f["spike_exact"] = r.at("verify").at("spike_exact");
  f["verified_samples"] = r.at("verify").at("samples");
  f["cycles_per_inference"] = r.at("verify").at("cycles_per_sample");
  f["hidden_rate"] = nullptr;
  for (const auto& l : r.at("eval").at("firing_rates"))
    if (l.at("spiking").get<bool>()) {
      f["hidden_rate"] = l.at("mean");
      break;
    }
  bool found = false;
  for (const auto& e : r.at("energy").at("estimates")) {
    if (e.at("set") != set) continue;
    f["energy_j"] = e.at("energy_per_inference_j");
    f["ann_energy_j"] = e.at("ann_energy_per_inference_j");
    f["snn_over_ann"] = e.at("snn_over_ann");
    found = true;
  }
  if (!found) throw core::ConfigError("explore: --energy-set " + set + " is not among the run's energy estimates");
  f["seconds"] = r.at("seconds_total");
  return f;
}

json summarize(const ExploreArgs& a, const std::vector<json>& rows) {
  std::vector<pipeline::TradeoffPoint> tp;
  std::vector<std::string> ids;
  for (const auto& f : rows) {
    if (f.at("status") != "done" || !f.at("spike_exact").get<bool>()) continue;  // only verified points count
    tp.push_back({f.at("fixed_accuracy").get<double>(), f.at("energy_j").get<double>()});
    ids.push_back(f.at("id").get<std::string>());
  }
  json front = json::array();
  for (const auto i : pipeline::pareto_front(tp)) front.push_back(ids[i]);
  const auto pick = pipeline::pick_within(tp, a.tolerance);
  return {{"format", "spikeforge.explore/1"},
          {"energy_set", a.energy_set},
          {"tolerance", a.tolerance},
          {"points", rows},
          {"pareto_front", front},
          {"recommended", pick ? json(ids[*pick]) : json(nullptr)}};
}

void write_outputs(const fs::path& out, const json& e) {
  core::write_file_atomically(out / "explore.json", e.dump(2) + "\n");
  core::write_file_atomically(out / "explore.html", render_explore_html(e));
}

void run_explore(const ExploreArgs& a) {
  if (a.tolerance < 0.0 || a.tolerance > 1.0)
    throw core::ConfigError("explore: --tolerance = " + std::to_string(a.tolerance) + " must be in [0, 1]");
  const std::vector<Point> points = build_points(a);  // every config checked before any work
  const fs::path out = a.out;
  fs::create_directories(out / "points");
  std::vector<json> rows;
  for (const auto& p : points)
    rows.push_back({{"id", p.id}, {"method", p.method}, {"encoding", p.encoding}, {"steps", p.steps},
                    {"spike_budget", p.budget}, {"status", "pending"}});
  write_outputs(out, summarize(a, rows));
  const auto t0 = std::chrono::steady_clock::now();
  for (std::size_t k = 0; k < points.size(); ++k) {
    const Point& p = points[k];
    const fs::path dir = out / "points" / p.id;
    RunArgs ra;
    ra.out = dir.string();
    ra.resume = fs::exists(dir / "state.json");
    ra.print_summary = false;
    const double el = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    progress("explore", "point " + std::to_string(k + 1) + "/" + std::to_string(points.size()) + " " + p.id +
                            (ra.resume ? " (resuming)" : "") + "; elapsed " + std::to_string(static_cast<long>(el)) + " s" +
                            (k > 0 ? ", eta " + std::to_string(static_cast<long>(el / static_cast<double>(k) *
                                                                                 static_cast<double>(points.size() - k))) + " s"
                                   : ""));
    const json report = execute_run(ra, p.cfg);
    rows[k] = figures(p, report, a.energy_set);
    progress("explore", p.id + ": fixed accuracy " + std::to_string(rows[k]["fixed_accuracy"].get<double>()) + ", " +
                            budget_text(rows[k]["energy_j"].get<double>()) + " J per inference");
    write_outputs(out, summarize(a, rows));
  }
  const json e = summarize(a, rows);
  print_json({{"explore", (out / "explore.json").string()}, {"html", (out / "explore.html").string()},
              {"pareto_front", e["pareto_front"]}, {"recommended", e["recommended"]}});
}

}  // namespace

void add_explore_command(CLI::App& app) {
  auto a = std::make_shared<ExploreArgs>();
  CLI::App* cmd = app.add_subcommand(
      "explore", "Sweep trainer x encoding x T x spike budget through the whole pipeline; write the accuracy-energy Pareto front");
  cmd->add_option("--out", a->out, "Output directory (points/<id>/ runs, explore.json, explore.html)")->required();
  cmd->add_option("--config", a->config, "Base run config JSON (docs/run-config.md) every point starts from");
  cmd->add_flag("--quick", a->quick, "Tiny sizes on the synthetic dataset (seconds; for tests)");
  cmd->add_option("--methods", a->methods, "Trainers, comma-separated: admm, bptt")
      ->delimiter(',')->check(CLI::IsMember({"admm", "bptt"}))->capture_default_str();
  cmd->add_option("--encodings", a->encodings, "Encodings, comma-separated: rate, latency")
      ->delimiter(',')->check(CLI::IsMember({"rate", "latency"}))->capture_default_str();
  cmd->add_option("--steps", a->steps, "Time steps T, comma-separated (each > 0)")
      ->delimiter(',')->check(CLI::Range(1, 100000))->capture_default_str();
  cmd->add_option("--spike-budgets", a->budgets, "Spike-budget weights, comma-separated (each >= 0; 0 = none)")
      ->delimiter(',')->check(CLI::Range(0.0, 1e9))->capture_default_str();
  cmd->add_option("--latency-cutoffs", a->cutoffs,
                  "Latency encoder cutoffs, comma-separated, each in [0, 1): pixels at or below never spike (latency points only; "
                  "default: the base config's data.latency_cutoff)")
      ->delimiter(',');
  cmd->add_option("--energy-set", a->energy_set, "Energy constant set of the front (rtl_sim/energy/constants.json)")
      ->capture_default_str();
  cmd->add_option("--tolerance", a->tolerance, "Recommended point: lowest energy within this accuracy of the best")
      ->capture_default_str();
  cmd->callback([a] { run_explore(*a); });
}

}  // namespace spikeforge::cli

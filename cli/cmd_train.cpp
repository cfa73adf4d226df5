// `spikeforge train`: loads a dataset, trains with ADMM, BPTT or the readout baseline, writes
// net.json (exporter::write_network) and an optional report JSON (history, timings, settings,
// final train/val/test accuracy). Progress goes to stderr, one line per iteration.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/job.hpp"
#include "cli/output.hpp"
#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "export/network_json.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/history.hpp"
#include "trainer/progress.hpp"
#include "trainer/readout/readout.hpp"
#include "trainer/bptt/bptt.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::cli {
namespace {

using nlohmann::json;

/// Everything `spikeforge train` parses. Method-specific hyper-parameters are copied into the
/// trainer's own Settings struct, which validates them.
struct TrainOptions {
  std::string method = "admm";
  core::DatasetSpec data;
  std::string hidden_text;
  std::size_t train_samples = 0;   // 0 = whole split
  std::size_t val_samples = 0;     // taken from the train split after the training samples
  long long test_samples = -1;     // -1 = whole test split, 0 = skip the test evaluation
  std::string out;
  std::string report;
  std::string reset = "subtract";
  std::string variant = "improved";
  std::optional<std::string> init;
  int threads = 0;
  std::uint64_t seed = 1;
  // ADMM
  trainer::admm::Settings admm;
  std::optional<bool> refit, keep_best, adaptive_rho, aggregate;
  std::optional<int> reanchor_every, patience;
  std::optional<double> beta_growth, beta_max, agg_decay, refit_gamma, init_rate, gamma;
  std::string checkpoint;
  int checkpoint_every = 0;
  bool resume = false;
  int stop_after_iter = 0;  // hidden test hook: _Exit right after this iteration (and its checkpoint)
  // readout
  double readout_rate = 0.1;
  // BPTT
  int epochs = 3;
  int batch_size = 128;
  float lr = 1e-3F;
  std::string lr_schedule = "constant";
  std::string loss = "ce";
  float surrogate_slope = trainer::BpttSettings{}.surrogate_slope;
  float spike_budget = 0.0F;
  std::optional<bool> detach_reset;
  float weight_init = 1.0F;
  int report_every_batches = 50;
};

/// The trained network plus whatever the method wants in the report.
struct Outcome {
  core::FloatNetwork net;
  trainer::History history;
  json extra = json::object();
};

std::vector<int> parse_hidden(const std::string& text) {
  std::vector<int> sizes;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    try {
      std::size_t used = 0;
      const int v = std::stoi(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
      sizes.push_back(v);
    } catch (const std::exception&) {
      throw core::ConfigError("train: --hidden = '" + text + "': '" + item + "' is not an integer");
    }
  }
  if (sizes.empty()) throw core::ConfigError("train: --hidden = '" + text + "' must list at least one layer size");
  return sizes;
}

std::string format_seconds(double s) {
  char buf[32];
  const long t = static_cast<long>(s + 0.5);
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  return buf;
}

trainer::ProgressFn make_progress(int stop_after_iter) {
  return [stop_after_iter](const trainer::TrainProgress& p) {
    std::ostringstream os;
    os << p.method << " " << p.iteration << "/" << p.total;
    // The headline metrics first, in a fixed order, then the rest (sorted by name).
    static const char* kFirst[] = {"lagrangian", "loss", "primal_res", "train_acc", "val_acc"};
    for (const char* k : kFirst)
      if (auto it = p.metrics.find(k); it != p.metrics.end()) os << "  " << k << "=" << it->second;
    for (const auto& [k, v] : p.metrics) {
      bool first = false;
      for (const char* f : kFirst) first = first || k == f;
      if (!first && k.rfind("time_", 0) != 0) os << "  " << k << "=" << v;
    }
    os << "  elapsed " << format_seconds(p.seconds) << "  eta " << format_seconds(p.eta_seconds);
    progress("train", os.str());
    if (stop_after_iter > 0 && p.iteration == stop_after_iter) {
      std::cerr << std::flush;
      std::_Exit(75);  // simulates a crash right after this iteration (its checkpoint is on disk)
    }
  };
}

Outcome run_admm(const TrainOptions& o, const core::SpikeBatch& train, const core::SpikeBatch* val,
                 const trainer::SampleShard& shard) {
  // The variant's preset, then every option the CLI holds (the presets differ only in fields
  // the CLI keeps optional below).
  trainer::admm::Settings s = trainer::admm::Settings::preset(trainer::admm::parse_variant(o.variant));
  const trainer::admm::Settings& c = o.admm;
  s.leak = c.leak;
  s.threshold = c.threshold;
  s.iterations = c.iterations;
  s.rho = c.rho;
  s.beta = c.beta;
  s.beta_max = c.beta;
  s.warmup = c.warmup;
  s.agg_mu = c.agg_mu;
  s.agg_nu = c.agg_nu;
  s.agg_gauss_seidel = c.agg_gauss_seidel;
  s.agg_kappa = c.agg_kappa;
  s.val_every = c.val_every;
  s.train_acc_every = c.train_acc_every;
  if (o.gamma) s.gamma = *o.gamma;
  s.hidden = parse_hidden(o.hidden_text);
  s.reset = core::parse_reset_mode(o.reset, "--reset");
  s.seed = o.seed;
  s.threads = o.threads;
  if (o.init) s.init = trainer::admm::parse_init(*o.init);
  if (o.refit) s.refit_output = *o.refit;
  if (o.keep_best) s.keep_best = *o.keep_best;
  if (o.adaptive_rho) s.adaptive_rho = *o.adaptive_rho;
  if (o.reanchor_every) s.reanchor_every = *o.reanchor_every;
  if (o.patience) s.patience = *o.patience;
  if (o.beta_growth) s.beta_growth = *o.beta_growth;
  if (o.beta_max) s.beta_max = *o.beta_max;
  if (o.aggregate) s.aggregate = *o.aggregate;
  if (o.agg_decay) s.agg_decay = *o.agg_decay;
  if (o.refit_gamma) s.refit_gamma = *o.refit_gamma;
  if (o.init_rate) s.init_rate = *o.init_rate;
  s.validate();
  const auto bytes = trainer::admm::state_bytes(s, train.size(), train.steps(), train.inputs(), train.classes());
  progress("train", "admm state: " + std::to_string(bytes / (1024 * 1024)) + " MiB for " +
                        std::to_string(train.size()) + " samples" +
                        (job_reducer().size() > 1 ? " (rank 0's shard)" : ""));
  trainer::admm::CheckpointOptions cp;
  cp.path = o.checkpoint;
  cp.every = o.checkpoint_every;
  cp.resume = o.resume;
  auto r = trainer::admm::train(s, train, val, make_progress(o.stop_after_iter), cp, job_reducer(), shard);
  Outcome out;
  out.net = std::move(r.net);
  out.history = std::move(r.history);
  json blocks = json::object();
  for (const auto& [k, v] : r.block_seconds) blocks[k] = v;
  out.extra = {{"variant", trainer::admm::to_string(s.variant)},
               {"iterations_run", r.iterations_run},
               {"early_stopped", r.early_stopped},
               {"best_iteration", r.best_iteration},
               {"state_bytes", r.state_bytes},
               {"block_seconds", blocks},
               {"settings",
                {{"rho", s.rho}, {"beta", s.beta}, {"warmup", s.warmup}, {"gamma", s.gamma},
                 {"leak", s.leak}, {"threshold", s.threshold}, {"iterations", s.iterations},
                 {"refit_output", s.refit_output}, {"refit_gamma", s.refit_gamma},
                 {"reanchor_every", s.reanchor_every}, {"beta_growth", s.beta_growth}, {"beta_max", s.beta_max},
                 {"adaptive_rho", s.adaptive_rho}, {"keep_best", s.keep_best}, {"patience", s.patience},
                 {"init", trainer::admm::to_string(s.init)}, {"init_rate", s.init_rate}, {"val_every", s.val_every},
                 {"aggregate", s.aggregate}, {"agg_mu", s.agg_mu}, {"agg_nu", s.agg_nu}, {"agg_decay", s.agg_decay}, {"agg_gauss_seidel", s.agg_gauss_seidel}, {"agg_kappa", s.agg_kappa}}}};
  return out;
}

Outcome run_readout(const TrainOptions& o, const core::SpikeBatch& train, const trainer::SampleShard& shard) {
  trainer::readout::Settings s;
  s.hidden = parse_hidden(o.hidden_text);
  s.leak = o.admm.leak;
  s.threshold = o.admm.threshold;
  s.reset = core::parse_reset_mode(o.reset, "--reset");
  s.gamma = o.gamma ? *o.gamma : 1e-3;
  s.target_rate = o.readout_rate;
  s.seed = o.seed;
  s.threads = o.threads;
  s.validate();
  auto r = trainer::readout::train(s, train, make_progress(0), job_reducer(), shard);
  Outcome out;
  out.net = std::move(r.net);
  out.history = std::move(r.history);
  out.extra = {{"layer_scales", r.layer_scales},
               {"settings", {{"gamma", s.gamma}, {"target_rate", s.target_rate}, {"leak", s.leak}, {"threshold", s.threshold}}}};
  return out;
}

// ==== BPTT branch (owned by agent-bptt) ==========================================================
// Validation every epoch; --checkpoint without --checkpoint-every writes after every epoch.
Outcome run_bptt(const TrainOptions& o, const core::SpikeBatch& train, const core::SpikeBatch* val) {
  trainer::BpttSettings s;
  s.hidden = parse_hidden(o.hidden_text);
  s.leak = static_cast<float>(o.admm.leak);
  s.v_thresh = static_cast<float>(o.admm.threshold);
  s.reset = core::parse_reset_mode(o.reset, "--reset");
  s.epochs = o.epochs;
  s.batch_size = o.batch_size;
  s.lr = o.lr;
  s.lr_schedule = o.lr_schedule;
  s.loss = o.loss;
  s.surrogate_slope = o.surrogate_slope;
  s.spike_budget = o.spike_budget;
  if (o.detach_reset) s.detach_reset = *o.detach_reset;
  s.weight_init = o.weight_init;
  s.seed = o.seed;
  s.threads = o.threads;
  s.report_every_batches = o.report_every_batches;
  s.val_every = 1;
  s.validate();
  trainer::BpttCheckpointOptions cp;
  cp.path = o.checkpoint;
  cp.every = o.checkpoint.empty() ? 0 : (o.checkpoint_every > 0 ? o.checkpoint_every : 1);
  cp.resume = o.resume;
  auto r = trainer::train_bptt(s, train, val, make_progress(o.stop_after_iter), cp);
  Outcome out;
  out.net = std::move(r.net);
  out.history = std::move(r.history);
  out.extra = {{"epochs_run", r.epochs_run},
               {"settings",
                {{"epochs", s.epochs}, {"batch_size", s.batch_size}, {"lr", s.lr}, {"lr_schedule", s.lr_schedule}, {"adam_beta1", s.adam_beta1},
                 {"adam_beta2", s.adam_beta2}, {"adam_eps", s.adam_eps}, {"loss", s.loss},
                 {"surrogate", "fast_sigmoid"}, {"surrogate_slope", s.surrogate_slope},
                 {"detach_reset", s.detach_reset}, {"train_bias", s.train_bias}, {"weight_init", s.weight_init},
                 {"spike_budget", s.spike_budget}, {"leak", s.leak}, {"threshold", s.v_thresh}}},
               {"hidden_rates", r.hidden_rates}};
  return out;
}
// ================================================================================================

/// Accuracy over every rank's part of the data (-1 if there is none: every rank or none).
double evaluate(const core::FloatNetwork& net, const core::SpikeBatch& data) {
  if (data.empty()) return -1.0;
  const auto sim = core::simulate(net, data);
  return trainer::sharded_accuracy(sim.predictions, data.labels(), job_reducer());
}

/// The global sample counts of a sharded run (what a single process would load).
struct GlobalCounts {
  std::size_t train = 0, val = 0, test = 0;
};

/// Under MPI (K > 1): the global counts from the dataset's sizes and the options.
GlobalCounts global_counts(const TrainOptions& o, const core::DatasetSpec& spec) {
  const core::DatasetInfo info = core::describe_dataset(spec.name, spec.data_dir);
  GlobalCounts g;
  g.train = o.train_samples > 0 ? std::min(o.train_samples, info.train) : info.train;
  if (o.val_samples > 0) g.val = std::min(o.val_samples, info.train - std::min(info.train, g.train));
  if (o.test_samples != 0) g.test = o.test_samples < 0 ? info.test : std::min(static_cast<std::size_t>(o.test_samples), info.test);
  return g;
}

void run_train(const TrainOptions& o) {
  if (o.method != "admm" && o.method != "bptt" && o.method != "readout")
    throw core::ConfigError("train: --method = '" + o.method + "' must be admm, bptt or readout");
  (void)parse_hidden(o.hidden_text);  // fail on a bad --hidden before loading data
  const auto t0 = std::chrono::steady_clock::now();

  core::DatasetSpec spec = o.data;
  spec.seed = o.seed;
  spec.split = "train";
  spec.offset = 0;
  spec.max_samples = o.train_samples;
  // Under MPI every rank loads only its block of each set (cli/job.hpp); one process loads all.
  const int ranks = job_reducer().size();
  if (ranks > 1 && o.method == "bptt")
    throw core::ConfigError("train: --method bptt does not run sharded; use admm or readout under mpirun");
  GlobalCounts global;
  trainer::SampleShard train_shard;
  if (ranks > 1) {
    global = global_counts(o, spec);
    train_shard = job_shard(global.train, "train: --train-samples");
    spec.offset = train_shard.first;
    spec.max_samples = train_shard.count;
  }
  const core::SpikeBatch train = core::load_spikes(spec);
  if (train.empty()) throw core::ConfigError("train: --train-samples gave an empty training set");
  if (ranks == 1) global.train = train.size();
  core::SpikeBatch val;
  if (o.val_samples > 0) {
    core::DatasetSpec vs = spec;
    vs.offset = global.train;
    vs.max_samples = o.val_samples;
    if (ranks > 1) {
      const trainer::SampleShard sh = job_shard(global.val, "train: --val-samples");
      vs.offset += sh.first;
      vs.max_samples = sh.count;
    }
    val = core::load_spikes(vs);
    if (ranks == 1) global.val = val.size();
  }
  core::SpikeBatch test;
  if (o.test_samples != 0) {
    core::DatasetSpec ts = spec;
    ts.split = "test";
    ts.offset = 0;
    ts.max_samples = o.test_samples < 0 ? 0 : static_cast<std::size_t>(o.test_samples);
    if (ranks > 1) {
      const trainer::SampleShard sh = job_shard(global.test, "train: --test-samples");
      ts.offset = sh.first;
      ts.max_samples = sh.count;
    }
    test = core::load_spikes(ts);
    if (ranks == 1) global.test = test.size();
  }
  progress("train", "data: " + std::to_string(global.train) + " train, " + std::to_string(global.val) + " val, " +
                        std::to_string(global.test) + " test samples; T = " + std::to_string(train.steps()) +
                        ", inputs = " + std::to_string(train.inputs()) +
                        (ranks > 1 ? "; " + std::to_string(ranks) + " ranks, rank 0 holds " +
                                         std::to_string(train.size()) + " train samples"
                                   : ""));
  const auto t_loaded = std::chrono::steady_clock::now();

  Outcome out;
  const core::SpikeBatch* valp = val.empty() ? nullptr : &val;
  if (o.method == "admm") out = run_admm(o, train, valp, train_shard);
  else if (o.method == "readout") out = run_readout(o, train, train_shard);
  else out = run_bptt(o, train, valp);
  const auto t_trained = std::chrono::steady_clock::now();

  const double train_acc = evaluate(out.net, train);
  const double val_acc = evaluate(out.net, val);
  const double test_acc = evaluate(out.net, test);
  const double train_s = std::chrono::duration<double>(t_trained - t_loaded).count();
  const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

  out.net.encoding.dataset = spec.name;
  out.net.encoding.encoding = spec.encoding;
  out.net.encoding.steps = train.steps();
  out.net.encoding.seed = o.seed;
  out.net.encoding.bin_us = spec.bin_us;
  json meta = {{"method", o.method}, {"hidden", parse_hidden(o.hidden_text)}, {"train_samples", global.train},
               {"train_acc", train_acc}};  // no timings: same seed -> byte-identical net.json
  if (val_acc >= 0) meta["val_acc"] = val_acc;
  if (test_acc >= 0) meta["test_acc"] = test_acc;
  if (out.extra.contains("settings")) meta["settings"] = out.extra["settings"];
  if (out.extra.contains("variant")) meta["variant"] = out.extra["variant"];
  out.net.metadata_json = meta.dump();
  if (is_root()) exporter::write_network(o.out, out.net);  // under MPI every rank holds the same network

  json report = {{"command", "train"}, {"method", o.method}, {"dataset", spec.name}, {"encoding", spec.encoding},
                 {"steps", train.steps()}, {"seed", o.seed}, {"hidden", parse_hidden(o.hidden_text)},
                 {"train_samples", global.train}, {"val_samples", global.val}, {"test_samples", global.test},
                 {"train_acc", train_acc}, {"seconds_load", std::chrono::duration<double>(t_loaded - t0).count()},
                 {"seconds_train", train_s}, {"seconds_total", total_s}, {"history", history_to_json(out.history)},
                 {"out", o.out}};
  report["val_acc"] = val_acc >= 0 ? json(val_acc) : json(nullptr);
  report["test_acc"] = test_acc >= 0 ? json(test_acc) : json(nullptr);
  for (const auto& [k, v] : out.extra.items()) report[k] = v;
  // Sharded runs: what crossed between the ranks. Bytes are the sums' payload sent by this rank
  // (rank 0); per iteration they depend on the layer sizes only, not on the number of samples.
  double iter_bytes = 0.0;
  for (const auto& r : out.history)
    if (auto it = r.metrics.find("comm_bytes"); it != r.metrics.end()) iter_bytes = std::max(iter_bytes, it->second);
  report["distributed"] = {{"ranks", ranks},
                           {"train_samples_per_rank", per_rank(static_cast<double>(train.size()))},
                           {"comm_bytes_total", job_reducer().bytes_sent()},
                           {"comm_bytes_per_iteration", iter_bytes},
                           {"peak_rss_bytes_per_rank", per_rank(peak_rss_bytes())},
                           {"cpu_seconds_per_rank", per_rank(cpu_seconds())}};
  write_json_report(o.report, report);
  std::ostringstream os;
  os << "done: train_acc=" << train_acc;
  if (val_acc >= 0) os << " val_acc=" << val_acc;
  if (test_acc >= 0) os << " test_acc=" << test_acc;
  os << " in " << format_seconds(train_s) << " -> " << o.out;
  progress("train", os.str());
}

}  // namespace

void register_train(CLI::App& app) {
  auto opts = std::make_shared<TrainOptions>();
  auto* cmd = app.add_subcommand("train", "Train a spiking network (ADMM, BPTT or the ridge-readout baseline)");
  auto& o = *opts;
  cmd->add_option("--method", o.method, "admm | bptt | readout")->default_str("admm");
  cmd->add_option("--dataset", o.data.name, "fashion-mnist | nmnist | shd | synthetic")->required();
  cmd->add_option("--data-dir", o.data.data_dir, "Dataset directory (default: the installed location)");
  cmd->add_option("--encoding", o.data.encoding, "rate | latency (image datasets)")->default_str("rate");
  cmd->add_option("--steps", o.data.steps, "Time steps T")->default_str("25");
  cmd->add_option("--bin-us", o.data.bin_us, "Event binning width [us] (event datasets)");
  cmd->add_option("--hidden", o.hidden_text, "Hidden layer sizes, comma-separated (e.g. 256 or 256,128)")->required();
  cmd->add_option("--train-samples", o.train_samples, "Training samples (0 = whole split)");
  cmd->add_option("--val-samples", o.val_samples, "Validation samples taken from the train split after the training samples");
  cmd->add_option("--test-samples", o.test_samples, "Test samples (-1 = whole test split, 0 = skip)");
  cmd->add_option("--seed", o.seed, "Seed of init, orders and encoding");
  cmd->add_option("--out", o.out, "Output network (net.json)")->required();
  cmd->add_option("--report", o.report, "Report JSON (history, timings, settings, accuracies)");
  cmd->add_option("--threads", o.threads, "Threads (0 = default)");
  cmd->add_option("--leak", o.admm.leak, "Membrane leak delta in (0, 1]")->default_str("0.95");
  cmd->add_option("--threshold", o.admm.threshold, "Threshold theta > 0")->default_str("1");
  cmd->add_option("--reset", o.reset, "subtract | zero")->default_str("subtract");
  // ADMM
  cmd->add_option("--iters", o.admm.iterations, "ADMM iterations")->capture_default_str();
  cmd->add_option("--rho", o.admm.rho, "ADMM penalty rho > 0")->default_str("1");
  cmd->add_option("--beta", o.admm.beta, "ADMM spike-consistency weight beta >= 0")->default_str("0.1");
  cmd->add_option("--warmup", o.admm.warmup, "ADMM iterations before dual updates")->default_str("0");
  cmd->add_option("--gamma", o.gamma, "Ridge gamma (ADMM W updates; readout: relative ridge, default 1e-3)");
  cmd->add_option("--variant", o.variant, "ADMM variant: paper | improved")->default_str("improved");
  cmd->add_option("--init", o.init, "ADMM hidden-weight init: zero (paper) | random (improved default)");
  cmd->add_option("--refit", o.refit, "ADMM lever 1: refit the readout on real spikes (true/false)");
  cmd->add_option("--reanchor-every", o.reanchor_every, "ADMM lever 2: anchor z, a to the hard forward pass every k iterations (0 = off)");
  cmd->add_option("--beta-growth", o.beta_growth, "ADMM lever 3: beta continuation factor per iteration (>= 1)");
  cmd->add_option("--beta-max", o.beta_max, "ADMM lever 3: cap of the beta continuation");
  cmd->add_option("--adaptive-rho", o.adaptive_rho, "ADMM lever 4: residual balancing of rho (true/false)");
  cmd->add_option("--keep-best", o.keep_best, "ADMM lever 5: return the best network on validation (true/false)");
  cmd->add_option("--patience", o.patience, "ADMM lever 6: early stop after k validations without improvement (0 = off)");
  cmd->add_option("--aggregate", o.aggregate,
                  "ADMM lever 8: aggregate-identity blocks for the hidden layers (true/false; improved default: true)");
  cmd->add_option("--agg-mu", o.admm.agg_mu, "ADMM lever 8: A-block proximal weight (relative to tr(W'W)/min(rows, cols) of the layer above)")->capture_default_str();
  cmd->add_option("--agg-nu", o.admm.agg_nu, "ADMM lever 8: W-block proximal ridge (relative to the Gram diagonal)")->capture_default_str();
  cmd->add_option("--agg-decay", o.agg_decay, "ADMM lever 8: W-block weight decay (relative to the Gram diagonal; improved default 0.01)");
  cmd->add_option("--refit-gamma", o.refit_gamma, "ADMM lever 1: ridge of the readout refit (relative; improved default 0.01)");
  cmd->add_option("--agg-gauss-seidel", o.admm.agg_gauss_seidel,
                  "ADMM lever 8, several hidden layers: bottom-up sweep with a forward pass per layer (true) or Jacobi (false)")
      ->default_str("false");
  cmd->add_option("--agg-kappa", o.admm.agg_kappa, "ADMM lever 8: R-block weight of the potential change (smaller: larger target steps)")->capture_default_str();
  cmd->add_option("--init-rate", o.init_rate, "ADMM random init: target hidden firing rate [spikes/step] (improved default 0.2, else 0.1)");
  cmd->add_option("--val-every", o.admm.val_every, "Validation accuracy every k iterations")->default_str("5");
  cmd->add_option("--train-acc-every", o.admm.train_acc_every, "Train accuracy every k iterations")->default_str("1");
  cmd->add_option("--checkpoint", o.checkpoint, "Checkpoint file (ADMM)");
  cmd->add_option("--checkpoint-every", o.checkpoint_every, "Write the checkpoint every k iterations");
  cmd->add_flag("--resume", o.resume, "Resume from --checkpoint");
  cmd->add_option("--stop-after-iter", o.stop_after_iter, "Testing: exit abruptly after this iteration")->group("");
  // readout
  cmd->add_option("--readout-rate", o.readout_rate, "Readout baseline: target hidden firing rate [spikes/step]")->default_str("0.1");
  // BPTT
  cmd->add_option("--epochs", o.epochs, "BPTT epochs")->default_str("3");
  cmd->add_option("--batch-size", o.batch_size, "BPTT mini-batch size")->default_str("128");
  cmd->add_option("--lr", o.lr, "BPTT Adam learning rate")->default_str("0.001");
  cmd->add_option("--lr-schedule", o.lr_schedule, "BPTT learning-rate schedule over epochs: constant | cosine")->default_str("constant");
  cmd->add_option("--loss", o.loss, "BPTT loss on v_{L,T}: ce (softmax cross-entropy) | mse (vs one-hot)")->default_str("ce");
  cmd->add_option("--surrogate-slope", o.surrogate_slope, "BPTT fast-sigmoid slope k: ds/dv = 1/(k|v-theta|+1)^2")
      ->default_val(o.surrogate_slope);
  cmd->add_option("--spike-budget", o.spike_budget,
                  "BPTT spike budget lambda >= 0: loss += lambda x mean hidden firing rate [spikes/neuron/step]")
      ->default_val(o.spike_budget);
  cmd->add_option("--detach-reset", o.detach_reset, "BPTT: cut the reset from the gradient like snnTorch (true/false)");
  cmd->add_option("--weight-init", o.weight_init, "BPTT init gain g: W ~ U(-g/sqrt(fan_in), g/sqrt(fan_in))")->default_str("1");
  cmd->add_option("--report-every-batches", o.report_every_batches, "BPTT progress line every k batches (0 = per epoch)")->default_str("50");
  cmd->callback([opts] {
    if (opts->resume && opts->checkpoint.empty()) throw core::ConfigError("train: --resume needs --checkpoint FILE");
    if (!(opts->spike_budget >= 0.0F)) {
      throw core::ConfigError("train: --spike-budget = " + std::to_string(opts->spike_budget) + " must be >= 0");
    }
    if (opts->checkpoint_every < 0) throw core::ConfigError("train: --checkpoint-every = " + std::to_string(opts->checkpoint_every) + " must be >= 0");
    run_train(*opts);
  });
}

}  // namespace spikeforge::cli

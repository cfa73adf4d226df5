// The ADMM training loop (trainer/admm/admm.hpp): block order, levers, monitoring, checkpoints.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <sstream>

#include <omp.h>

#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/admm/aggregate/loop.hpp"
#include "trainer/admm/anchor.hpp"
#include "trainer/admm/blocks.hpp"
#include "trainer/admm/keep_best.hpp"
#include "trainer/admm/levers.hpp"
#include "trainer/admm/loop_driver.hpp"
#include "trainer/admm/monitor.hpp"
#include "trainer/admm/rank_checkpoint.hpp"
#include "trainer/checkpoint.hpp"
#include "trainer/readout/readout.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::trainer::admm {
namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }


/// One ADMM iteration over every block (docs/admm.md order). Adds wall time per block to `times`.
/// Returns the dual residual (RMS change of the output layer's input current, times ρ).
double iterate(const Settings& s, const Problem& p, State& st, std::map<std::string, double>& times) {
  const std::size_t H = st.hidden_layers();
  const int T = p.steps();
  std::vector<std::size_t> layers(H);
  std::iota(layers.begin(), layers.end(), 0);
  std::shuffle(layers.begin(), layers.end(), st.rng);
  std::vector<int> steps(static_cast<std::size_t>(std::max(T - 1, 0)));
  for (const std::size_t l : layers) {
    auto t0 = Clock::now();
    update_hidden_weights(s, p, st, l);
    times["w"] += since(t0);
    t0 = Clock::now();
    const SpikeSolver solver = make_spike_solver(p, st, l);
    times["a"] += since(t0);
    std::iota(steps.begin(), steps.end(), 0);
    std::shuffle(steps.begin(), steps.end(), st.rng);
    steps.push_back(T - 1);
    for (const int t : steps) {
      t0 = Clock::now();
      update_spikes(p, st, l, t, solver);
      times["a"] += since(t0);
      t0 = Clock::now();
      update_hidden_potentials(s, p, st, l, t);
      times["z"] += since(t0);
    }
    steps.pop_back();
  }
  auto t0 = Clock::now();
  if (st.u_dirty[H]) compute_input_current(p, st, H);  // (W_H update recomputes it anyway)
  const double du = update_output_weights(s, p, st);
  times["w_out"] += since(t0);
  t0 = Clock::now();
  std::iota(steps.begin(), steps.end(), 0);
  std::shuffle(steps.begin(), steps.end(), st.rng);
  steps.push_back(T - 1);
  for (const int t : steps) update_output_potentials(p, st, t);
  if (st.iteration >= s.warmup) update_dual(p, st);
  times["z_out"] += since(t0);
  return st.rho * du;
}

/// The network to evaluate/export now: hidden weights of the state, output layer refit by ridge
/// on the real spikes (lever 1) or ADMM's W_L. Also returns the train accuracy (hard forward sim).
struct Evaluated {
  std::vector<core::Layer> layers;
  double train_acc = 0.0;
};

Evaluated evaluate_current(const Settings& s, const Problem& p, const State& st) {
  core::FloatNetwork net = network_of(s, st.grid.active() ? st.grid.v : st.w);  // fine-tuning: on the grid
  std::vector<core::Layer> hidden(net.layers.begin(), net.layers.end() - 1);
  const Eigen::MatrixXf f = readout::discounted_features(hidden, *p.x, s.leak);
  core::Layer out = s.refit_output ? readout::fit_output_on_features(f, p.x->labels(), p.x->classes(), p.steps(),
                                                                       s.leak, s.refit_gamma, p.reduce())
                                   : net.layers.back();
  if (st.grid.active()) st.grid.projection.project(hidden.size(), out.weights, out.bias);
  Evaluated e;
  e.train_acc = sharded_accuracy(readout::predict_from_features(out, f, p.steps()), p.x->labels(), p.reduce());
  e.layers = std::move(hidden);
  e.layers.push_back(std::move(out));
  return e;
}

/// Reads this rank's checkpoint (rank_checkpoint.hpp checks the ranks and the shard).
State resume_state(const Settings& s, const Problem& p, const std::filesystem::path& path) {
  const Reducer& red = p.reduce();
  const Checkpoint cp = read_rank_checkpoint(path, red, p.shard);
  State st = load_state(s, p, cp);
  check_same_iteration(st.iteration, rank_checkpoint_path(path, red.rank(), red.size()), red);
  return st;
}

void check_inputs(const Settings& s, const core::SpikeBatch& train, const core::SpikeBatch* val) {
  s.validate();
  if (train.empty()) throw core::ConfigError("admm: the training set is empty");
  if (train.classes() < 1) throw core::ConfigError("admm: the training set has no classes");
  if (val && (val->inputs() != train.inputs() || val->steps() != train.steps()))
    throw core::ConfigError("admm: validation data (" + std::to_string(val->inputs()) + " inputs, T = " +
                            std::to_string(val->steps()) + ") does not match the training data (" +
                            std::to_string(train.inputs()) + " inputs, T = " + std::to_string(train.steps()) + ")");
  const std::size_t need = state_bytes(s, train.size(), train.steps(), train.inputs(), train.classes());
  const std::size_t avail = available_memory_bytes();
  if (avail > 0 && need > avail)
    throw core::ConfigError("admm: the training state needs " + std::to_string(need >> 20) + " MiB but only " +
                            std::to_string(avail >> 20) + " MiB are available; reduce --train-samples (now " +
                            std::to_string(train.size()) + ")");
}

}  // namespace

std::size_t state_bytes(const Settings& s, std::size_t samples, int steps, int inputs, int classes) {
  if (s.aggregate) {  // x̃, and per hidden layer f, r, a*, r* (n_l × N each); the input Gram and its inverse
    std::size_t per_sample = static_cast<std::size_t>(inputs) + static_cast<std::size_t>(classes);
    for (const int n : s.hidden) per_sample += 4 * static_cast<std::size_t>(n);
    const auto g = static_cast<std::size_t>(inputs + 1);
    return samples * per_sample * sizeof(float) + 2 * g * g * sizeof(double);
  }
  std::size_t per_cell = 0;
  std::size_t weights = 0;
  int prev = inputs;
  for (const int n : s.hidden) {
    per_cell += 3 * static_cast<std::size_t>(n);  // z, a, u
    weights += static_cast<std::size_t>(n) * static_cast<std::size_t>(prev + n);
    prev = n;
  }
  per_cell += 3 * static_cast<std::size_t>(classes);  // z, u, and the copy of u during the W_L update
  weights += static_cast<std::size_t>(classes) * static_cast<std::size_t>(prev);
  const std::size_t gram = static_cast<std::size_t>(inputs) * static_cast<std::size_t>(inputs) * 3 * sizeof(double);
  return samples * static_cast<std::size_t>(steps) * per_cell * sizeof(float) +
         samples * static_cast<std::size_t>(classes) * 2 * sizeof(float) + weights * sizeof(float) + gram;
}

core::FloatNetwork shape_network(const Settings& s, int inputs, int classes) {
  std::vector<Matrix> zero;
  int prev = inputs;
  for (const int n : s.hidden) {
    zero.push_back(Matrix::Zero(n, prev));
    prev = n;
  }
  zero.push_back(Matrix::Zero(classes, prev));
  return network_of(s, zero);
}

std::string method_name(const Settings& s, const FineTune& finetune) {
  const bool grid = finetune.projection.enabled();
  if (s.aggregate && finetune.start == nullptr)
    return grid ? "admm-aggregate + grid splitting (scaled-dual ADMM on W = V)" : "admm-aggregate (penalty block-coordinate)";
  return grid ? "admm-per-step + grid projection block (scaled-dual ADMM on W = V)"
              : "admm-per-step (paper blocks, dual on the output constraint)";
}

std::size_t available_memory_bytes() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  std::size_t value = 0;
  std::string unit;
  while (in >> key >> value >> unit)
    if (key == "MemAvailable:") return value * 1024;
  return 0;
}

Result train(const Settings& s, const core::SpikeBatch& train, const core::SpikeBatch* val, const ProgressFn& progress,
             const CheckpointOptions& checkpoint, const Reducer& reducer, SampleShard shard, const FineTune& finetune) {
  check_inputs(s, train, val);
  if (finetune.start) check_start(s, *finetune.start, train);
  if (finetune.active() && !checkpoint.path.empty()) throw core::ConfigError("admm: checkpoints are not supported while fine-tuning");
  if (s.threads > 0) {
    omp_set_num_threads(s.threads);
    Eigen::setNbThreads(s.threads);
  }
  if (s.aggregate && finetune.start == nullptr) {
    Result r = train_aggregate(s, train, val, progress, checkpoint, reducer, shard, finetune.projection);
    r.method = method_name(s, finetune);
    return r;
  }
  const auto t_start = Clock::now();
  Result result;
  result.method = method_name(s, finetune);
  result.state_bytes = state_bytes(s, train.size(), train.steps(), train.inputs(), train.classes());
  auto t0 = Clock::now();
  const Problem p = make_problem(s, train, reducer, shard);
  result.block_seconds["setup_gram"] = since(t0);

  State st;
  const bool resumed = checkpoint.resume;
  t0 = Clock::now();
  if (resumed) {
    st = resume_state(s, p, checkpoint.path);
  } else {
    st = init_state(s, p);
    if (finetune.start) {
      start_from(s, p, st, *finetune.start);
    } else if (s.init == Init::random) {
      auto hidden = readout::random_hidden_layers(s.hidden, train.inputs(), s.leak, s.threshold, s.reset, s.init_rate,
                                                  s.seed, train, nullptr, reducer, p.shard.first);
      for (std::size_t l = 0; l < hidden.size(); ++l) st.w[l] = hidden[l].weights;
      anchor_to_forward(s, p, st);
    }
  }
  if (finetune.projection.enabled()) init_grid(s, p, st, finetune.projection);
  result.block_seconds["setup_init"] = since(t0);
  const double seconds_before = st.seconds;

  // Keep-best score: validation accuracy if there is a validation set, else train accuracy.
  auto consider = [&](const Evaluated& e, double val_acc) { st.best.consider(val ? val_acc : e.train_acc, st.iteration, e.layers); };

  auto record = [&](std::map<std::string, double> metrics, std::map<std::string, double>& times, bool eval_train,
                    bool eval_val) -> double {
    auto tm = Clock::now();
    refresh_input_currents(p, st);
    auto r = residual_metrics(s, p, st);
    metrics.insert(r.begin(), r.end());
    metrics["rho"] = st.rho;
    if (st.grid.active()) metrics["grid_res"] = grid_residual(st);  // fine-tuning: ||W − V|| / ||W||
    metrics["beta"] = st.beta;
    double val_acc = -1.0;
    if (eval_train || eval_val) {
      const Evaluated e = evaluate_current(s, p, st);
      metrics["train_acc"] = e.train_acc;
      if (eval_val && val) {
        val_acc = accuracy_of(e.layers, *val, reducer);
        metrics["val_acc"] = val_acc;
      }
      if (eval_val && (s.keep_best || s.patience > 0)) consider(e, val_acc);
    }
    times["monitor"] += since(tm);
    for (const auto& [k, v] : times) metrics["time_" + k + "_s"] = v;
    st.seconds = seconds_before + since(t_start);
    st.history.push_back(HistoryRecord{st.iteration, st.seconds, metrics});
    return val_acc;
  };

  if (!resumed) {
    std::map<std::string, double> times;
    record({}, times, true, true);
  }

  std::map<std::string, double> times;  // this iteration's block seconds
  double dual_res = 0.0;
  LoopParts parts;
  parts.iterate = [&]() -> std::map<std::string, double> {
    times.clear();
    dual_res = iterate(s, p, st, times);
    const int done = st.iteration + 1;  // the driver counts this iteration after iterate()
    continue_beta(s, st);
    grow_grid(s, st);  // fine-tuning: ρ_q continuation (no-op when off)
    if (reanchor_due(s, done)) {  // lever 2: re-anchor to the hard forward pass
      auto ta = Clock::now();
      anchor_to_forward(s, p, st);
      times["anchor"] += since(ta);
    }
    return {{"dual_res", dual_res}};
  };
  parts.record = [&](std::map<std::string, double> extra, bool eval_val) {
    const bool eval_train = eval_val || st.iteration % s.train_acc_every == 0;
    record(std::move(extra), times, eval_train, eval_val);
  };
  parts.after_record = [&] {
    balance_rho(s, st, st.history.back().metrics["primal_res"], dual_res);  // lever 4, this iteration's residuals
    for (const auto& [k, v] : times) result.block_seconds[k] += v;
  };
  parts.save = [&](Checkpoint& cp) { save_state(st, cp); };
  drive(s, parts, LoopCounters{st.iteration, st.best, st.history, st.seconds}, checkpoint, reducer, p.shard, progress,
        [&] { return since(t_start); }, result);

  st.best.choose(result, s, st.iteration, [&] { return evaluate_current(s, p, st).layers; });
  if (val) result.best_val_acc = accuracy_of(result.net.layers, *val, reducer);
  result.iterations_run = st.iteration;
  result.history = st.history;
  result.seconds = since(t_start);
  return result;
}

}  // namespace spikeforge::trainer::admm

// The training loop of lever 8 (aggregate-identity blocks, trainer/admm/aggregate/blocks.hpp).
//
// Per iteration: from the real forward features f_l of the current network, the output block,
// then top-down the A and R blocks of every hidden layer (layer l's target is layer l+1's r*,
// computed with the weights of the previous iteration), then the W block of every hidden layer,
// then the new forward pass (which is also the monitoring). State: weights only; checkpoints hold
// the weights, the iteration, keep-best and the history, so a resumed run is bit-identical.
#include <chrono>
#include <cmath>

#include <omp.h>

#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/admm/aggregate/blocks.hpp"
#include "trainer/admm/aggregate/feature_pass.hpp"
#include "trainer/admm/aggregate/grid.hpp"
#include "trainer/admm/aggregate/loop.hpp"
#include "trainer/admm/keep_best.hpp"
#include "trainer/admm/loop_driver.hpp"
#include "trainer/admm/rank_checkpoint.hpp"
#include "trainer/checkpoint.hpp"
#include "trainer/readout/readout.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::trainer::admm {
namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct LoopState {
  std::vector<core::Layer> hidden;
  int iteration = 0;
  KeepBest best;
  History history;
  double seconds = 0.0;
};

void save(const LoopState& st, Checkpoint& cp) {
  cp.put_text("agg/format", "spikeforge.admm.aggregate/1");
  put_layers(cp, "agg/hidden", st.hidden);
  cp.put_int("iteration", st.iteration);
  st.best.save(cp);
  cp.put_history("history", st.history);
  cp.put_double("seconds", st.seconds);
}

LoopState load(const Settings& s, const core::SpikeBatch& x, const Checkpoint& cp) {
  if (!cp.has("agg/format"))
    throw core::ConfigError("admm: checkpoint " + cp.source() + " was not written with the aggregate lever (--aggregate on)");
  LoopState st;
  st.hidden = get_layers(cp, "agg/hidden", s, false);
  if (st.hidden.size() != s.hidden.size())
    throw core::ConfigError("admm: checkpoint " + cp.source() + " has " + std::to_string(st.hidden.size()) +
                            " hidden layers but --hidden lists " + std::to_string(s.hidden.size()));
  int prev = x.inputs();
  for (std::size_t l = 0; l < st.hidden.size(); ++l) {
    const auto& w = st.hidden[l].weights;
    if (w.rows() != s.hidden[l] || w.cols() != prev)
      throw core::ConfigError("admm: checkpoint " + cp.source() + ": hidden layer " + std::to_string(l) + " is " +
                              std::to_string(w.rows()) + "x" + std::to_string(w.cols()) + " but these settings and data need " +
                              std::to_string(s.hidden[l]) + "x" + std::to_string(prev));
    prev = s.hidden[l];
  }
  st.iteration = static_cast<int>(cp.get_int("iteration"));
  st.best.load(cp, s);
  st.history = cp.history("history");
  st.seconds = cp.get_double("seconds");
  return st;
}

/// Forward features, the refit output layer and the train metrics of the current hidden layers.
struct Forward {
  std::vector<Eigen::MatrixXf> f;
  core::Layer out;
  double train_acc = 0.0;
  double loss = 0.0;  ///< Σ ||v_T − onehot||² / N of the refit output.
};

/// With an active grid the output block carries the grid term (aggregate/grid.hpp), else it is the
/// plain ridge refit.
Forward forward(const Settings& s, const std::vector<core::Layer>& hidden, const core::SpikeBatch& x, const Reducer& reducer,
                const AggregateGrid* grid = nullptr) {
  Forward fw;
  // The fast pass, or its plain twin (core::simulate with every step recorded) for benchmarks: same bits.
  fw.f = s.reference_forward ? readout::layer_features(hidden, x, s.leak) : feature_pass(hidden, x, s.leak).features;
  const float c = discount_sum(x.steps(), s.leak);
  const std::size_t H = hidden.size();
  fw.out = grid != nullptr && grid->active()
               ? fit_output_on_grid(fw.f.back(), x.labels(), x.classes(), c, s.leak, s.refit_gamma, grid_pull(*grid, H),
                                    grid->rho[H], reducer)
               : readout::fit_output_on_features(fw.f.back(), x.labels(), x.classes(), x.steps(), s.leak, s.refit_gamma, reducer);
  const Eigen::MatrixXf v = (fw.out.weights * fw.f.back()).colwise() + fw.out.bias * c;
  double correct = 0.0;
  double loss = 0.0;
  for (Eigen::Index i = 0; i < v.cols(); ++i) {
    Eigen::Index k = 0;
    v.col(i).maxCoeff(&k);
    const int label = x.label(static_cast<std::size_t>(i));
    if (k == label) correct += 1.0;
    Eigen::VectorXf e = v.col(i);
    e(label) -= 1.0F;
    loss += static_cast<double>(e.squaredNorm());
  }
  double sums[3] = {correct, loss, static_cast<double>(x.size())};
  reducer.sum(sums, 3);
  fw.train_acc = sums[0] / sums[2];
  fw.loss = sums[1] / sums[2];
  return fw;
}

}  // namespace

Result train_aggregate(const Settings& s, const core::SpikeBatch& train, const core::SpikeBatch* val,
                       const ProgressFn& progress, const CheckpointOptions& checkpoint, const Reducer& reducer,
                       const SampleShard& shard_in, const WeightProjection& projection) {
  SampleShard shard = shard_in;
  if (shard.total == 0) shard = {0, train.size(), train.size()};
  const auto t_start = Clock::now();
  Result result;
  const float c = discount_sum(train.steps(), s.leak);
  const auto delta = static_cast<float>(s.leak);
  const auto theta = static_cast<float>(s.threshold);
  std::map<std::string, double>& times = result.block_seconds;

  auto t0 = Clock::now();
  const Eigen::MatrixXf x_tilde = discounted_input(train, s.leak);
  double nu_m0 = 0.0;
  const Eigen::MatrixXd gram0 = augmented_gram(x_tilde, c, reducer);
  Eigen::MatrixXd gram0_inverse = proximal_inverse(gram0, s.agg_nu, s.agg_decay, &nu_m0);
  times["setup_gram"] = since(t0);

  t0 = Clock::now();
  LoopState st;
  const bool resumed = checkpoint.resume;
  if (resumed) {
    st = load(s, train, read_rank_checkpoint(checkpoint.path, reducer, shard));
    check_same_iteration(st.iteration, rank_checkpoint_path(checkpoint.path, reducer.rank(), reducer.size()), reducer);
  } else {
    st.hidden = readout::random_hidden_layers(s.hidden, train.inputs(), s.leak, s.threshold, s.reset, s.init_rate, s.seed,
                                              train, nullptr, reducer, shard.first);
  }
  times["setup_init"] = since(t0);
  const double seconds_before = st.seconds;
  result.state_bytes = static_cast<std::size_t>(x_tilde.size()) * sizeof(float) +
                       static_cast<std::size_t>(gram0_inverse.size()) * sizeof(double);

  t0 = Clock::now();
  Forward fw = forward(s, st.hidden, train, reducer);
  times["forward"] += since(t0);

  // Grid splitting (W = V, V on the grid, scaled dual U): V = Π(W), U = 0, ρ_l from the Grams now.
  // It starts before the first iteration, or after s.grid_warmup() float iterations.
  AggregateGrid grid;
  const std::size_t H = st.hidden.size();
  auto begin_grid = [&] {
    t0 = Clock::now();
    std::vector<double> means{gram0.diagonal().mean()};
    for (std::size_t l = 0; l < H; ++l) means.push_back(augmented_gram(fw.f[l], c, reducer).diagonal().mean());
    std::vector<core::Layer> layers = st.hidden;
    layers.push_back(fw.out);
    grid = start_grid(projection, layers, means, s.quant_rho, s.quant_scales);
    gram0_inverse = proximal_inverse_plus(gram0, s.agg_nu, s.agg_decay, grid.rho[0], &nu_m0);
    times["grid"] += since(t0);
  };
  const bool grid_later = projection.enabled() && st.iteration < s.grid_warmup();
  if (projection.enabled() && !grid_later) begin_grid();
  // The network training returns: the grid's V when training on a grid, else W with the refit output.
  auto current_layers = [&] {
    if (grid.active()) return grid.v;
    std::vector<core::Layer> layers = st.hidden;
    layers.push_back(fw.out);
    return layers;
  };

  // Monitoring of the network the current weights describe (hidden + refit output).
  auto record = [&](std::map<std::string, double> metrics, bool eval_val) {
    auto tm = Clock::now();
    metrics["train_acc"] = fw.train_acc;
    metrics["loss"] = fw.loss;
    for (std::size_t l = 0; l < fw.f.size(); ++l) {
      double sums[2] = {static_cast<double>(fw.f[l].sum()), static_cast<double>(fw.f[l].size())};
      reducer.sum(sums, 2);
      metrics["feature_mean_" + std::to_string(l)] = sums[1] > 0 ? sums[0] / sums[1] : 0.0;
    }
    const std::vector<core::Layer> layers = current_layers();
    if (grid.active()) metrics["grid_res"] = grid_residual(grid, [&] {
      std::vector<core::Layer> w = st.hidden;
      w.push_back(fw.out);
      return w;
    }());
    if (eval_val) {
      // Validation accuracy and the hidden firing rates [spikes/neuron/step] of the returned kind of
      // network, from one simulation (on the validation set, else on the training set when on a grid).
      double val_acc = -1.0;
      if (val) {
        const Scored sc = accuracy_and_rates(layers, *val, reducer, s.reference_forward);
        val_acc = sc.accuracy;
        metrics["val_acc"] = val_acc;
        for (std::size_t l = 0; l < sc.hidden_rates.size(); ++l) metrics["hidden_rate_" + std::to_string(l)] = sc.hidden_rates[l];
      }
      // On a grid the train accuracy above is W's; V's (the network returned) is measured here.
      double grid_train_acc = -1.0;
      if (grid.active() && !val) {
        const Scored sc = accuracy_and_rates(layers, train, reducer, s.reference_forward);
        grid_train_acc = sc.accuracy;
        metrics["grid_train_acc"] = grid_train_acc;
        for (std::size_t l = 0; l < sc.hidden_rates.size(); ++l) metrics["hidden_rate_" + std::to_string(l)] = sc.hidden_rates[l];
      }
      const double score = val ? val_acc : (grid.active() ? grid_train_acc : fw.train_acc);
      // During a grid's warm-up the network is float: never a candidate for the result.
      const bool candidate = grid.active() || !projection.enabled();
      if (candidate && (s.keep_best || s.patience > 0)) st.best.consider(score, st.iteration, layers);
    }
    times["monitor"] += since(tm);
    for (const auto& [k, v] : times) metrics["time_" + k + "_s"] = v;
    st.seconds = seconds_before + since(t_start);
    st.history.push_back(HistoryRecord{st.iteration, st.seconds, metrics});
  };
  if (!resumed) record({}, true);

  LoopParts parts;
  parts.iterate = [&]() -> std::map<std::string, double> {
    if (projection.enabled() && !grid.active() && st.iteration >= s.grid_warmup()) begin_grid();
    // Targets of layers ≥ `lowest`, top-down, from the current forward pass and weights.
    double step_sq = 0.0;
    double step_n = 0.0;
    auto targets_from_top = [&](std::size_t lowest) {
      auto tt = Clock::now();
      std::vector<Eigen::MatrixXf> r_target(H);
      Eigen::MatrixXf target = Eigen::MatrixXf::Zero(train.classes(), static_cast<Eigen::Index>(train.size()));
      for (std::size_t i = 0; i < train.size(); ++i) target(train.label(i), static_cast<Eigen::Index>(i)) = 1.0F;
      const Eigen::MatrixXf* w_next = &fw.out.weights;
      const Eigen::VectorXf* b_next = &fw.out.bias;
      for (std::size_t l = H; l-- > lowest;) {
        const Eigen::MatrixXf& in = l == 0 ? x_tilde : fw.f[l - 1];
        const Eigen::MatrixXf r = (st.hidden[l].weights * in).colwise() + st.hidden[l].bias * c;
        const Eigen::MatrixXf a = feature_targets(*w_next, *b_next, c, target, fw.f[l], s.agg_mu, s.spike_budget);
        r_target[l] = potential_targets(a, fw.f[l], r, delta, theta, s.agg_kappa);
        if (l == H - 1 && step_n == 0.0) {
          step_sq = static_cast<double>((r_target[l] - r).squaredNorm());
          step_n = static_cast<double>(r.size());
        }
        target = r_target[l];
        w_next = &st.hidden[l].weights;
        b_next = &st.hidden[l].bias;
      }
      times["targets"] += since(tt);
      return r_target;
    };
    // W block of layer l on the current forward pass's inputs.
    auto fit_layer = [&](std::size_t l, const Eigen::MatrixXf& r_target, core::Layer& layer) {
      auto tw = Clock::now();
      const Eigen::MatrixXf& in = l == 0 ? x_tilde : fw.f[l - 1];
      Eigen::MatrixXd cross = augmented_cross(r_target, in, c, reducer);
      if (grid.active()) cross += grid_pull(grid, l);
      if (l == 0) {
        fit_weights(layer, cross, gram0_inverse, nu_m0);
      } else {
        double nu_m = 0.0;
        const Eigen::MatrixXd inv = grid.active()
                                        ? proximal_inverse_plus(augmented_gram(in, c, reducer), s.agg_nu, s.agg_decay, grid.rho[l], &nu_m)
                                        : proximal_inverse(augmented_gram(in, c, reducer), s.agg_nu, s.agg_decay, &nu_m);
        fit_weights(layer, cross, inv, nu_m);
      }
      times["w"] += since(tw);
      if (grid.active()) {
        auto tg = Clock::now();
        update_grid(grid, l, layer);
        times["grid"] += since(tg);
      }
    };
    auto refresh = [&] {
      auto tf = Clock::now();
      fw = forward(s, st.hidden, train, reducer, &grid);
      times["forward"] += since(tf);
    };
    if (s.agg_gauss_seidel) {
      // Bottom-up sweep: each layer's targets and inputs come from a forward pass that already
      // includes the layers below it (one forward pass per hidden layer).
      for (std::size_t l = 0; l < H; ++l) {
        const auto r_target = targets_from_top(l);
        fit_layer(l, r_target[l], st.hidden[l]);
        refresh();
      }
    } else {
      // Jacobi: every layer from the previous iteration's forward pass, then one forward pass.
      const auto r_target = targets_from_top(0);
      std::vector<core::Layer> updated = st.hidden;
      for (std::size_t l = 0; l < H; ++l) fit_layer(l, r_target[l], updated[l]);
      st.hidden = std::move(updated);
      refresh();
    }
    if (grid.active()) {  // the output's V and U; then the ρ continuation
      auto tg = Clock::now();
      update_grid(grid, H, fw.out);
      grow_grid(grid, s.quant_rho_growth);
      if (s.quant_rho_growth != 1.0) gram0_inverse = proximal_inverse_plus(gram0, s.agg_nu, s.agg_decay, grid.rho[0], &nu_m0);
      times["grid"] += since(tg);
    }
    double sums[2] = {step_sq, step_n};
    reducer.sum(sums, 2);
    std::map<std::string, double> extra;
    extra["target_step_rms"] = sums[1] > 0 ? std::sqrt(sums[0] / sums[1]) : 0.0;
    return extra;
  };
  parts.record = record;
  parts.save = [&](Checkpoint& cp) { save(st, cp); };
  drive(s, parts, LoopCounters{st.iteration, st.best, st.history, st.seconds}, checkpoint, reducer, shard, progress,
        [&] { return since(t_start); }, result);

  st.best.choose(result, s, st.iteration, current_layers);
  if (val) result.best_val_acc = accuracy_of(result.net.layers, *val, reducer);
  result.iterations_run = st.iteration;
  result.history = st.history;
  result.seconds = since(t_start);
  return result;
}

}  // namespace spikeforge::trainer::admm

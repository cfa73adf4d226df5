#include "trainer/bptt/bptt.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iomanip>
#include <numeric>
#include <sstream>

#include <Eigen/Core>
#include <omp.h>

#include "core/errors.hpp"
#include "trainer/bptt/state.hpp"

namespace spikeforge::trainer {
namespace {

using Clock = std::chrono::steady_clock;

/// Sets Eigen's GEMM thread count for the scope and restores it afterwards.
class EigenThreads {
 public:
  explicit EigenThreads(int n) : saved_(Eigen::nbThreads()) { Eigen::setNbThreads(n); }
  ~EigenThreads() { Eigen::setNbThreads(saved_); }
  EigenThreads(const EigenThreads&) = delete;
  EigenThreads& operator=(const EigenThreads&) = delete;

 private:
  int saved_;
};

/// Uniform double in [0, 1) from 53 random bits (the same on every standard library).
double uniform01(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }

/// Fisher–Yates with 64-bit draws (modulo bias < 2^-40 for any realistic n; portable).
void shuffle(std::vector<std::size_t>& v, std::mt19937_64& rng) {
  for (std::size_t i = v.size(); i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(i));
    std::swap(v[i - 1], v[j]);
  }
}

std::string fingerprint(const BpttSettings& s, const core::SpikeBatch& train) {
  std::ostringstream os;
  os << std::setprecision(9) << "hidden=";
  for (int h : s.hidden) os << h << ',';
  os << " leak=" << s.leak << " v_thresh=" << s.v_thresh << " reset=" << core::to_string(s.reset)
     << " batch_size=" << s.batch_size << " lr=" << s.lr << " adam=" << s.adam_beta1 << ',' << s.adam_beta2 << ','
     << s.adam_eps << " lr_schedule=" << s.lr_schedule << (s.lr_schedule == "cosine" ? " epochs=" + std::to_string(s.epochs) : "")
     << " loss=" << s.loss << " surrogate_slope=" << s.surrogate_slope
     << " detach_reset=" << s.detach_reset << " train_bias=" << s.train_bias << " weight_init=" << s.weight_init
     << (s.spike_budget > 0.0F ? " spike_budget=" + std::to_string(s.spike_budget) : std::string())
     << " seed=" << s.seed << " data=" << train.size() << 'x' << train.steps() << 'x' << train.inputs() << 'x'
     << train.classes();
  return os.str();
}

std::string metadata(const BpttSettings& s, int epochs_run) {
  std::ostringstream os;
  os << std::setprecision(9) << "{\"trainer\": \"bptt\", \"epochs\": " << epochs_run << ", \"batch_size\": " << s.batch_size
     << ", \"lr\": " << s.lr << ", \"lr_schedule\": \"" << s.lr_schedule << "\"" << ", \"loss\": \"" << s.loss << "\", \"surrogate\": \"fast_sigmoid\""
     << ", \"surrogate_slope\": " << s.surrogate_slope << ", \"detach_reset\": " << (s.detach_reset ? "true" : "false")
     << ", \"train_bias\": " << (s.train_bias ? "true" : "false") << ", \"weight_init\": " << s.weight_init
     << ", \"spike_budget\": " << s.spike_budget << ", \"seed\": " << s.seed << "}";
  return os.str();
}

double accuracy(const std::vector<int>& predictions, const core::SpikeBatch& batch) {
  if (predictions.empty()) return 0.0;
  std::size_t ok = 0;
  for (std::size_t i = 0; i < predictions.size(); ++i) ok += predictions[i] == batch.label(i) ? 1U : 0U;
  return static_cast<double>(ok) / static_cast<double>(predictions.size());
}

/// A fine-tuning start network must be one train_bptt could have made for this data.
void check_start(const core::FloatNetwork& net, const core::SpikeBatch& train) {
  net.validate();
  if (net.depth() < 2) throw core::ConfigError("bptt: fine-tuning needs hidden LIF layers and an output integrator; the network has 1 layer");
  for (std::size_t l = 0; l + 1 < net.depth(); ++l) {
    if (!net.layers[l].neuron.spiking) throw core::ConfigError("bptt: layer " + std::to_string(l) + " of the start network must spike (hidden LIF layer)");
  }
  if (net.layers.back().neuron.spiking) {
    throw core::ConfigError("bptt: the start network's output layer spikes; BPTT needs a non-spiking integrator (readout v_{L,T})");
  }
  if (net.inputs() != train.inputs() || net.outputs() != train.classes()) {
    throw core::ConfigError("bptt: the start network has " + std::to_string(net.inputs()) + " inputs and " +
                            std::to_string(net.outputs()) + " outputs, the data " + std::to_string(train.inputs()) +
                            " inputs and " + std::to_string(train.classes()) + " classes");
  }
}

/// dst = src with every layer's weights and biases projected.
void project_model(const WeightProjection& projection, const bptt::Model<float>& src, bptt::Model<float>& dst) {
  dst = src;
  for (std::size_t l = 0; l < dst.depth(); ++l) projection.project(l, dst.weights[l], dst.biases[l]);
}

}  // namespace

core::FloatNetwork bptt_initial_network(const BpttSettings& settings, int inputs, int classes) {
  settings.validate();
  if (inputs <= 0 || classes <= 0) {
    throw core::ConfigError("bptt: inputs = " + std::to_string(inputs) + " and classes = " + std::to_string(classes) +
                            " must be > 0");
  }
  std::mt19937_64 rng(settings.seed);
  core::FloatNetwork net;
  std::vector<int> sizes{inputs};
  sizes.insert(sizes.end(), settings.hidden.begin(), settings.hidden.end());
  sizes.push_back(classes);
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    core::Layer layer;
    const double bound = static_cast<double>(settings.weight_init) / std::sqrt(static_cast<double>(sizes[l - 1]));
    layer.weights.resize(sizes[l], sizes[l - 1]);
    for (Eigen::Index c = 0; c < layer.weights.cols(); ++c) {
      for (Eigen::Index r = 0; r < layer.weights.rows(); ++r) {
        layer.weights(r, c) = static_cast<float>((2.0 * uniform01(rng) - 1.0) * bound);
      }
    }
    layer.bias = Eigen::VectorXf::Zero(sizes[l]);
    layer.neuron.leak = settings.leak;
    layer.neuron.v_thresh = settings.v_thresh;
    layer.neuron.reset = settings.reset;
    layer.neuron.spiking = l + 1 < sizes.size();
    net.layers.push_back(std::move(layer));
  }
  net.metadata_json = metadata(settings, 0);
  return net;
}

BpttResult train_bptt(const BpttSettings& settings, const core::SpikeBatch& train, const core::SpikeBatch* val,
                      const ProgressFn& progress, const BpttCheckpointOptions& checkpoint, const FineTune& finetune) {
  settings.validate();
  if (train.empty()) throw core::ConfigError("bptt: the training set is empty");
  if (val != nullptr && (val->inputs() != train.inputs() || val->steps() != train.steps())) {
    throw core::ConfigError("bptt: validation set has " + std::to_string(val->inputs()) + " inputs x " +
                            std::to_string(val->steps()) + " steps, training set " + std::to_string(train.inputs()) +
                            " x " + std::to_string(train.steps()));
  }
  if (checkpoint.every < 0) throw core::ConfigError("bptt: checkpoint every = " + std::to_string(checkpoint.every) + " must be >= 0");
  if (checkpoint.resume && checkpoint.path.empty()) throw core::ConfigError("bptt: resume needs a checkpoint path");

  const int threads = settings.threads > 0 ? settings.threads : omp_get_max_threads();
  const EigenThreads eigen_threads(threads);
  const bptt::KernelOptions options = settings.kernel_options(threads);
  bptt::AdamSettings adam{settings.lr, settings.adam_beta1, settings.adam_beta2, settings.adam_eps};
  const std::string print = fingerprint(settings, train) + (finetune.active() ? " finetune" : "");

  BpttResult result;
  if (finetune.start != nullptr) check_start(*finetune.start, train);
  result.net = finetune.start != nullptr ? *finetune.start : bptt_initial_network(settings, train.inputs(), train.classes());
  bptt::TrainState state;
  state.model = bptt::model_from_network<float>(result.net);
  // Straight-through estimator: `used` = the projected weights (forward, backward, validation),
  // state.model = the float shadow weights Adam updates.
  bptt::Model<float> projected;
  const bptt::Model<float>& used = finetune.projection.enabled() ? projected : state.model;
  const auto project = [&] {
    if (finetune.projection.enabled()) project_model(finetune.projection, state.model, projected);
  };
  state.adam.init(state.model);
  // The init consumed its own generator; the shuffles get a separate stream of the same seed.
  state.rng.seed(settings.seed ^ 0x9E3779B97F4A7C15ULL);
  if (checkpoint.resume) bptt::load_state(checkpoint.path, print, state);

  const std::size_t n = train.size();
  const auto batch = static_cast<std::size_t>(settings.batch_size);
  const std::size_t batches = (n + batch - 1) / batch;
  std::vector<std::size_t> order(n);
  bptt::Tape<float> tape;
  bptt::Grads<float> grads;
  bptt::Model<float>::Matrix grad_out;
  const auto run_start = Clock::now();
  const double seconds_before = state.seconds;
  const int first_epoch = state.epoch;
  const std::size_t batches_this_run = batches * static_cast<std::size_t>(std::max(0, settings.epochs - first_epoch));
  std::size_t batches_done = 0;
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - run_start).count(); };
  auto eta = [&] {
    return batches_done == 0 ? 0.0
                             : elapsed() / static_cast<double>(batches_done) *
                                   static_cast<double>(batches_this_run - batches_done);
  };
  double last_val = -1.0;

  for (int epoch = first_epoch; epoch < settings.epochs; ++epoch) {
    const auto epoch_start = Clock::now();
    adam.lr = settings.epoch_lr(epoch);
    std::iota(order.begin(), order.end(), std::size_t{0});
    shuffle(order, state.rng);
    double loss_sum = 0.0;
    double penalty_sum = 0.0;                 // Σ over batches of count · spike-budget term
    std::vector<double> layer_spikes(state.model.depth() - 1, 0.0);
    std::size_t correct = 0;
    std::size_t seen = 0;
    for (std::size_t b = 0; b < batches; ++b) {
      const std::size_t first = b * batch;
      const std::size_t count = std::min(batch, n - first);
      const std::span<const std::size_t> idx(order.data() + first, count);
      std::vector<int> labels(count);
      for (std::size_t k = 0; k < count; ++k) labels[k] = train.label(idx[k]);
      bptt::load_inputs(train, idx, tape);
      project();
      bptt::forward(used, options, tape);
      const bptt::LossStats stats =
          bptt::output_loss<float>(tape.output, labels, options.loss, 1.0 / static_cast<double>(count), &grad_out);
      const bptt::HiddenActivity activity = bptt::hidden_activity(options, tape);
      bptt::backward(used, options, tape, grad_out, grads);
      penalty_sum += activity.penalty * static_cast<double>(count);
      for (std::size_t l = 0; l < activity.spikes.size() && l < layer_spikes.size(); ++l) layer_spikes[l] += activity.spikes[l];
      bptt::adam_step(adam, state.adam, state.model, grads, settings.train_bias);
      loss_sum += stats.loss_sum;
      correct += static_cast<std::size_t>(stats.correct);
      seen += count;
      ++batches_done;
      if (progress && settings.report_every_batches > 0 && (b + 1) % static_cast<std::size_t>(settings.report_every_batches) == 0 &&
          b + 1 < batches) {
        TrainProgress p;
        p.method = "bptt";
        p.iteration = epoch;  // epochs completed so far; "batch" says how far into the next one
        p.total = settings.epochs;
        p.seconds = seconds_before + elapsed();
        p.eta_seconds = eta();
        p.metrics = {{"batch", static_cast<double>(b + 1)},
                     {"batches", static_cast<double>(batches)},
                     {"loss", loss_sum / static_cast<double>(seen)},
                     {"train_acc", static_cast<double>(correct) / static_cast<double>(seen)}};
        progress(p);
      }
    }
    state.epoch = epoch + 1;
    HistoryRecord rec;
    rec.iteration = state.epoch;
    rec.metrics["loss"] = loss_sum / static_cast<double>(n);
    rec.metrics["train_acc"] = static_cast<double>(correct) / static_cast<double>(n);
    rec.metrics["lr"] = static_cast<double>(adam.lr);
    // Hidden firing rates [spikes/neuron/step] over the epoch's training batches, and the
    // spike-budget term (mean per sample; "loss" is the output loss alone).
    {
      const double steps_samples = static_cast<double>(train.steps()) * static_cast<double>(n);
      double all_spikes = 0.0;
      double all_neurons = 0.0;
      result.hidden_rates.assign(layer_spikes.size(), 0.0);
      for (std::size_t l = 0; l < layer_spikes.size(); ++l) {
        const auto neurons = static_cast<double>(used.weights[l].rows());
        result.hidden_rates[l] = layer_spikes[l] / (neurons * steps_samples);
        rec.metrics["hidden_rate_l" + std::to_string(l + 1)] = result.hidden_rates[l];
        all_spikes += layer_spikes[l];
        all_neurons += neurons;
      }
      rec.metrics["hidden_rate"] = all_spikes / (all_neurons * steps_samples);
      rec.metrics["spike_loss"] = penalty_sum / static_cast<double>(n);
    }
    result.train_acc = rec.metrics["train_acc"];
    last_val = -1.0;
    if (val != nullptr && !val->empty() && (state.epoch % settings.val_every == 0 || state.epoch == settings.epochs)) {
      project();
      last_val = accuracy(bptt::predict(used, options, *val), *val);
      rec.metrics["val_acc"] = last_val;
    }
    rec.metrics["epoch_s"] = std::chrono::duration<double>(Clock::now() - epoch_start).count();
    state.seconds = seconds_before + elapsed();
    rec.seconds = state.seconds;
    state.history.push_back(rec);
    if (!checkpoint.path.empty() && checkpoint.every > 0 && state.epoch % checkpoint.every == 0) {
      bptt::save_state(state, print, checkpoint.path);
    }
    if (progress) {
      TrainProgress p;
      p.method = "bptt";
      p.iteration = state.epoch;
      p.total = settings.epochs;
      p.seconds = state.seconds;
      p.eta_seconds = eta();
      p.metrics = rec.metrics;
      progress(p);
    }
  }

  project();
  bptt::store_model(used, result.net);
  result.net.metadata_json = metadata(settings, state.epoch);
  result.history = state.history;
  result.epochs_run = state.epoch;
  result.seconds = seconds_before + elapsed();
  if (!state.history.empty()) result.train_acc = state.history.back().metrics.at("train_acc");
  if (val != nullptr && !val->empty()) {
    result.val_acc = last_val >= 0.0 ? last_val : accuracy(bptt::predict(used, options, *val), *val);
  }
  return result;
}

}  // namespace spikeforge::trainer

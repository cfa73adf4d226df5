#include "pipeline/finetune.hpp"

#include <memory>
#include <sstream>

#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "quantizer/grid.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/bptt/bptt.hpp"
#include "trainer/projection.hpp"

namespace spikeforge::pipeline {
namespace {

std::vector<int> hidden_sizes(const core::FloatNetwork& net) {
  std::vector<int> h;
  for (std::size_t l = 0; l + 1 < net.layers.size(); ++l) h.push_back(net.layers[l].outputs());
  return h;
}

FinetuneOutcome bptt(const FinetuneArgs& a, const core::FloatNetwork& net, const trainer::FineTune& ft,
                     const core::SpikeBatch& train, const trainer::ProgressFn& progress) {
  trainer::BpttSettings s;
  s.hidden = hidden_sizes(net);
  if (s.hidden.empty()) throw core::ConfigError("quantize: --finetune bptt needs hidden LIF layers and an output integrator; the network has 1 layer");
  s.leak = net.layers.front().neuron.leak;
  s.v_thresh = net.layers.front().neuron.v_thresh;
  s.reset = net.layers.front().neuron.reset;
  s.epochs = a.epochs;
  s.batch_size = a.batch_size;
  s.lr = a.lr;
  s.seed = a.seed;
  s.threads = a.threads;
  s.report_every_batches = 50;
  const trainer::BpttResult r = trainer::train_bptt(s, train, nullptr, progress, {}, ft);
  FinetuneOutcome out;
  out.net = r.net;
  out.rounds = r.epochs_run;
  out.seconds = r.seconds;
  out.train_acc = r.train_acc;
  out.settings = {{"epochs", s.epochs}, {"batch_size", s.batch_size}, {"lr", s.lr}, {"loss", s.loss},
                  {"surrogate_slope", s.surrogate_slope}, {"detach_reset", s.detach_reset},
                  {"train_bias", s.train_bias}, {"seed", s.seed}};
  return out;
}

FinetuneOutcome admm(const FinetuneArgs& a, const core::FloatNetwork& net, const trainer::FineTune& ft,
                     const core::SpikeBatch& train, const trainer::ProgressFn& progress) {
  trainer::admm::Settings s = trainer::admm::Settings::improved();
  s.hidden = hidden_sizes(net);
  if (s.hidden.empty()) throw core::ConfigError("quantize: --finetune admm needs hidden LIF layers and an output integrator; the network has 1 layer");
  s.leak = static_cast<double>(net.layers.front().neuron.leak);
  s.threshold = static_cast<double>(net.layers.front().neuron.v_thresh);
  s.reset = net.layers.front().neuron.reset;
  s.iterations = a.iters;
  s.quant_rho = a.rho;
  s.quant_rho_growth = a.rho_growth;
  if (a.reanchor_every >= 0) s.reanchor_every = a.reanchor_every;
  s.seed = a.seed;
  s.threads = a.threads;
  s.aggregate = false;  // the projection block lives in the per-step W blocks
  s.val_every = 1;  // keep-best on the train accuracy of the on-grid network, every iteration
  const trainer::admm::Result r = trainer::admm::train(s, train, nullptr, progress, {}, trainer::local_reducer(), {}, ft);
  FinetuneOutcome out;
  out.net = r.net;
  out.rounds = r.iterations_run;
  out.seconds = r.seconds;
  out.train_acc = core::accuracy(core::simulate(out.net, train).predictions, train.labels());
  out.settings = {{"iterations", s.iterations}, {"quant_rho", s.quant_rho}, {"quant_rho_growth", s.quant_rho_growth}, {"rho", s.rho}, {"beta", s.beta},
                  {"gamma", s.gamma}, {"reanchor_every", s.reanchor_every}, {"refit_output", s.refit_output},
                  {"keep_best", s.keep_best}, {"best_iteration", r.best_iteration}, {"seed", s.seed}};
  return out;
}

}  // namespace

void FinetuneArgs::validate() const {
  if (method.empty()) return;
  if (method != "bptt" && method != "admm") {
    throw core::ConfigError("quantize: --finetune = '" + method + "' must be 'bptt' or 'admm'");
  }
  if (epochs < 1) throw core::ConfigError("quantize: --finetune-epochs = " + std::to_string(epochs) + " must be >= 1");
  if (iters < 1) throw core::ConfigError("quantize: --finetune-iters = " + std::to_string(iters) + " must be >= 1");
  if (!(lr > 0.0F)) throw core::ConfigError("quantize: --finetune-lr = " + std::to_string(lr) + " must be > 0");
  if (batch_size < 1) throw core::ConfigError("quantize: --finetune-batch-size = " + std::to_string(batch_size) + " must be >= 1");
  if (!(rho > 0.0)) throw core::ConfigError("quantize: --finetune-rho = " + std::to_string(rho) + " must be > 0");
  if (!(rho_growth >= 1.0)) throw core::ConfigError("quantize: --finetune-rho-growth = " + std::to_string(rho_growth) + " must be >= 1");
  if (reanchor_every < -1) throw core::ConfigError("quantize: --finetune-reanchor-every = " + std::to_string(reanchor_every) + " must be >= 0");
  if (threads < 0) throw core::ConfigError("quantize: --threads = " + std::to_string(threads) + " must be >= 0");
}

FinetuneOutcome run_finetune(const FinetuneArgs& args, const core::FloatNetwork& net,
                             const quantizer::ChipProfile& profile, const quantizer::MappingOptions& options,
                             const core::SpikeBatch& train, const trainer::ProgressFn& progress) {
  args.validate();
  if (train.inputs() != net.inputs()) {
    throw core::ConfigError("quantize: the fine-tuning data has " + std::to_string(train.inputs()) +
                            " inputs but the network expects " + std::to_string(net.inputs()));
  }
  const auto grid = std::make_shared<const quantizer::WeightGrid>(net, profile, options);
  trainer::FineTune ft;
  ft.start = &net;
  if (!args.no_grid) {
    ft.projection.project = [grid](std::size_t l, Eigen::MatrixXf& w, Eigen::VectorXf& b) { grid->project_layer(l, w, b); };
  }
  FinetuneOutcome out = args.method == "bptt" ? bptt(args, net, ft, train, progress) : admm(args, net, ft, train, progress);
  out.net.encoding = net.encoding;
  out.net.metadata_json = net.metadata_json;
  return out;
}

}  // namespace spikeforge::pipeline

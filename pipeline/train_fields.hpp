// The trainers' options as tables: one row per setting, naming its key (the `run` config's key
// under "train" and the report's), its command-line flag, its help text and the Settings member
// it sets. `spikeforge train` registers its options from these rows and `spikeforge run` reads its
// config keys from them (pipeline/train_job.cpp), so a new trainer option is one field in the
// trainer's Settings (with its default and its check in validate()) plus one row here: three files.
//
// A row is visited as `f(Field<S, T>{key, flag, help, &S::member})` for every row of the table;
// the members are plain values (int, double, float, bool, std::string), defaults come from the
// Settings struct itself (written once).
#pragma once
#include "trainer/admm/settings.hpp"
#include "trainer/bptt/settings.hpp"
#include "trainer/readout/readout.hpp"

namespace spikeforge::pipeline {

template <class S, class T>
struct Field {
  const char* key;   ///< run-config / report key (under "train"), unique over all tables.
  const char* flag;  ///< `spikeforge train` option.
  const char* help;
  T S::*member;
};

template <class S, class T>
Field(const char*, const char*, const char*, T S::*) -> Field<S, T>;

/// ADMM (trainer/admm/settings.hpp). hidden, leak, threshold, reset, seed, threads, variant and init
/// are set by the job's common fields (pipeline/train_job.hpp), not here.
template <class F>
void admm_fields(F&& f) {
  using S = trainer::admm::Settings;
  f(Field{"iterations", "--iters", "ADMM iterations", &S::iterations});
  f(Field{"rho", "--rho", "ADMM penalty rho > 0", &S::rho});
  f(Field{"beta", "--beta", "ADMM spike-consistency weight beta >= 0", &S::beta});
  f(Field{"warmup", "--warmup", "ADMM iterations before dual updates", &S::warmup});
  f(Field{"gamma", "--gamma", "ADMM ridge gamma on every W update (paper: 0)", &S::gamma});
  f(Field{"refit_output", "--refit", "ADMM lever 1: refit the readout on real spikes (true/false)", &S::refit_output});
  f(Field{"refit_gamma", "--refit-gamma", "ADMM lever 1: ridge of the readout refit (relative)", &S::refit_gamma});
  f(Field{"reanchor_every", "--reanchor-every",
          "ADMM lever 2: anchor z, a to the hard forward pass every k iterations (0 = off)", &S::reanchor_every});
  f(Field{"beta_growth", "--beta-growth", "ADMM lever 3: beta continuation factor per iteration (>= 1)", &S::beta_growth});
  f(Field{"beta_max", "--beta-max", "ADMM lever 3: cap of the beta continuation", &S::beta_max});
  f(Field{"adaptive_rho", "--adaptive-rho", "ADMM lever 4: residual balancing of rho (true/false)", &S::adaptive_rho});
  f(Field{"keep_best", "--keep-best", "ADMM lever 5: return the best network on validation (true/false)", &S::keep_best});
  f(Field{"patience", "--patience", "ADMM lever 6: early stop after k validations without improvement (0 = off)",
          &S::patience});
  f(Field{"init_rate", "--init-rate", "ADMM random init: target hidden firing rate [spikes/step]", &S::init_rate});
  f(Field{"aggregate", "--aggregate", "ADMM lever 8: aggregate-identity blocks for the hidden layers (true/false)",
          &S::aggregate});
  f(Field{"agg_mu", "--agg-mu",
          "ADMM lever 8: A-block proximal weight (relative to tr(W'W)/min(rows, cols) of the layer above)", &S::agg_mu});
  f(Field{"agg_nu", "--agg-nu", "ADMM lever 8: W-block proximal ridge (relative to the Gram diagonal)", &S::agg_nu});
  f(Field{"agg_decay", "--agg-decay", "ADMM lever 8: W-block weight decay (relative to the Gram diagonal)", &S::agg_decay});
  f(Field{"agg_gauss_seidel", "--agg-gauss-seidel",
          "ADMM lever 8, several hidden layers: bottom-up sweep with a forward pass per layer (true) or Jacobi (false)",
          &S::agg_gauss_seidel});
  f(Field{"agg_kappa", "--agg-kappa", "ADMM lever 8: R-block weight of the potential change (smaller: larger target steps)",
          &S::agg_kappa});
  f(Field{"quant_rho", "--quant-rho", "ADMM on a grid (--profile): rho of W = V relative to the layer's mean Gram diagonal",
          &S::quant_rho});
  f(Field{"quant_rho_growth", "--quant-rho-growth", "ADMM on a grid: rho of W = V multiplied by this after every iteration (>= 1)",
          &S::quant_rho_growth});
  f(Field{"quant_scales", "--quant-scales", "ADMM on a grid: clip levels the V block searches for the grid's scale",
          &S::quant_scales});
  f(Field{"quant_warmup", "--quant-warmup", "ADMM on a grid: iterations trained in float before the W = V splitting starts (< --iters; -1 = half of --iters)",
          &S::quant_warmup});
  f(Field{"val_every", "--val-every", "ADMM: validation accuracy every k iterations", &S::val_every});
  f(Field{"train_acc_every", "--train-acc-every", "ADMM: train accuracy every k iterations", &S::train_acc_every});
}

/// BPTT (trainer/bptt/settings.hpp). hidden, leak, threshold, reset, seed and threads come from the job.
template <class F>
void bptt_fields(F&& f) {
  using S = trainer::BpttSettings;
  f(Field{"epochs", "--epochs", "BPTT epochs", &S::epochs});
  f(Field{"batch_size", "--batch-size", "BPTT mini-batch size", &S::batch_size});
  f(Field{"lr", "--lr", "BPTT Adam learning rate", &S::lr});
  f(Field{"lr_schedule", "--lr-schedule", "BPTT learning-rate schedule over epochs: constant | cosine", &S::lr_schedule});
  f(Field{"loss", "--loss", "BPTT loss on v_{L,T}: ce (softmax cross-entropy) | mse (vs one-hot)", &S::loss});
  f(Field{"surrogate_slope", "--surrogate-slope", "BPTT fast-sigmoid slope k: ds/dv = 1/(k|v-theta|+1)^2",
          &S::surrogate_slope});
  f(Field{"detach_reset", "--detach-reset", "BPTT: cut the reset from the gradient like snnTorch (true/false)",
          &S::detach_reset});
  f(Field{"weight_init", "--weight-init", "BPTT init gain g: W ~ U(-g/sqrt(fan_in), g/sqrt(fan_in))", &S::weight_init});
  f(Field{"report_every_batches", "--report-every-batches", "BPTT progress line every k batches (0 = per epoch)",
          &S::report_every_batches});
}

/// The ridge-readout baseline (trainer/readout/readout.hpp).
template <class F>
void readout_fields(F&& f) {
  using S = trainer::readout::Settings;
  f(Field{"readout_rate", "--readout-rate", "Readout baseline: target hidden firing rate [spikes/step]", &S::target_rate});
  f(Field{"readout_gamma", "--readout-gamma", "Readout baseline: relative ridge of the readout", &S::gamma});
}

}  // namespace spikeforge::pipeline

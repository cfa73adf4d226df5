#include "trainer/admm/settings.hpp"

#include <cmath>
#include <sstream>

#include "core/errors.hpp"

namespace spikeforge::trainer::admm {
namespace {

[[noreturn]] void fail(const std::string& field, double value, const std::string& rule) {
  std::ostringstream os;
  os << "admm: " << field << " = " << value << " " << rule;
  throw core::ConfigError(os.str());
}

}  // namespace

Variant parse_variant(const std::string& text) {
  if (text == "paper") return Variant::paper;
  if (text == "improved") return Variant::improved;
  throw core::ConfigError("admm: variant = '" + text + "' must be 'paper' or 'improved'");
}
const char* to_string(Variant v) { return v == Variant::paper ? "paper" : "improved"; }

Init parse_init(const std::string& text) {
  if (text == "zero") return Init::zero;
  if (text == "random") return Init::random;
  throw core::ConfigError("admm: init = '" + text + "' must be 'zero' or 'random'");
}
const char* to_string(Init i) { return i == Init::zero ? "zero" : "random"; }

Settings Settings::improved() { return Settings{}; }

Settings Settings::paper() {
  Settings s;
  s.variant = Variant::paper;
  s.gamma = 0.0;
  s.refit_output = false;
  s.refit_gamma = 1e-3;
  s.reanchor_every = 0;
  s.keep_best = false;
  s.init = Init::zero;
  s.init_rate = 0.1;
  s.aggregate = false;
  s.agg_decay = 0.0;
  return s;
}

Settings Settings::preset(Variant v) { return v == Variant::paper ? paper() : improved(); }

void Settings::validate() const {
  if (hidden.empty()) throw core::ConfigError("admm: hidden = [] must list at least one hidden layer");
  for (std::size_t i = 0; i < hidden.size(); ++i)
    if (hidden[i] <= 0) fail("hidden[" + std::to_string(i) + "]", hidden[i], "must be > 0");
  if (!(leak > 0.0 && leak <= 1.0)) fail("leak", leak, "must be in (0, 1]");
  if (!(threshold > 0.0) || !std::isfinite(threshold)) fail("threshold", threshold, "must be > 0");
  if (reset != core::ResetMode::subtract)
    throw core::ConfigError("admm: reset = zero is not supported (the ADMM blocks assume reset = subtract)");
  if (iterations < 0) fail("iterations", iterations, "must be >= 0");
  if (!(rho > 0.0) || !std::isfinite(rho)) fail("rho", rho, "must be > 0");
  if (!(beta >= 0.0) || !std::isfinite(beta)) fail("beta", beta, "must be >= 0");
  if (warmup < 0) fail("warmup", warmup, "must be >= 0");
  if (!(gamma >= 0.0) || !std::isfinite(gamma)) fail("gamma", gamma, "must be >= 0");
  if (!(spike_eps > 0.0) || !std::isfinite(spike_eps)) fail("spike_eps", spike_eps, "must be > 0");
  if (!(refit_gamma >= 0.0) || !std::isfinite(refit_gamma)) fail("refit_gamma", refit_gamma, "must be >= 0");
  if (reanchor_every < 0) fail("reanchor_every", reanchor_every, "must be >= 0");
  if (!(beta_growth >= 1.0) || !std::isfinite(beta_growth)) fail("beta_growth", beta_growth, "must be >= 1");
  if (!(beta_max >= 0.0) || !std::isfinite(beta_max)) fail("beta_max", beta_max, "must be >= 0");
  if (beta_growth > 1.0 && beta_max < beta)
    fail("beta_max", beta_max, "must be >= beta = " + std::to_string(beta) + " when beta_growth > 1 (the continuation only grows beta)");
  if (patience < 0) fail("patience", patience, "must be >= 0");
  if (!(init_rate > 0.0 && init_rate < 1.0)) fail("init_rate", init_rate, "must be in (0, 1)");
  if (!(agg_mu > 0.0) || !std::isfinite(agg_mu)) fail("agg_mu", agg_mu, "must be > 0");
  if (!(agg_nu > 0.0) || !std::isfinite(agg_nu)) fail("agg_nu", agg_nu, "must be > 0");
  if (!(agg_decay >= 0.0) || !std::isfinite(agg_decay)) fail("agg_decay", agg_decay, "must be >= 0");
  if (!(agg_kappa > 0.0) || !std::isfinite(agg_kappa)) fail("agg_kappa", agg_kappa, "must be > 0");
  if (!(spike_budget >= 0.0) || !std::isfinite(spike_budget)) fail("spike_budget", spike_budget, "must be >= 0");
  if (spike_budget > 0.0 && !aggregate)
    fail("spike_budget", spike_budget, "needs aggregate = on (the per-step blocks have no spike budget)");
  if (aggregate && init != Init::random)
    throw core::ConfigError("admm: aggregate = on needs init = random (the zero init has no spikes to linearize around)");
  if (!(quant_rho > 0.0) || !std::isfinite(quant_rho)) fail("quant_rho", quant_rho, "must be > 0");
  if (!(quant_rho_growth >= 1.0) || !std::isfinite(quant_rho_growth)) fail("quant_rho_growth", quant_rho_growth, "must be >= 1");
  if (quant_scales < 1) fail("quant_scales", quant_scales, "must be >= 1");
  if (quant_warmup < -1 || quant_warmup >= iterations) {
    fail("quant_warmup", quant_warmup, "must be -1 (half the iterations) or in [0, iterations)");
  }
  if (val_every < 1) fail("val_every", val_every, "must be >= 1");
  if (train_acc_every < 1) fail("train_acc_every", train_acc_every, "must be >= 1");
  if (threads < 0) fail("threads", threads, "must be >= 0");
}

}  // namespace spikeforge::trainer::admm

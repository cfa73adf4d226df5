#include "trainer/bptt/settings.hpp"

#include <cmath>
#include <sstream>

#include "core/errors.hpp"

namespace spikeforge::trainer {
namespace {

[[noreturn]] void fail(const std::string& field, double value, const std::string& rule) {
  std::ostringstream os;
  os << "bptt: " << field << " = " << value << " " << rule;
  throw core::ConfigError(os.str());
}

void positive(const std::string& field, double value) {
  if (!(std::isfinite(value) && value > 0.0)) fail(field, value, "must be finite and > 0");
}

void unit_interval(const std::string& field, double value) {
  if (!(value >= 0.0 && value < 1.0)) fail(field, value, "must be in [0, 1)");
}

}  // namespace

void BpttSettings::validate() const {
  if (hidden.empty()) throw core::ConfigError("bptt: hidden = [] must list at least one hidden layer");
  for (std::size_t i = 0; i < hidden.size(); ++i) {
    if (hidden[i] <= 0) fail("hidden[" + std::to_string(i) + "]", hidden[i], "must be > 0");
  }
  if (!(leak > 0.0F && leak <= 1.0F)) fail("leak", static_cast<double>(leak), "must be in (0, 1]");
  positive("v_thresh", static_cast<double>(v_thresh));
  if (epochs < 0) fail("epochs", epochs, "must be >= 0");
  if (batch_size < 1) fail("batch_size", batch_size, "must be >= 1");
  positive("lr", static_cast<double>(lr));
  unit_interval("adam_beta1", static_cast<double>(adam_beta1));
  unit_interval("adam_beta2", static_cast<double>(adam_beta2));
  positive("adam_eps", static_cast<double>(adam_eps));
  (void)loss_kind();
  if (lr_schedule != "constant" && lr_schedule != "cosine") {
    throw core::ConfigError("bptt: lr_schedule = '" + lr_schedule + "' must be 'constant' or 'cosine'");
  }
  positive("surrogate_slope", static_cast<double>(surrogate_slope));
  if (!(std::isfinite(spike_budget) && spike_budget >= 0.0F)) {
    fail("spike_budget", static_cast<double>(spike_budget), "must be finite and >= 0");
  }
  positive("weight_init", static_cast<double>(weight_init));
  if (threads < 0) fail("threads", threads, "must be >= 0 (0 = default)");
  if (report_every_batches < 0) fail("report_every_batches", report_every_batches, "must be >= 0");
  if (val_every < 1) fail("val_every", val_every, "must be >= 1");
}

float BpttSettings::epoch_lr(int epoch) const {
  if (lr_schedule != "cosine" || epochs <= 0) return lr;
  constexpr double kPi = 3.14159265358979323846;
  const double f = 0.5 * (1.0 + std::cos(kPi * static_cast<double>(epoch) / static_cast<double>(epochs)));
  return static_cast<float>(static_cast<double>(lr) * f);
}

bptt::Loss BpttSettings::loss_kind() const {
  if (loss == "ce") return bptt::Loss::cross_entropy;
  if (loss == "mse") return bptt::Loss::mse;
  throw core::ConfigError("bptt: loss = '" + loss + "' must be 'ce' or 'mse'");
}

bptt::KernelOptions BpttSettings::kernel_options(int resolved_threads) const {
  bptt::KernelOptions o;
  o.surrogate_slope = static_cast<double>(surrogate_slope);
  o.detach_reset = detach_reset;
  o.loss = loss_kind();
  o.spike = bptt::SpikeFn::heaviside;
  o.threads = resolved_threads;
  o.spike_budget = static_cast<double>(spike_budget);
  return o;
}

}  // namespace spikeforge::trainer

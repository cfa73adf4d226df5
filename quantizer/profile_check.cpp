#include "quantizer/profile_check.hpp"

#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/fixed_point.hpp"

namespace spikeforge::quantizer {
namespace {

[[noreturn]] void fail(const ChipProfile& p, const std::string& where, const std::string& value, const std::string& why,
                       const std::string& limit) {
  throw core::ConfigError(where + " = " + value + " " + why + " (profile " + p.name + ": " + limit + ")");
}
[[noreturn]] void fail(const ChipProfile& p, const std::string& where, long long value, const std::string& why,
                       const std::string& limit) {
  fail(p, where, std::to_string(value), why, limit);
}

void range(const ChipProfile& p, const std::string& where, long long value, long long lo, long long hi,
           const std::string& limit) {
  if (value < lo || value > hi) {
    fail(p, where, value, "is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]", limit);
  }
}

std::string bits(const char* field, int n) { return std::string(field) + " = " + std::to_string(n); }

}  // namespace

std::int64_t worst_case_input(const FixedLayer& layer) {
  std::int64_t worst = 0;
  for (Eigen::Index r = 0; r < layer.weights.rows(); ++r) {
    std::int64_t pos = 0;
    std::int64_t neg = 0;
    for (Eigen::Index c = 0; c < layer.weights.cols(); ++c) {
      const std::int64_t w = layer.weights(r, c);
      (w > 0 ? pos : neg) += w;
    }
    worst = std::max({worst, dense_shift(pos, layer.weight_exp), -dense_shift(neg, layer.weight_exp)});
  }
  return worst;
}

void check_against_profile(const FixedNetwork& net, const ChipProfile& p) {
  if (static_cast<long long>(net.layers.size()) > p.max_layers) {
    fail(p, "layers", static_cast<long long>(net.layers.size()), "exceeds the profile", bits("limits.max_layers", p.max_layers));
  }
  std::int64_t synapses = 0;
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const FixedLayer& L = net.layers[l];
    const std::string at = "layer " + std::to_string(l) + " ";
    if (L.outputs() > p.max_neurons_per_layer) {
      fail(p, at + "outputs", L.outputs(), "exceeds the profile", bits("limits.max_neurons_per_layer", p.max_neurons_per_layer));
    }
    if (L.inputs() > p.max_fan_in) fail(p, at + "inputs", L.inputs(), "exceeds the profile", bits("limits.max_fan_in", p.max_fan_in));
    synapses += static_cast<std::int64_t>(L.weights.size());
    range(p, at + "num_weight_bits", L.num_weight_bits, 1, p.max_weight_bits, bits("weights.max_bits", p.max_weight_bits));
    if (!p.supports(L.sign_mode)) {
      fail(p, at + "sign_mode", to_string(L.sign_mode), "is not one of the profile's sign modes", "weights.sign_modes");
    }
    range(p, at + "weight_exp", L.weight_exp, p.weight_exp_min, p.weight_exp_max,
          "weights.exp_min = " + std::to_string(p.weight_exp_min) + ", exp_max = " + std::to_string(p.weight_exp_max));
    range(p, at + "du", L.du, 0, (1LL << p.du_bits) - 1, bits("neuron.du_bits", p.du_bits));
    range(p, at + "dv", L.dv, 0, (1LL << p.dv_bits) - 1, bits("neuron.dv_bits", p.dv_bits));
    range(p, at + "vth", L.vth, 0, p.vth_max(), bits("neuron.vth_bits", p.vth_bits));
    for (std::size_t n = 0; n < L.bias_mant.size(); ++n) {
      range(p, at + "bias_mant[" + std::to_string(n) + "]", L.bias_mant[n], p.bias_mant_min(), p.bias_mant_max(),
            bits("neuron.bias_mant_bits", p.bias_mant_bits));
    }
    range(p, at + "bias_exp", L.bias_exp, 0, p.bias_exp_max(), bits("neuron.bias_exp_bits", p.bias_exp_bits));
    if (L.spiking && !p.supports(L.reset)) {  // an integrator never resets: its mode is moot
      fail(p, at + "reset", core::to_string(L.reset), "is not one of the profile's reset modes", "neuron.reset_modes");
    }
    const std::int64_t a = worst_case_input(L);
    if (a > kInputMaxSingleWrap) {
      fail(p, at + "worst-case one-step input |a|", a,
           "exceeds 2^18: u (24-bit, wrapped once per step) could run past 32 bits, where the golden model, "
           "the RTL core and Lava disagree (max over neurons of the positive or negative weight sum, shifted by "
           "weight_exp = " + std::to_string(L.weight_exp) + ")",
           bits("neuron.u_bits", p.u_bits));
    }
  }
  if (synapses > p.max_synapses) {
    fail(p, "synapses", synapses, "exceeds the profile", "limits.max_synapses = " + std::to_string(p.max_synapses));
  }
}

}  // namespace spikeforge::quantizer

#include "quantizer/mapping.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/errors.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/fixed_point.hpp"

namespace spikeforge::quantizer {

void MappingOptions::validate(const ChipProfile& profile) const {
  if (weight_bits < 0 || weight_bits > profile.max_weight_bits) {
    throw core::ConfigError("quantize: weight_bits = " + std::to_string(weight_bits) + " is outside [1, " +
                            std::to_string(profile.max_weight_bits) + "] (0 = profile maximum)");
  }
}

namespace {

[[noreturn]] void over_limit(const ChipProfile& p, const std::string& where, long long value, const char* limit,
                             long long max) {
  std::ostringstream msg;
  msg << "quantize: " << where << " = " << value << " exceeds profile " << p.name << "'s limits." << limit << " = "
      << max;
  throw core::ConfigError(msg.str());
}

constexpr auto kWrapBound = static_cast<double>(kInputMaxNoWrap);  // |a| < 2^17 keeps |a << 6| < 2^23: u never wraps.
constexpr auto kVSat = static_cast<double>(kStateMax);              // v saturates beyond 2^23 − 1.
constexpr auto kScale = static_cast<double>(kStateScale);           // 64 state units per weight unit.

struct LayerChoice {
  int e = 0;
  bool vth_saturated = false;
  bool u_wrap = false;
  bool v_sat = false;
};

/// Largest e in [lo, hi] with pred(e), or lo − 1 if none.
template <typename Pred>
int largest(int lo, int hi, Pred pred) {
  for (int e = hi; e >= lo; --e) {
    if (pred(e)) return e;
  }
  return lo - 1;
}

}  // namespace

void check_limits(const core::FloatNetwork& net, const ChipProfile& profile) {
  if (static_cast<long long>(net.layers.size()) > profile.max_layers) {
    over_limit(profile, "network layers", static_cast<long long>(net.layers.size()), "max_layers", profile.max_layers);
  }
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const auto& L = net.layers[l];
    const std::string where = "layer " + std::to_string(l) + " ";
    if (L.outputs() > profile.max_neurons_per_layer) {
      over_limit(profile, where + "neurons", L.outputs(), "max_neurons_per_layer", profile.max_neurons_per_layer);
    }
    if (L.inputs() > profile.max_fan_in) over_limit(profile, where + "fan-in", L.inputs(), "max_fan_in", profile.max_fan_in);
  }
  if (net.synapses() > profile.max_synapses) {
    over_limit(profile, "network synapses", net.synapses(), "max_synapses", profile.max_synapses);
  }
}

MappingResult map_network(const core::FloatNetwork& net, const ChipProfile& profile, const MappingOptions& options) {
  net.validate();
  profile.validate();
  options.validate(profile);
  check_limits(net, profile);

  MappingResult result;
  FixedNetwork& out = result.network;
  MappingReport& report = result.report;
  out.profile = profile.name;
  out.encoding = net.encoding;
  out.metadata_json = net.metadata_json;
  report.profile = profile.name;
  const int bits = options.weight_bits > 0 ? options.weight_bits : profile.max_weight_bits;
  const int steps = std::max(1, net.encoding.steps);

  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const core::Layer& F = net.layers[l];
    FixedLayer X;
    LayerMappingReport R;
    R.layer = static_cast<int>(l);
    R.spiking = F.neuron.spiking;
    X.spiking = F.neuron.spiking;

    // Reset mode.
    R.reset_float = F.neuron.reset;
    X.reset = F.neuron.reset;
    if (!profile.supports(F.neuron.reset)) {
      if (F.neuron.spiking && !options.allow_reset_change) {
        throw core::ConfigError("quantize: layer " + std::to_string(l) + " reset = " + core::to_string(F.neuron.reset) +
                                " is not supported by profile " + profile.name +
                                " (pass --allow-reset-change to use '" + core::to_string(profile.reset_modes.front()) +
                                "')");
      }
      X.reset = profile.reset_modes.front();
      if (F.neuron.spiking) {
        R.reset_changed = true;
        report.notes.push_back("layer " + std::to_string(l) + ": reset changed from " +
                               core::to_string(F.neuron.reset) + " to " + core::to_string(X.reset) +
                               " (profile " + profile.name + " lacks it); accuracy may drop");
      }
    }
    R.reset_fixed = X.reset;

    // Sign mode and weight quantum.
    const Eigen::MatrixXd W = F.weights.cast<double>();
    const double w_max = W.size() > 0 ? W.cwiseAbs().maxCoeff() : 0.0;
    SignMode mode = SignMode::mixed;
    if (W.minCoeff() >= 0.0) {
      mode = SignMode::excitatory;
    } else if (W.maxCoeff() <= 0.0) {
      mode = SignMode::inhibitory;
    }
    if (!profile.supports(mode)) mode = SignMode::mixed;
    const int k = dense_truncation_bits(bits, mode);
    const double step_k = std::ldexp(1.0, k);
    const double top = dense_weight_top(bits, mode);
    if (top <= 0.0 && w_max > 0.0) {
      // MIXED 1-bit: the single bit is the sign, so the chip holds only {−256, 0} (dense.hpp).
      throw core::ConfigError("quantize: layer " + std::to_string(l) + ": weight_bits = " + std::to_string(bits) + " with " +
                              to_string(mode) + " weights (range [" + std::to_string(W.minCoeff()) + ", " +
                              std::to_string(W.maxCoeff()) + "]) keeps no positive value; " + to_string(mode) +
                              " needs weight_bits >= 2 (one bit is the sign)");
    }
    const double theta = F.neuron.v_thresh;
    double q = w_max > 0.0 ? w_max / top : (F.neuron.spiking ? theta / 1024.0 : 1.0);

    Eigen::MatrixXi Wi(W.rows(), W.cols());
    for (Eigen::Index c = 0; c < W.cols(); ++c) {
      for (Eigen::Index r = 0; r < W.rows(); ++r) {
        const double m = std::nearbyint(W(r, c) / (q * step_k)) * step_k;
        Wi(r, c) = static_cast<int>(std::clamp(m, -1024.0, 1024.0));
      }
    }
    X.weights = dense_prepare(Wi, bits, mode);
    X.num_weight_bits = bits;
    X.sign_mode = mode;
    double err_sq = 0.0;
    for (Eigen::Index c = 0; c < W.cols(); ++c) {
      for (Eigen::Index r = 0; r < W.rows(); ++r) {
        if (X.weights(r, c) != Wi(r, c)) ++R.clipped_weights;
        const double err = std::abs(W(r, c) - static_cast<double>(X.weights(r, c)) * q);
        R.weight_err_max = std::max(R.weight_err_max, err);
        err_sq += err * err;
      }
    }
    R.weight_err_rms = W.size() > 0 ? std::sqrt(err_sq / static_cast<double>(W.size())) : 0.0;
    R.max_abs_weight = w_max;
    R.weight_err_rel_max = w_max > 0.0 ? R.weight_err_max / w_max : 0.0;
    R.weight_err_rel_rms = w_max > 0.0 ? R.weight_err_rms / w_max : 0.0;

    // Worst-case one-step input B (integer weight units) and bias magnitude.
    double B = 0.0;
    for (Eigen::Index r = 0; r < X.weights.rows(); ++r) {
      double pos = 0.0;
      double neg = 0.0;
      for (Eigen::Index c = 0; c < X.weights.cols(); ++c) {
        const double w = X.weights(r, c);
        (w > 0 ? pos : neg) += std::abs(w);
      }
      B = std::max({B, pos, neg});
    }
    const double b_max = F.bias.size() > 0 ? static_cast<double>(F.bias.cwiseAbs().maxCoeff()) : 0.0;

    // weight_exp.
    const auto vth_fits = [&](int e) { return std::nearbyint(theta * std::ldexp(1.0, e) / q) <= profile.vth_max(); };
    const auto no_wrap = [&](int e) { return B * std::ldexp(1.0, e) < kWrapBound; };
    const double leak = F.neuron.leak;
    double geo = 0.0;  // Σ_{k<T} δ^k
    for (int t = 0; t < steps; ++t) geo += std::pow(leak, t);
    const auto no_vsat = [&](int e) {
      const double per_step = (B * kScale + b_max * kScale / q) * std::ldexp(1.0, e);
      return per_step * geo <= kVSat;
    };
    const int lo = profile.weight_exp_min;
    const int hi = profile.weight_exp_max;
    int e = 0;
    if (F.neuron.spiking) {
      e = largest(lo, hi, [&](int x) { return vth_fits(x) && no_wrap(x); });
      if (e < lo) {
        e = lo;
        R.threshold_saturated = !vth_fits(lo);
        R.u_wrap_possible = !no_wrap(lo);
      }
    } else {
      const int e12 = largest(lo, hi, no_wrap);
      const int e3 = largest(lo, hi, [&](int x) { return no_wrap(x) && no_vsat(x); });
      if (e12 < lo) {
        e = lo;
        R.u_wrap_possible = true;
        R.v_saturation_possible = !no_vsat(lo);
      } else if (e3 >= 0 || e3 == e12) {
        e = e3;
      } else {
        e = std::max(lo, std::min(0, e12));
        R.v_saturation_possible = !no_vsat(e);
      }
    }
    X.weight_exp = e;
    const double scale = q / std::ldexp(1.0, e);
    X.scale = scale;
    R.scale = scale;
    R.weight_quantum = q;
    R.weight_exp = e;
    R.num_weight_bits = bits;
    R.sign_mode = mode;

    // Threshold.
    if (F.neuron.spiking) {
      const double vth_raw = std::nearbyint(theta / scale);
      X.vth = static_cast<std::int32_t>(std::clamp(vth_raw, 0.0, static_cast<double>(profile.vth_max())));
      R.threshold_saturated = R.threshold_saturated || vth_raw > profile.vth_max();
      R.threshold_rel_error = std::abs(theta - static_cast<double>(X.vth) * scale) / theta;
    } else {
      X.vth = 0;
    }
    R.vth = X.vth;

    // Bias: bias_int = b · 64 / s, shared bias_exp.
    const double b_int_max = b_max * kScale / scale;
    int be = 0;
    while (be < profile.bias_exp_max() && std::nearbyint(b_int_max / std::ldexp(1.0, be)) > profile.bias_mant_max()) ++be;
    X.bias_exp = be;
    X.bias_mant.resize(static_cast<std::size_t>(F.outputs()));
    for (Eigen::Index n = 0; n < F.bias.size(); ++n) {
      const double m = std::nearbyint(static_cast<double>(F.bias(n)) * kScale / scale / std::ldexp(1.0, be));
      const double c = std::clamp(m, static_cast<double>(profile.bias_mant_min()), static_cast<double>(profile.bias_mant_max()));
      if (c != m) ++R.saturated_bias;
      X.bias_mant[static_cast<std::size_t>(n)] = static_cast<std::int32_t>(c);
    }
    R.bias_exp = be;

    // Decays.
    X.du = kDuNoCurrent;
    X.dv = leak_to_dv(leak);
    R.du = X.du;
    R.dv = X.dv;
    R.leak_float = leak;
    R.leak_fixed = dv_to_leak(X.dv);

    if (R.threshold_saturated) report.notes.push_back("layer " + std::to_string(l) + ": threshold saturated at vth = " + std::to_string(X.vth));
    if (R.saturated_bias > 0) report.notes.push_back("layer " + std::to_string(l) + ": " + std::to_string(R.saturated_bias) + " bias mantissas saturated");
    if (R.u_wrap_possible) report.notes.push_back("layer " + std::to_string(l) + ": worst-case input could wrap u even at weight_exp = " + std::to_string(e));
    if (R.v_saturation_possible) report.notes.push_back("layer " + std::to_string(l) + ": worst-case input over T steps could saturate the output v");
    out.layers.push_back(std::move(X));
    report.layers.push_back(R);
  }
  out.validate();
  return result;
}

}  // namespace spikeforge::quantizer

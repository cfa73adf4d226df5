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
  if (netx_exact) {
    const std::string why = "quantize: --netx-exact needs a profile with ";
    if (profile.weight_exp_min > 0 || profile.weight_exp_max < 0) {
      throw core::ConfigError(why + "weight_exp 0 (profile " + profile.name + ": [" + std::to_string(profile.weight_exp_min) +
                              ", " + std::to_string(profile.weight_exp_max) + "])");
    }
    if (profile.bias_exp_max() < kStateShift) {
      throw core::ConfigError(why + "bias_exp 6 (profile " + profile.name + ": bias_exp_bits = " +
                              std::to_string(profile.bias_exp_bits) + ")");
    }
    if (!profile.supports(core::ResetMode::zero)) {
      throw core::ConfigError(why + "reset zero (profile " + profile.name + " lacks it)");
    }
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
constexpr int kNetxBiasExp = kStateShift;  // netx: LIF(bias_mant = stored bias, bias_exp = 6)
constexpr int kMaxNetxDoublings = 8;       // 2^8 coarser than the 8-bit range leaves about one weight level

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
    // netx's CUBA neuron resets to zero: a netx-exact network has no other reset.
    const bool netx_lacks_reset = options.netx_exact && F.neuron.reset != core::ResetMode::zero;
    if (!profile.supports(F.neuron.reset) || netx_lacks_reset) {
      const core::ResetMode to = options.netx_exact ? core::ResetMode::zero : profile.reset_modes.front();
      const std::string why = netx_lacks_reset ? "netx (--netx-exact): its CUBA neuron resets to zero"
                                               : "profile " + profile.name + " lacks it";
      if (F.neuron.spiking && !options.allow_reset_change) {
        throw core::ConfigError("quantize: layer " + std::to_string(l) + " reset = " + core::to_string(F.neuron.reset) +
                                " is not supported by " + (netx_lacks_reset ? std::string("netx") : "profile " + profile.name) +
                                " (" + (netx_lacks_reset ? "--netx-exact: its CUBA neuron resets to zero; " : "") +
                                "pass --allow-reset-change to use '" + core::to_string(to) + "')");
      }
      X.reset = to;
      if (F.neuron.spiking) {
        R.reset_changed = true;
        report.notes.push_back("layer " + std::to_string(l) + ": reset changed from " +
                               core::to_string(F.neuron.reset) + " to " + core::to_string(X.reset) + " (" + why +
                               "); accuracy may drop");
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
    // netx re-derives the sign mode from the stored weights, and lava-dl's optimizer mis-scales some
    // all-negative matrices (export/netx.hpp): a netx-exact layer is never INHIBITORY.
    if (!profile.supports(mode) || (options.netx_exact && mode == SignMode::inhibitory)) mode = SignMode::mixed;
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

    // Integer weights on the truncation grid for a quantum q, the chip's effective weights, and
    // the worst-case one-step input B (integer weight units) they give.
    Eigen::MatrixXi Wi(W.rows(), W.cols());
    double B = 0.0;
    const auto quantize_weights = [&](double quantum) {
      for (Eigen::Index c = 0; c < W.cols(); ++c) {
        for (Eigen::Index r = 0; r < W.rows(); ++r) {
          const double m = std::nearbyint(W(r, c) / (quantum * step_k)) * step_k;
          Wi(r, c) = static_cast<int>(std::clamp(m, -1024.0, 1024.0));
        }
      }
      X.weights = dense_prepare(Wi, bits, mode);
      B = 0.0;
      for (Eigen::Index r = 0; r < X.weights.rows(); ++r) {
        double pos = 0.0;
        double neg = 0.0;
        for (Eigen::Index c = 0; c < X.weights.cols(); ++c) {
          const double w = X.weights(r, c);
          (w > 0 ? pos : neg) += std::abs(w);
        }
        B = std::max({B, pos, neg});
      }
    };
    quantize_weights(q);
    X.num_weight_bits = bits;
    X.sign_mode = mode;
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
    if (options.netx_exact) {
      // weight_exp stays 0 (netx folds it into the stored 8-bit weights). Where the plain mapping
      // would pick a negative exponent (the threshold does not fit vth, or the input could wrap u),
      // double the quantum instead: the same coarser grid, expressed in the weights.
      int doublings = 0;
      while (doublings < kMaxNetxDoublings && !((!F.neuron.spiking || vth_fits(0)) && no_wrap(0))) {
        q *= 2.0;
        quantize_weights(q);
        ++doublings;
      }
      R.threshold_saturated = F.neuron.spiking && !vth_fits(0);
      R.u_wrap_possible = !no_wrap(0);
      R.v_saturation_possible = !F.neuron.spiking && !no_vsat(0);
      if (doublings > 0) {
        report.notes.push_back("layer " + std::to_string(l) + ": netx-exact: weight quantum doubled " +
                               std::to_string(doublings) + " time(s) instead of a negative weight_exp");
      }
    } else if (F.neuron.spiking) {
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
    if (options.netx_exact) {
      be = kNetxBiasExp;  // netx stores biases in weight units and builds LIF(bias_exp = 6)
    } else {
      while (be < profile.bias_exp_max() && std::nearbyint(b_int_max / std::ldexp(1.0, be)) > profile.bias_mant_max()) ++be;
    }
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
    if (F.neuron.spiking && X.vth == 0) {
      report.notes.push_back("warning: layer " + std::to_string(l) + ": threshold " + std::to_string(theta) +
                             " rounds to vth = 0 at scale " + std::to_string(scale) + " (max |weight| " +
                             std::to_string(w_max) + "): the layer's neurons fire on any non-negative potential");
    }
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

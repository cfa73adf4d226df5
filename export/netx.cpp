#include "export/netx.hpp"

#include <cmath>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/h5.hpp"
#include "export/fixed_checks.hpp"
#include "export/netx_dense.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/fixed_point.hpp"
#include "quantizer/golden.hpp"

namespace spikeforge::exporter {
namespace {

using quantizer::FixedLayer;
using quantizer::FixedNetwork;

// netx builds LIF(bias_exp = 6, bias_mant = bias): it stores biases in weight units, and 6 is the
// state shift (a bias of 1 in the file adds 1 << 6 to v, as one unit of input adds 1 << 6 to u).
constexpr int kNetxBiasExp = quantizer::kStateShift;

// x · 2^e as an exact double (|x| < 2^13, |e| ≤ 16: exact in binary floating point).
double scaled(std::int64_t x, int e) { return std::ldexp(static_cast<double>(x), e); }

}  // namespace

std::vector<NetxLayer> fixed_to_netx(const FixedNetwork& net, const NetxOptions& options, NetxReport* report) {
  check_fixed_network(net, "export netx");
  NetxReport local;
  NetxReport& rep = report ? *report : local;
  std::vector<NetxLayer> out;
  for (std::size_t li = 0; li < net.layers.size(); ++li) {
    const FixedLayer& l = net.layers[li];
    const std::string at = "export netx: layer " + std::to_string(li) + " ";
    if (l.spiking && l.reset == core::ResetMode::subtract) {
      if (!options.allow_reset_change) {
        throw core::ConfigError(at + "reset = subtract: netx's CUBA neuron resets to zero; refusing to change the "
                                     "network's behaviour (pass --allow-reset-change to export anyway)");
      }
      if (!rep.reset_changed) rep.notes.push_back("reset subtract written as netx CUBA (reset to zero)");
      rep.reset_changed = true;
    }
    NetxLayer x;
    x.type = "dense";
    // Weights: W_eff · 2^weight_exp, which netx must load back unchanged (export/netx_dense.hpp).
    constexpr const char* kHow = " (map with `quantize --netx-exact`, or pass --allow-rounding)";
    Eigen::MatrixXi folded(l.outputs(), l.inputs());
    for (Eigen::Index r = 0; r < l.weights.rows(); ++r) {
      for (Eigen::Index c = 0; c < l.weights.cols(); ++c) {
        const double w = scaled(l.weights(r, c), l.weight_exp);
        const double v = std::clamp(std::nearbyint(w), static_cast<double>(quantizer::kWeightMin),
                                    static_cast<double>(quantizer::kWeightMax));
        if (v != w && !options.allow_rounding) {
          throw core::RangeError(at + "weights[" + std::to_string(r) + "," + std::to_string(c) + "] = " +
                                 std::to_string(l.weights(r, c)) + " with weight_exp = " + std::to_string(l.weight_exp) +
                                 " is " + std::to_string(w) + ", not an integer in [-256, 255] as netx needs" + kHow);
        }
        folded(r, c) = static_cast<int>(v);
      }
    }
    const NetxDense dense = netx_dense(folded);
    if (!dense.loadable) throw core::RangeError(at + "netx cannot hold these weights: " + dense.first_change);
    if (!dense.exact() && !options.allow_rounding) {
      throw core::RangeError(at + "netx would not load the weights exactly: " + dense.first_change + "; " +
                             std::to_string(dense.changed) + " weight(s) affected" + kHow);
    }
    x.weight = folded.cast<float>();
    for (Eigen::Index r = 0; r < l.weights.rows(); ++r) {
      for (Eigen::Index c = 0; c < l.weights.cols(); ++c) {
        // The weight netx's Dense applies against the one the network has (both exact doubles).
        rep.weights_rounded += dense.effective(r, c) != scaled(l.weights(r, c), l.weight_exp) ? 1 : 0;
      }
    }
    // Biases: bias_mant · 2^(bias_exp − 6), an integer that must fit Loihi's 13-bit bias_mant.
    x.bias.resize(l.outputs());
    for (int n = 0; n < l.outputs(); ++n) {
      const auto mant = l.bias_mant[static_cast<std::size_t>(n)];
      const double b = scaled(mant, l.bias_exp - kNetxBiasExp);
      const double v = std::clamp(std::nearbyint(b), static_cast<double>(quantizer::kBiasMantMin),
                                  static_cast<double>(quantizer::kBiasMantMax));
      if (v != b) {
        if (!options.allow_rounding) {
          throw core::RangeError(at + "bias_mant[" + std::to_string(n) + "] = " + std::to_string(mant) + " with bias_exp = " +
                                 std::to_string(l.bias_exp) + " is " + std::to_string(b) +
                                 " in netx's bias units (bias_exp 6), not an integer in [-4096, 4095]" + kHow);
        }
        ++rep.biases_rounded;
      }
      x.bias(n) = static_cast<float>(v);
    }
    x.has_neuron = true;
    x.neuron_type = "CUBA";
    x.i_decay = l.du + quantizer::kCurrentDecayOffset;  // netx: du = iDecay − 1
    x.v_decay = l.dv;
    x.v_th_mant = l.spiking ? l.vth : quantizer::kVthMax;
    x.ref_delay = 1;
    x.graded_spike = false;
    out.push_back(std::move(x));
  }
  if (rep.weights_rounded > 0) {
    rep.notes.push_back(std::to_string(rep.weights_rounded) + " weights differ in netx (rounded to its integer convention "
                        "or changed by its weight loader)");
  }
  if (rep.biases_rounded > 0) {
    rep.notes.push_back(std::to_string(rep.biases_rounded) + " biases rounded to netx's bias_exp = 6 convention");
  }
  rep.notes.push_back("netx runs the lava timing (each layer one step later, biases from step 1): feed the " +
                      std::to_string(net.encoding.steps) + " input steps, then " + std::to_string(net.layers.size()) +
                      " empty ones, and read the output after step " +
                      std::to_string(quantizer::run_steps(quantizer::Timing::lava, net.encoding.steps, net.layers.size())) +
                      "; `eval --timing lava` gives its accuracy");
  if (!net.layers.back().spiking) {
    rep.notes.push_back("output integrator written as CUBA with vThMant = " + std::to_string(quantizer::kVthMax) +
                        " (spikes only if v > " + std::to_string(quantizer::threshold_to_state(quantizer::kVthMax)) + ")");
  }
  return out;
}

NetxReport write_netx(const std::filesystem::path& path, const FixedNetwork& net, const NetxOptions& options) {
  NetxReport report;
  const auto layers = fixed_to_netx(net, options, &report);
  const auto tmp = core::temp_path_for(path);
  try {
    {
      auto file = core::h5::File::create(tmp.string());
      auto root = file.create_group("layer");
      for (std::size_t i = 0; i < layers.size(); ++i) {
        const NetxLayer& x = layers[i];
        auto g = root.create_group(std::to_string(i));
        g.write_string("type", x.type);
        const std::vector<std::int64_t> shape{x.weight.rows()};
        g.write_array("shape", std::span<const std::int64_t>(shape), {1});
        g.write_scalar("inFeatures", static_cast<std::int64_t>(x.weight.cols()));
        g.write_scalar("outFeatures", static_cast<std::int64_t>(x.weight.rows()));
        // Row-major (n_out, n_in) as h5py/numpy expect.
        std::vector<float> w(static_cast<std::size_t>(x.weight.size()));
        for (Eigen::Index r = 0; r < x.weight.rows(); ++r) {
          for (Eigen::Index c = 0; c < x.weight.cols(); ++c) {
            w[static_cast<std::size_t>(r * x.weight.cols() + c)] = x.weight(r, c);
          }
        }
        g.write_array_deflated("weight", std::span<const float>(w),
                               {static_cast<std::size_t>(x.weight.rows()), static_cast<std::size_t>(x.weight.cols())},
                               core::h5::kWeightDeflateLevel);
        const std::vector<float> b(x.bias.data(), x.bias.data() + x.bias.size());
        g.write_array("bias", std::span<const float>(b), {b.size()});
        auto n = g.create_group("neuron");
        n.write_string("type", x.neuron_type);
        n.write_scalar("iDecay", x.i_decay);
        n.write_scalar("vDecay", x.v_decay);
        n.write_scalar("vThMant", x.v_th_mant);
        n.write_scalar("refDelay", x.ref_delay);
        n.write_bool("gradedSpike", x.graded_spike);
      }
      file.close();
    }
    core::commit_temp_file(tmp, path);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
  return report;
}

std::vector<NetxLayer> read_netx(const std::filesystem::path& path) {
  const auto file = core::h5::File::open(path.string());
  const std::string src = "netx " + path.string() + ": ";
  const auto root = file.open_group("layer");
  const auto names = root.list();
  std::vector<NetxLayer> layers;
  Eigen::Index prev = -1;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string name = std::to_string(i);
    if (!root.exists(name)) {
      throw core::InputError(src + "/layer has " + std::to_string(names.size()) + " members but no /layer/" + name);
    }
    const auto g = root.open_group(name);
    const std::string at = src + "/layer/" + name + ": ";
    NetxLayer x;
    x.type = g.read_string("type");
    if (x.type != "dense") throw core::InputError(at + "type = '" + x.type + "', only 'dense' is supported");
    const auto w = g.read_floats("weight");
    if (w.dims.size() != 2) throw core::InputError(at + "weight has rank " + std::to_string(w.dims.size()) + ", expected 2");
    const auto rows = static_cast<Eigen::Index>(w.dims[0]);
    const auto cols = static_cast<Eigen::Index>(w.dims[1]);
    if (prev >= 0 && cols != prev) {
      throw core::InputError(at + "weight has " + std::to_string(cols) + " columns, previous layer has " +
                             std::to_string(prev) + " outputs");
    }
    const auto shape = g.read_int64s("shape");
    if (shape.values.size() != 1 || shape.values[0] != rows) {
      throw core::InputError(at + "shape does not match the weight's " + std::to_string(rows) + " rows");
    }
    x.weight.resize(rows, cols);
    for (Eigen::Index r = 0; r < rows; ++r) {
      for (Eigen::Index c = 0; c < cols; ++c) x.weight(r, c) = w.values[static_cast<std::size_t>(r * cols + c)];
    }
    x.bias = Eigen::VectorXf::Zero(rows);
    if (g.exists("bias")) {
      const auto b = g.read_floats("bias");
      if (b.values.size() != static_cast<std::size_t>(rows)) {
        throw core::InputError(at + "bias has " + std::to_string(b.values.size()) + " entries, expected " +
                               std::to_string(rows));
      }
      for (Eigen::Index n = 0; n < rows; ++n) x.bias(n) = b.values[static_cast<std::size_t>(n)];
    }
    x.has_neuron = g.exists("neuron");
    if (x.has_neuron) {
      const auto n = g.open_group("neuron");
      x.neuron_type = n.read_string("type");
      x.i_decay = n.read_int64("iDecay");
      x.v_decay = n.read_int64("vDecay");
      x.v_th_mant = n.read_int64("vThMant");
      x.ref_delay = n.exists("refDelay") ? n.read_int64("refDelay") : 1;
      x.graded_spike = n.exists("gradedSpike") && n.read_bool("gradedSpike");
    }
    prev = rows;
    layers.push_back(std::move(x));
  }
  if (layers.empty()) throw core::InputError(src + "/layer is empty");
  return layers;
}

FixedNetwork netx_to_fixed(const std::vector<NetxLayer>& layers) {
  FixedNetwork net;
  net.profile = "loihi";  // netx builds plain Lava processes: the loihi profile's arithmetic
  for (std::size_t li = 0; li < layers.size(); ++li) {
    const NetxLayer& x = layers[li];
    const std::string at = "netx: layer " + std::to_string(li) + " ";
    if (!x.has_neuron || x.neuron_type != "CUBA") {
      throw core::ConfigError(at + "neuron type '" + x.neuron_type + "' is not supported (expected CUBA)");
    }
    FixedLayer l;
    const Eigen::MatrixXi wi = x.weight.array().round().cast<int>();
    l.sign_mode = quantizer::infer_sign_mode(wi);
    l.num_weight_bits = 8;
    // Find a weight_exp so that W = W_eff · 2^weight_exp exactly (netx sums the integers exactly).
    bool found = false;
    for (int e : {0, 1, 2, 3, 4, 5, 6, 7, -1, -2, -3, -4, -5, -6, -7, -8}) {
      Eigen::MatrixXi eff(wi.rows(), wi.cols());
      bool ok = true;
      for (Eigen::Index k = 0; k < wi.size() && ok; ++k) {
        const int w = wi(k);
        const int m = e >= 0 ? ((w % (1 << e)) == 0 ? w / (1 << e) : INT32_MAX) : w * (1 << -e);
        ok = m != INT32_MAX && quantizer::dense_effective_weight(m, 8, l.sign_mode) == m;
        eff(k) = m;
      }
      if (ok) {
        l.weights = eff.cast<std::int16_t>();
        l.weight_exp = e;
        found = true;
        break;
      }
    }
    if (!found) throw core::ConfigError(at + "weights cannot be held as 8-bit Lava weights with one weight_exp");
    if (x.i_decay < 1 || x.i_decay > quantizer::kDecayUnity) {
      throw core::ConfigError(at + "iDecay = " + std::to_string(x.i_decay) + " (du = iDecay - 1) outside [1, 4096]");
    }
    l.du = static_cast<int>(x.i_decay - quantizer::kCurrentDecayOffset);
    l.dv = static_cast<int>(x.v_decay);
    l.vth = static_cast<std::int32_t>(x.v_th_mant);
    l.bias_exp = kNetxBiasExp;
    for (Eigen::Index n = 0; n < x.bias.size(); ++n) l.bias_mant.push_back(static_cast<std::int32_t>(std::lround(x.bias(n))));
    l.reset = core::ResetMode::zero;
    l.spiking = !(li + 1 == layers.size() && x.v_th_mant == quantizer::kVthMax);
    net.layers.push_back(std::move(l));
  }
  net.validate();
  return net;
}

}  // namespace spikeforge::exporter

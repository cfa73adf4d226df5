// NIR writer and the fixed → float dequantization it uses for net.q.json (layout: export/nir.hpp).
#include <algorithm>
#include <cmath>
#include <limits>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/h5.hpp"
#include "export/fixed_checks.hpp"
#include "export/nir.hpp"
#include "quantizer/fixed_point.hpp"

namespace spikeforge::exporter {
namespace {

constexpr const char* kNirVersion = "1.0";

std::vector<float> filled(int n, double value) { return std::vector<float>(static_cast<std::size_t>(n), static_cast<float>(value)); }

void write_vec(core::h5::Group& g, const std::string& name, const std::vector<float>& v) {
  g.write_array(name, std::span<const float>(v), {v.size()});
}

// τ and R for a leak δ < 1 (export/nir.hpp, "Time").
struct Tau {
  double tau;
  double r;
};
Tau tau_for(double delta, const NirWriteOptions& o) {
  const double tau = o.time == NirTime::euler ? o.dt / (1.0 - delta) : -o.dt / std::log(delta);
  return {tau, 1.0 / (1.0 - delta)};
}

// The threshold of an output integrator written as an LIF: twice the largest potential it can
// reach (so it never fires), counting a current decay α as the gain 1/(1 − α) it gives the input.
double readout_threshold(const core::Layer& l, double alpha, int steps) {
  core::Layer gained = l;
  if (alpha > 0.0) gained.weights = (l.weights.cast<double>() / (1.0 - alpha)).cast<float>();
  const double bound = readout_bound(gained, steps);
  return bound > 0.0 ? 2.0 * bound : 1.0;
}

// alpha: the layer's synaptic current decay per step (0 = none: LIF / LI / IF / I nodes; > 0: CubaLIF /
// CubaLI with the layer's bias moved into v_leak, since our bias enters v directly, not the current).
// readout: the output integrator written as a never-firing LIF (NirReadout::lif).
void write_neuron(core::h5::Group& g, const core::Layer& l, double alpha, bool readout, int steps,
                  const NirWriteOptions& o) {
  const int n = l.outputs();
  const double delta = static_cast<double>(l.neuron.leak);
  const bool leaky = delta < 1.0;
  const bool fires = l.neuron.spiking || readout;  // a node type with a threshold and a reset
  const double threshold = readout ? readout_threshold(l, alpha, steps) : static_cast<double>(l.neuron.v_thresh);
  if (fires) {
    auto meta = g.create_group("metadata");
    meta.write_vlen_string("reset", core::to_string(readout ? core::ResetMode::zero : l.neuron.reset));
    if (readout) meta.write_vlen_string("readout", "potential");
  }
  if (alpha > 0.0) {
    const Tau t = tau_for(delta, o);
    const double tau_syn = o.time == NirTime::euler ? o.dt / (1.0 - alpha) : -o.dt / std::log(alpha);
    g.write_vlen_string("type", fires ? "CubaLIF" : "CubaLI");
    write_vec(g, "tau_syn", filled(n, tau_syn));
    write_vec(g, "tau_mem", filled(n, t.tau));
    write_vec(g, "r", filled(n, t.r));
    write_vec(g, "w_in", filled(n, 1.0 / (1.0 - alpha)));
    std::vector<float> v_leak(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) v_leak[static_cast<std::size_t>(i)] = static_cast<float>(static_cast<double>(l.bias(i)) / (1.0 - delta));
    write_vec(g, "v_leak", v_leak);
    if (fires) {
      write_vec(g, "v_threshold", filled(n, threshold));
      write_vec(g, "v_reset", filled(n, 0.0));
    }
    return;
  }
  if (fires) {
    if (leaky) {
      const Tau t = tau_for(delta, o);
      g.write_vlen_string("type", "LIF");
      write_vec(g, "tau", filled(n, t.tau));
      write_vec(g, "r", filled(n, t.r));
      write_vec(g, "v_leak", filled(n, 0.0));
    } else {
      g.write_vlen_string("type", "IF");
      write_vec(g, "r", filled(n, 1.0 / o.dt));
    }
    write_vec(g, "v_threshold", filled(n, threshold));
    write_vec(g, "v_reset", filled(n, 0.0));
  } else if (leaky) {
    const Tau t = tau_for(delta, o);
    g.write_vlen_string("type", "LI");
    write_vec(g, "tau", filled(n, t.tau));
    write_vec(g, "r", filled(n, t.r));
    write_vec(g, "v_leak", filled(n, 0.0));
  } else {
    g.write_vlen_string("type", "I");
    write_vec(g, "r", filled(n, 1.0 / o.dt));
  }
}

}  // namespace

NirTime parse_nir_time(const std::string& text, const std::string& field) {
  if (text == "euler") return NirTime::euler;
  if (text == "exp") return NirTime::exp;
  throw core::ConfigError(field + ": unknown discretization '" + text + "' (expected 'euler' or 'exp')");
}

const char* to_string(NirTime t) { return t == NirTime::euler ? "euler" : "exp"; }

NirReadout parse_nir_readout(const std::string& text, const std::string& field) {
  if (text == "li") return NirReadout::li;
  if (text == "lif") return NirReadout::lif;
  throw core::ConfigError(field + ": unknown readout '" + text + "' (expected 'li' or 'lif')");
}

const char* to_string(NirReadout r) { return r == NirReadout::li ? "li" : "lif"; }

double readout_bound(const core::Layer& layer, int steps, std::vector<double>* per_neuron) {
  const double delta = static_cast<double>(layer.neuron.leak);
  const double horizon = delta < 1.0 ? 1.0 / (1.0 - delta)
                                     : (steps > 0 ? static_cast<double>(steps) : std::numeric_limits<double>::infinity());
  double worst = 0.0;
  if (per_neuron != nullptr) per_neuron->assign(static_cast<std::size_t>(layer.outputs()), 0.0);
  for (Eigen::Index r = 0; r < layer.weights.rows(); ++r) {
    double rise = std::max(0.0, static_cast<double>(layer.bias(r)));
    for (Eigen::Index c = 0; c < layer.weights.cols(); ++c) rise += std::max(0.0, static_cast<double>(layer.weights(r, c)));
    const double bound = rise > 0.0 ? rise * horizon : 0.0;
    if (per_neuron != nullptr) (*per_neuron)[static_cast<std::size_t>(r)] = bound;
    worst = std::max(worst, bound);
  }
  return worst;
}

void NirWriteOptions::validate() const {
  if (!std::isfinite(dt) || dt <= 0.0) {
    throw core::ConfigError("export nir: dt = " + std::to_string(dt) + " must be finite and > 0");
  }
}

namespace {
core::FloatNetwork dequantize_impl(const quantizer::FixedNetwork& net, bool allow_current) {
  check_fixed_network(net, "dequantize");
  core::FloatNetwork f;
  f.encoding = net.encoding;
  f.metadata_json = net.metadata_json;
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const auto& q = net.layers[i];
    const std::string at = "dequantize: layer " + std::to_string(i) + " ";
    if (q.du != quantizer::kDuNoCurrent && !allow_current) {
      throw core::ConfigError(at + "du = " + std::to_string(q.du) +
                              ": a current decay has no float-model equivalent (only du = 4095 dequantizes)");
    }
    if (!std::isfinite(q.scale) || q.scale <= 0.0) {
      throw core::ConfigError(at + "scale = " + std::to_string(q.scale) + " must be finite and > 0");
    }
    core::Layer l;
    l.weights = (q.weights.cast<double>() * std::ldexp(q.scale, q.weight_exp)).cast<float>();
    l.bias.resize(q.outputs());
    for (int n = 0; n < q.outputs(); ++n) {
      // bias_mant · 2^bias_exp state units, and scale / 64 float units per state unit.
      l.bias(n) = static_cast<float>(std::ldexp(static_cast<double>(q.bias_mant[static_cast<std::size_t>(n)]) * q.scale,
                                                q.bias_exp - quantizer::kStateShift));
    }
    l.neuron.leak = static_cast<float>(quantizer::dv_to_leak(q.dv));
    if (q.spiking && q.vth == 0) {
      throw core::ConfigError(at + "vth = 0: the float model needs a threshold > 0");
    }
    l.neuron.v_thresh = q.spiking ? static_cast<float>(q.vth * q.scale) : 1.0F;
    l.neuron.reset = q.reset;
    l.neuron.spiking = q.spiking;
    f.layers.push_back(std::move(l));
  }
  f.validate();
  return f;
}
}  // namespace

core::FloatNetwork dequantize(const quantizer::FixedNetwork& net) { return dequantize_impl(net, false); }

namespace {
NirReport write_nir_impl(const std::filesystem::path& path, const core::FloatNetwork& net, const NirWriteOptions& options,
                         const std::vector<double>& alpha) {
  options.validate();
  net.validate();
  NirReport rep;
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const auto& n = net.layers[i].neuron;
    if (n.spiking && n.reset == core::ResetMode::subtract) {
      if (!options.allow_reset_change) {
        throw core::ConfigError("export nir: layer " + std::to_string(i) +
                                " reset = subtract: NIR's LIF resets to v_reset, its node set has no subtract reset; "
                                "refusing to write a network NIR tools would run differently (pass "
                                "--allow-reset-change to write an LIF with v_reset = 0 and metadata reset = "
                                "\"subtract\", which `spikeforge import` restores)");
      }
      rep.reset_changed = true;
    }
  }
  if (rep.reset_changed) {
    rep.notes.push_back("reset subtract written as NIR LIF (v_reset = 0) with node metadata reset = \"subtract\": "
                        "`spikeforge import` restores it, tools that ignore node metadata run a zero reset");
  }
  const bool readout_lif = options.readout == NirReadout::lif && !net.layers.back().neuron.spiking;
  if (readout_lif) {
    rep.notes.push_back("output integrator written as an LIF whose threshold its input cannot reach (metadata "
                        "readout = \"potential\"): read its membrane potential");
  }

  const auto tmp = core::temp_path_for(path);
  try {
    {
      auto file = core::h5::File::create(tmp.string());
      file.write_vlen_string("version", kNirVersion);
      auto graph = file.create_group("node");
      graph.write_vlen_string("type", "NIRGraph");
      auto meta = graph.create_group("metadata");
      meta.write_scalar("dt", options.dt);
      meta.write_vlen_string("discretization", to_string(options.time));
      meta.write_vlen_string("generator", "spikeforge " SPIKEFORGE_VERSION);
      meta.write_scalar("steps", static_cast<std::int64_t>(net.encoding.steps));
      // The input encoding, so that an import evaluates on the same spikes (ours; other tools ignore it).
      meta.write_vlen_string("dataset", net.encoding.dataset);
      meta.write_vlen_string("encoding", net.encoding.encoding);
      meta.write_scalar("seed", static_cast<std::int64_t>(net.encoding.seed));
      meta.write_scalar("bin_us", net.encoding.bin_us);
      meta.write_scalar("latency_cutoff", net.encoding.latency_cutoff);
      auto nodes = graph.create_group("nodes");
      std::vector<std::string> names{"input"};
      {
        auto in = nodes.create_group("input");
        in.write_vlen_string("type", "Input");
        const std::vector<std::int64_t> shape{net.inputs()};
        in.write_array("shape", std::span<const std::int64_t>(shape), {1});
      }
      for (std::size_t i = 0; i < net.layers.size(); ++i) {
        const auto& l = net.layers[i];
        const std::string aff = std::to_string(2 * i);
        const std::string neu = std::to_string(2 * i + 1);
        auto a = nodes.create_group(aff);
        a.write_vlen_string("type", "Affine");
        std::vector<float> w(static_cast<std::size_t>(l.weights.size()));
        for (Eigen::Index r = 0; r < l.weights.rows(); ++r) {
          for (Eigen::Index c = 0; c < l.weights.cols(); ++c) {
            w[static_cast<std::size_t>(r * l.weights.cols() + c)] = l.weights(r, c);
          }
        }
        // Deflated (core::h5): a pruned layer's file size follows its nonzero weights; readers see no difference.
        a.write_array_deflated("weight", std::span<const float>(w),
                               {static_cast<std::size_t>(l.weights.rows()), static_cast<std::size_t>(l.weights.cols())},
                               core::h5::kWeightDeflateLevel);
        if (alpha[i] > 0.0) {
          write_vec(a, "bias", filled(l.outputs(), 0.0));  // the bias goes to the neuron's v_leak
        } else {
          write_vec(a, "bias", std::vector<float>(l.bias.data(), l.bias.data() + l.bias.size()));
        }
        auto nn = nodes.create_group(neu);
        write_neuron(nn, l, alpha[i], readout_lif && i + 1 == net.layers.size(), net.encoding.steps, options);
        names.push_back(aff);
        names.push_back(neu);
      }
      {
        auto out = nodes.create_group("output");
        out.write_vlen_string("type", "Output");
        const std::vector<std::int64_t> shape{net.outputs()};
        out.write_array("shape", std::span<const std::int64_t>(shape), {1});
      }
      names.push_back("output");
      std::vector<std::string> edges;
      for (std::size_t i = 0; i + 1 < names.size(); ++i) {
        edges.push_back(names[i]);
        edges.push_back(names[i + 1]);
      }
      graph.write_strings("edges", edges, {edges.size() / 2, 2});
      file.close();
    }
    core::commit_temp_file(tmp, path);
  } catch (...) {
    std::error_code ec;
    std::filesystem::remove(tmp, ec);
    throw;
  }
  return rep;
}

}  // namespace

NirReport write_nir(const std::filesystem::path& path, const core::FloatNetwork& net, const NirWriteOptions& options) {
  return write_nir_impl(path, net, options, std::vector<double>(net.layers.size(), 0.0));
}

NirReport write_nir(const std::filesystem::path& path, const quantizer::FixedNetwork& net, const NirWriteOptions& options) {
  const core::FloatNetwork f = dequantize_impl(net, true);
  std::vector<double> alpha;
  for (std::size_t i = 0; i < net.layers.size(); ++i) {
    const auto& q = net.layers[i];
    alpha.push_back(quantizer::du_to_current_decay(q.du));
    if (alpha.back() > 0.0 && q.dv == 0) {
      throw core::ConfigError("export nir: layer " + std::to_string(i) + " du = " + std::to_string(q.du) +
                              " with dv = 0: a CubaLIF without membrane leak cannot carry the bias (tau_mem = inf)");
    }
  }
  auto rep = write_nir_impl(path, f, options, alpha);
  rep.notes.push_back("fixed network dequantized through each layer's scale (NIR is a float format)");
  for (std::size_t i = 0; i < alpha.size(); ++i) {
    if (alpha[i] > 0.0) {
      rep.notes.push_back("layer " + std::to_string(i) + ": current decay written as CubaLIF/CubaLI (bias in v_leak)");
    }
  }
  return rep;
}

}  // namespace spikeforge::exporter

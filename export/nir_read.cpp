// NIR reader: a feed-forward NIR graph → FloatNetwork (mapping: export/nir.hpp).
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/h5.hpp"
#include "export/nir.hpp"

namespace spikeforge::exporter {
namespace {

constexpr double kUnitGainTol = 1e-6;     // r·dt/τ this close to 1 is exactly 1: τ and r stored as float32
                                          // carry 2^-24 relative error each (gain off by ~1.2e-7)
constexpr double kSameLeakTol = 1e-6;     // per-neuron leaks within this are one layer leak δ
constexpr double kNoSynDecayTol = 1e-6;   // CubaLIF synaptic decay below this counts as "no current state"

const std::set<std::string> kSynapses{"Affine", "Linear"};
const std::set<std::string> kNeurons{"LIF", "CubaLIF", "IF", "LI", "CubaLI", "I"};

struct Ctx {
  std::string file;
  double dt;
  NirTime time;
  std::optional<core::ResetMode> reset;     // --reset: overrides the nodes' metadata
  int steps = 0;                            // /node/metadata/steps (0 = unknown)
  mutable std::vector<std::string> unstated;  // spiking nodes without metadata/reset
  mutable NirImportReport report;

  // A node's metadata/<key> as a string, or "" if absent.
  std::string meta(const core::h5::Group& g, const std::string& key) const {
    if (!g.exists("metadata")) return "";
    const auto m = g.open_group("metadata");
    return m.exists(key) ? m.read_string(key) : "";
  }

  [[noreturn]] void fail(const std::string& node, const std::string& what) const {
    throw core::InputError("nir " + file + ": node '" + node + "': " + what);
  }
  [[noreturn]] void fail_graph(const std::string& what) const { throw core::InputError("nir " + file + ": " + what); }

  // A per-neuron parameter: n values (or 1, broadcast). Missing → InputError naming node and field.
  std::vector<double> vec(const core::h5::Group& g, const std::string& node, const std::string& field, int n,
                          bool required = true, double fallback = 0.0) const {
    if (!g.exists(field)) {
      if (!required) return std::vector<double>(static_cast<std::size_t>(n), fallback);
      fail(node, "missing field '" + field + "'");
    }
    auto a = g.read_doubles(field);
    if (a.values.size() == 1) a.values.assign(static_cast<std::size_t>(n), a.values[0]);
    if (a.values.size() != static_cast<std::size_t>(n)) {
      fail(node, "field '" + field + "' has " + std::to_string(a.values.size()) + " values, expected " +
                     std::to_string(n) + " (the size of the layer before it)");
    }
    for (std::size_t i = 0; i < a.values.size(); ++i) {
      if (std::isnan(a.values[i])) fail(node, field + "[" + std::to_string(i) + "] is NaN");
    }
    return a.values;
  }

  // δ for a time constant τ (τ = ∞ → 1).
  double leak(double tau) const {
    if (std::isinf(tau) && tau > 0) return 1.0;
    return time == NirTime::euler ? 1.0 - dt / tau : std::exp(-dt / tau);
  }
  // Input gain of one step: Euler (dt/τ)·r, exp (1 − δ)·r.
  double gain(double tau, double r) const {
    const double g = time == NirTime::euler ? r * dt / tau : r * (1.0 - leak(tau));
    return std::abs(g - 1.0) < kUnitGainTol ? 1.0 : g;
  }
};

struct Synapse {
  Eigen::MatrixXd w;
  Eigen::VectorXd b;
};

Synapse read_synapse(const Ctx& c, const core::h5::Group& g, const std::string& name, const std::string& type, int n_in) {
  if (!g.exists("weight")) c.fail(name, "missing field 'weight'");
  const auto w = g.read_doubles("weight");
  if (w.dims.size() != 2) c.fail(name, "weight has rank " + std::to_string(w.dims.size()) + ", expected 2 (out x in)");
  const auto rows = static_cast<Eigen::Index>(w.dims[0]);
  const auto cols = static_cast<Eigen::Index>(w.dims[1]);
  if (cols != n_in) {
    c.fail(name, "weight has " + std::to_string(cols) + " inputs but the node before it has " + std::to_string(n_in) +
                     " outputs");
  }
  Synapse s;
  s.w.resize(rows, cols);
  for (Eigen::Index r = 0; r < rows; ++r) {
    for (Eigen::Index k = 0; k < cols; ++k) {
      const double x = w.values[static_cast<std::size_t>(r * cols + k)];
      if (!std::isfinite(x)) c.fail(name, "weight[" + std::to_string(r) + "," + std::to_string(k) + "] = " + std::to_string(x) + " is not finite");
      s.w(r, k) = x;
    }
  }
  s.b = Eigen::VectorXd::Zero(rows);
  if (type == "Affine") {
    const auto b = c.vec(g, name, "bias", static_cast<int>(rows));
    for (Eigen::Index r = 0; r < rows; ++r) s.b(r) = b[static_cast<std::size_t>(r)];
  }
  return s;
}

// Folds one neuron node into the layer; returns the layer.
core::Layer read_neuron(const Ctx& c, const core::h5::Group& g, const std::string& name, const std::string& type,
                        Synapse s, bool last) {
  const int n = static_cast<int>(s.w.rows());
  const bool spiking = type == "LIF" || type == "CubaLIF" || type == "IF";
  if (!spiking && !last) c.fail(name, "type '" + type + "' does not spike but is not the last layer");
  std::vector<double> tau(static_cast<std::size_t>(n), std::numeric_limits<double>::infinity());
  std::vector<double> r, v_leak(static_cast<std::size_t>(n), 0.0), gain_extra(static_cast<std::size_t>(n), 1.0);
  if (type == "CubaLIF" || type == "CubaLI") {
    tau = c.vec(g, name, "tau_mem", n);
    const auto tau_syn = c.vec(g, name, "tau_syn", n);
    gain_extra = c.vec(g, name, "w_in", n, false, 1.0);
    for (int i = 0; i < n; ++i) {
      const double alpha = c.leak(tau_syn[static_cast<std::size_t>(i)]);
      if (std::abs(alpha) > kNoSynDecayTol) {
        c.fail(name, "tau_syn[" + std::to_string(i) + "] = " + std::to_string(tau_syn[static_cast<std::size_t>(i)]) +
                         " gives a synaptic current decay of " + std::to_string(alpha) + " per step (dt = " +
                         std::to_string(c.dt) + "); the float model has no synaptic current (needs tau_syn = dt)");
      }
    }
  } else if (type == "LIF" || type == "LI") {
    tau = c.vec(g, name, "tau", n);
  }
  r = c.vec(g, name, "r", n);
  if (type == "LIF" || type == "LI" || type == "CubaLIF" || type == "CubaLI") v_leak = c.vec(g, name, "v_leak", n);

  core::Layer layer;
  layer.neuron.spiking = spiking;
  layer.neuron.reset = core::ResetMode::zero;
  double delta0 = 0.0;
  Eigen::VectorXd gains(n);
  for (int i = 0; i < n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const double t = tau[k];
    if (!(t > 0)) c.fail(name, "tau[" + std::to_string(i) + "] = " + std::to_string(t) + " must be > 0");
    const double d = c.leak(t);
    if (!(d > 0.0 && d <= 1.0)) {
      c.fail(name, "tau[" + std::to_string(i) + "] = " + std::to_string(t) + " gives a leak " + std::to_string(d) +
                       " outside (0, 1] with dt = " + std::to_string(c.dt) + " (" + to_string(c.time) + ")");
    }
    if (i == 0) delta0 = d;
    if (std::abs(d - delta0) > kSameLeakTol) {
      c.fail(name, "tau differs between neurons (tau[0] = " + std::to_string(tau[0]) + ", tau[" + std::to_string(i) +
                       "] = " + std::to_string(t) + "): spikeforge layers share one leak");
    }
    double gk = 0.0;
    if (std::isinf(t)) {
      if (type != "IF" && type != "I") {
        c.fail(name, "tau[" + std::to_string(i) + "] = inf makes the input vanish (use IF / I for no leak)");
      }
      gk = r[k] * c.dt;  // IF / I: dv/dt = R·I
      if (std::abs(gk - 1.0) < kUnitGainTol) gk = 1.0;
    } else {
      gk = c.gain(t, r[k]);
    }
    gk *= gain_extra[k];
    if (!std::isfinite(gk)) c.fail(name, "r[" + std::to_string(i) + "] = " + std::to_string(r[k]) + " gives a non-finite input gain");
    gains(i) = gk;
    // v_leak acts as a constant input: Euler adds (dt/τ)·v_leak per step, exp (1 − δ)·v_leak.
    if (v_leak[k] != 0.0) {
      const double lk = std::isinf(t) ? 0.0 : (c.time == NirTime::euler ? c.dt / t : 1.0 - d);
      s.b(i) = s.b(i) * gk + lk * v_leak[k];
      s.w.row(i) *= gk;
    } else {
      s.w.row(i) *= gk;
      s.b(i) *= gk;
    }
  }
  layer.neuron.leak = static_cast<float>(delta0);
  if (spiking && last) {
    // An output node that can never fire is the readout integrator (NirReadout::lif, or any tool's
    // LIF with an unreachable threshold): same neuron, its potential is the readout.
    const auto th = c.vec(g, name, "v_threshold", n);
    core::Layer probe;
    probe.weights = s.w.cast<float>();
    probe.bias = s.b.cast<float>();
    probe.neuron.leak = static_cast<float>(delta0);
    std::vector<double> bound;
    (void)readout_bound(probe, c.steps, &bound);
    bool unreachable = true;
    for (int i = 0; i < n; ++i) unreachable = unreachable && th[static_cast<std::size_t>(i)] > bound[static_cast<std::size_t>(i)];
    const std::string said = c.meta(g, "readout");
    if (!said.empty() && said != "potential") c.fail(name, "metadata readout = '" + said + "' (expected 'potential')");
    if (said == "potential" || unreachable) {
      c.report.notes.push_back("node '" + name + "' (" + type + ") is the readout integrator: " +
                               (said == "potential" ? std::string("its metadata says so")
                                                    : std::string("its threshold exceeds the largest potential its input can reach")));
      layer.neuron.spiking = false;
      layer.neuron.v_thresh = 1.0F;
      layer.weights = s.w.cast<float>();
      layer.bias = s.b.cast<float>();
      return layer;
    }
  }
  if (spiking) {
    // Reset: the node's metadata, overridden by --reset; zero (NIR's v_reset) when neither says.
    const std::string said = c.meta(g, "reset");
    std::optional<core::ResetMode> file_mode;
    if (!said.empty()) {
      try {
        file_mode = core::parse_reset_mode(said, "metadata reset");
      } catch (const core::ConfigError&) {
        c.fail(name, "metadata reset = '" + said + "' (expected 'zero' or 'subtract')");
      }
    }
    if (c.reset) {
      layer.neuron.reset = *c.reset;
      if (file_mode && *file_mode != *c.reset) {
        c.report.warnings.push_back("node '" + name + "': --reset " + core::to_string(*c.reset) +
                                    " overrides the file's metadata reset = " + said);
      }
    } else if (file_mode) {
      layer.neuron.reset = *file_mode;
    } else {
      layer.neuron.reset = core::ResetMode::zero;
      c.unstated.push_back(name);
    }
    const auto th = c.vec(g, name, "v_threshold", n);
    const auto v_reset = c.vec(g, name, "v_reset", n, false, 0.0);
    for (int i = 0; i < n; ++i) {
      const auto k = static_cast<std::size_t>(i);
      if (v_reset[k] != 0.0) {
        c.fail(name, "v_reset[" + std::to_string(i) + "] = " + std::to_string(v_reset[k]) +
                         " is not supported (spikeforge resets to 0 or subtracts the threshold)");
      }
      if (!(th[k] > 0.0) || !std::isfinite(th[k])) {
        c.fail(name, "v_threshold[" + std::to_string(i) + "] = " + std::to_string(th[k]) + " must be finite and > 0");
      }
      // Per-neuron thresholds: scaling a neuron's whole state by θ0/θi keeps its spikes (a subtract
      // reset scales with it: it takes off the threshold).
      if (th[k] != th[0]) {
        const double f = th[0] / th[k];
        s.w.row(i) *= f;
        s.b(i) *= f;
      }
    }
    layer.neuron.v_thresh = static_cast<float>(th[0]);
  } else {
    layer.neuron.v_thresh = 1.0F;
  }
  layer.weights = s.w.cast<float>();
  layer.bias = s.b.cast<float>();
  return layer;
}

}  // namespace

core::FloatNetwork read_nir(const std::filesystem::path& path, const NirReadOptions& options, NirImportReport* report) {
  const auto file = core::h5::File::open(path.string());
  Ctx c{path.string(), options.dt, options.time, options.reset, 0, {}, {}};
  if (!file.exists("version")) c.fail_graph("missing /version");
  const std::string version = file.read_string("version");
  if (!file.exists("node")) c.fail_graph("missing /node");
  const auto graph = file.open_group("node");
  if (!graph.exists("type")) c.fail_graph("missing /node/type");
  const std::string gtype = graph.read_string("type");
  if (gtype != "NIRGraph") c.fail_graph("/node/type = '" + gtype + "', expected 'NIRGraph'");
  core::EncodingInfo encoding;  // from spikeforge's own metadata when present, else the defaults
  if (graph.exists("metadata")) {
    const auto meta = graph.open_group("metadata");
    if (meta.exists("dt")) c.dt = meta.read_double("dt");
    if (meta.exists("steps")) c.steps = static_cast<int>(meta.read_int64("steps"));
    if (meta.exists("dataset")) encoding.dataset = meta.read_string("dataset");
    if (meta.exists("encoding")) encoding.encoding = meta.read_string("encoding");
    if (meta.exists("seed")) encoding.seed = static_cast<std::uint64_t>(meta.read_int64("seed"));
    if (meta.exists("bin_us")) encoding.bin_us = meta.read_double("bin_us");
    if (meta.exists("latency_cutoff")) {
      encoding.latency_cutoff = meta.read_double("latency_cutoff");
      if (!(encoding.latency_cutoff >= 0.0 && encoding.latency_cutoff < 1.0))
        c.fail_graph("/node/metadata/latency_cutoff = " + std::to_string(encoding.latency_cutoff) + " must be in [0, 1)");
    }
    if (meta.exists("discretization")) {
      try {
        c.time = parse_nir_time(meta.read_string("discretization"), "/node/metadata/discretization");
      } catch (const core::ConfigError& e) {
        c.fail_graph(e.what());
      }
    }
  }
  if (!std::isfinite(c.dt) || c.dt <= 0) c.fail_graph("dt = " + std::to_string(c.dt) + " must be finite and > 0");
  if (!graph.exists("nodes")) c.fail_graph("missing /node/nodes");
  if (!graph.exists("edges")) c.fail_graph("missing /node/edges");
  const auto nodes = graph.open_group("nodes");
  std::map<std::string, std::string> type_of;
  for (const auto& name : nodes.list()) {
    const auto g = nodes.open_group(name);
    if (!g.exists("type")) c.fail(name, "missing field 'type'");
    type_of[name] = g.read_string("type");
  }
  const auto edge_dims = graph.shape("edges");
  const auto flat = graph.read_strings("edges");
  const bool pairs = (edge_dims.size() == 2 && edge_dims[1] == 2) || (edge_dims.size() == 1 && flat.size() == 2);
  if (!pairs) c.fail_graph("/node/edges must be an (n, 2) array of node names");
  std::map<std::string, std::vector<std::string>> succ;
  for (std::size_t e = 0; e + 1 < flat.size(); e += 2) {
    for (const auto* end : {&flat[e], &flat[e + 1]}) {
      if (!type_of.count(*end)) c.fail_graph("edge " + std::to_string(e / 2) + " names unknown node '" + *end + "'");
    }
    succ[flat[e]].push_back(flat[e + 1]);
  }
  std::string input;
  for (const auto& [name, type] : type_of) {
    if (type == "Input") {
      if (!input.empty()) c.fail_graph("more than one Input node ('" + input + "', '" + name + "')");
      input = name;
    } else if (type != "Output" && !kSynapses.count(type) && !kNeurons.count(type)) {
      c.fail(name, "unknown node type '" + type + "' (supported: Input, Output, Affine, Linear, LIF, CubaLIF, IF, LI, CubaLI, I)");
    }
  }
  if (input.empty()) c.fail_graph("no Input node");

  // Walk the chain input → ... → output.
  std::vector<std::string> chain{input};
  std::set<std::string> seen{input};
  while (true) {
    const auto& next = succ[chain.back()];
    if (next.empty()) break;
    if (next.size() > 1) c.fail(chain.back(), "has " + std::to_string(next.size()) + " successors; only feed-forward chains are supported");
    if (seen.count(next[0])) c.fail(next[0], "the graph has a cycle through this node");
    seen.insert(next[0]);
    chain.push_back(next[0]);
  }
  if (type_of[chain.back()] != "Output") c.fail(chain.back(), "the chain from the input ends here, not at an Output node");
  for (const auto& [name, type] : type_of) {
    if (!seen.count(name)) c.fail(name, "is not on the path from the input to the output (cycle or dangling node)");
  }

  const auto in_shape = nodes.open_group(input).read_int64s("shape");
  long long n_prev = 1;
  for (auto d : in_shape.values) n_prev *= d;
  if (in_shape.values.empty() || n_prev <= 0) c.fail(input, "shape must have positive entries");

  core::FloatNetwork net;
  for (std::size_t k = 1; k + 1 < chain.size(); k += 2) {
    const std::string& sname = chain[k];
    const std::string& nname = chain[k + 1];
    if (!kSynapses.count(type_of[sname])) {
      c.fail(sname, "type '" + type_of[sname] + "' where an Affine or Linear node was expected");
    }
    if (!kNeurons.count(type_of[nname])) {
      c.fail(nname, "type '" + type_of[nname] + "' where a neuron node (LIF, CubaLIF, IF, LI, CubaLI, I) was expected");
    }
    Synapse s = read_synapse(c, nodes.open_group(sname), sname, type_of[sname], static_cast<int>(n_prev));
    const bool last = k + 3 == chain.size();
    net.layers.push_back(read_neuron(c, nodes.open_group(nname), nname, type_of[nname], std::move(s), last));
    n_prev = net.layers.back().outputs();
  }
  if (net.layers.empty()) c.fail_graph("no Affine/Linear + neuron layers between input and output");
  if (chain.size() % 2 != 0) c.fail(chain[chain.size() - 2], "a synapse node is not followed by a neuron node");
  const auto& out = nodes.open_group(chain.back());
  if (out.exists("shape")) {
    long long n_out = 1;
    for (auto d : out.read_int64s("shape").values) n_out *= d;
    if (n_out != n_prev) {
      c.fail(chain.back(), "shape has " + std::to_string(n_out) + " entries but the last layer has " + std::to_string(n_prev));
    }
  }
  if (!c.unstated.empty()) {
    std::string names;
    for (const auto& n : c.unstated) names += (names.empty() ? "'" : ", '") + n + "'";
    c.report.warnings.push_back("nir " + c.file + ": spiking node(s) " + names +
                                " do not say how they reset (no metadata reset); read as zero, NIR's reset to "
                                "v_reset. snnTorch writes its default subtract-reset Leaky as a plain LIF: pass "
                                "--reset subtract if the network was trained with a subtract reset");
  }
  nlohmann::json meta = {{"imported_from", path.string()}, {"nir_version", version}, {"dt", c.dt},
                         {"discretization", to_string(c.time)}};
  net.metadata_json = meta.dump();
  if (c.steps > 0) encoding.steps = c.steps;  // the writer's T (spikeforge files)
  net.encoding = encoding;
  try {
    net.validate();
  } catch (const core::ConfigError& e) {
    c.fail_graph(std::string("imported network is invalid: ") + e.what());
  }
  if (report != nullptr) *report = std::move(c.report);
  return net;
}

}  // namespace spikeforge::exporter

#include "export/lava_json.hpp"

#include <fstream>
#include <limits>
#include <sstream>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "export/fixed_checks.hpp"
#include "quantizer/synapse_memory.hpp"

namespace spikeforge::exporter {
namespace {

using nlohmann::json;
using quantizer::FixedLayer;
using quantizer::FixedNetwork;
using quantizer::SignMode;

using quantizer::kVthMax;

const char* lava_sign_name(SignMode m) {
  switch (m) {
    case SignMode::mixed: return "MIXED";
    case SignMode::excitatory: return "EXCITATORY";
    case SignMode::inhibitory: return "INHIBITORY";
  }
  return "MIXED";
}

const char* process_type(const FixedLayer& l) {
  if (!l.spiking) return "LIFNonSpiking";
  return l.reset == core::ResetMode::subtract ? "LIFResetSubtract" : "LIF";
}

const char* process_class(const FixedLayer& l) {
  if (!l.spiking) return "spikeforge_lava.LIFNonSpiking";
  return l.reset == core::ResetMode::subtract ? "spikeforge_lava.LIFResetSubtract" : "lava.proc.lif.process.LIF";
}

json encoding_to_json(const core::EncodingInfo& e) {
  return {{"dataset", e.dataset}, {"encoding", e.encoding}, {"steps", e.steps},
          {"seed", e.seed},       {"bin_us", e.bin_us},     {"latency_cutoff", e.latency_cutoff}};
}

// ---- reading helpers: every failure names the file, the object and the field --------------------
struct Reader {
  std::string source;

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw core::InputError("lava.json " + source + ": " + where + ": " + what);
  }
  const json& field(const json& obj, const std::string& where, const std::string& name) const {
    if (!obj.is_object()) fail(where, "is not an object");
    auto it = obj.find(name);
    if (it == obj.end()) fail(where, "missing field '" + name + "'");
    return *it;
  }
  long long integer(const json& obj, const std::string& where, const std::string& name, long long lo,
                    long long hi) const {
    const json& v = field(obj, where, name);
    if (!v.is_number_integer()) fail(where, "field '" + name + "' = " + v.dump() + " is not an integer");
    const auto x = v.get<long long>();
    if (x < lo || x > hi) {
      fail(where, "field '" + name + "' = " + std::to_string(x) + " is outside [" + std::to_string(lo) + ", " +
                      std::to_string(hi) + "]");
    }
    return x;
  }
  std::string string(const json& obj, const std::string& where, const std::string& name) const {
    const json& v = field(obj, where, name);
    if (!v.is_string()) fail(where, "field '" + name + "' = " + v.dump() + " is not a string");
    return v.get<std::string>();
  }
  bool boolean(const json& obj, const std::string& where, const std::string& name) const {
    const json& v = field(obj, where, name);
    if (!v.is_boolean()) fail(where, "field '" + name + "' = " + v.dump() + " is not a boolean");
    return v.get<bool>();
  }
  std::vector<long long> ints(const json& obj, const std::string& where, const std::string& name, long long lo,
                              long long hi) const {
    const json& v = field(obj, where, name);
    if (!v.is_array()) fail(where, "field '" + name + "' is not an array");
    std::vector<long long> out;
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_number_integer()) fail(where, name + "[" + std::to_string(i) + "] = " + v[i].dump() + " is not an integer");
      const auto x = v[i].get<long long>();
      if (x < lo || x > hi) {
        fail(where, name + "[" + std::to_string(i) + "] = " + std::to_string(x) + " is outside [" +
                        std::to_string(lo) + ", " + std::to_string(hi) + "]");
      }
      out.push_back(x);
    }
    return out;
  }
};

core::EncodingInfo encoding_from_json(const json& j) {
  core::EncodingInfo e;
  if (!j.is_object()) return e;
  e.dataset = j.value("dataset", e.dataset);
  e.encoding = j.value("encoding", e.encoding);
  e.steps = j.value("steps", e.steps);
  e.seed = j.value("seed", e.seed);
  e.bin_us = j.value("bin_us", e.bin_us);
  e.latency_cutoff = j.value("latency_cutoff", e.latency_cutoff);
  return e;
}

// A layer's weights as Lava's Dense takes them: n_out rows of n_in ints.
json dense_weights(const FixedLayer& l) {
  json weights = json::array();
  for (Eigen::Index r = 0; r < l.weights.rows(); ++r) {
    json row = json::array();
    for (Eigen::Index c = 0; c < l.weights.cols(); ++c) row.push_back(static_cast<int>(l.weights(r, c)));
    weights.push_back(std::move(row));
  }
  return weights;
}

// The nonzero weights in scipy's CSR arrays (row = neuron, indices ascending within a row).
json csr_weights(const FixedLayer& l) {
  json indptr = json::array({0});
  json indices = json::array();
  json data = json::array();
  long long nnz = 0;
  for (Eigen::Index r = 0; r < l.weights.rows(); ++r) {
    for (Eigen::Index c = 0; c < l.weights.cols(); ++c) {
      if (l.weights(r, c) == 0) continue;
      indices.push_back(static_cast<long long>(c));
      data.push_back(static_cast<int>(l.weights(r, c)));
      ++nnz;
    }
    indptr.push_back(nnz);
  }
  return {{"indptr", std::move(indptr)}, {"indices", std::move(indices)}, {"data", std::move(data)}};
}

bool weight_in_range(const json& x) {
  return x.is_number_integer() && x.get<long long>() >= quantizer::kWeightMin && x.get<long long>() <= quantizer::kWeightMax;
}

void read_dense(const Reader& rd, const json& d, const std::string& dname, long long n_in, FixedLayer& l) {
  const json& w = rd.field(d, dname, "weights");
  if (!w.is_array() || w.empty()) rd.fail(dname, "weights must be a non-empty array of rows");
  const auto rows = static_cast<Eigen::Index>(w.size());
  l.weights.resize(rows, static_cast<Eigen::Index>(n_in));
  for (Eigen::Index r = 0; r < rows; ++r) {
    const auto& row = w[static_cast<std::size_t>(r)];
    if (!row.is_array() || static_cast<long long>(row.size()) != n_in) {
      rd.fail(dname, "weights row " + std::to_string(r) + " has " + std::to_string(row.is_array() ? row.size() : 0) +
                         " entries, expected " + std::to_string(n_in) + " (the previous process's size)");
    }
    for (Eigen::Index c = 0; c < static_cast<Eigen::Index>(n_in); ++c) {
      const auto& x = row[static_cast<std::size_t>(c)];
      if (!weight_in_range(x)) {
        rd.fail(dname, "weights[" + std::to_string(r) + "][" + std::to_string(c) + "] = " + x.dump() +
                           " is not an integer in [-256, 255]");
      }
      l.weights(r, c) = static_cast<std::int16_t>(x.get<long long>());
    }
  }
}

// A Sparse process: shape [n_out, n_in] and CSR arrays as scipy holds them. Refused: indptr not
// starting at 0, decreasing or not ending at nnz; a column outside [0, n_in) or not ascending within
// its row (scipy would add duplicates); a weight outside [-256, 255].
void read_sparse(const Reader& rd, const json& d, const std::string& dname, long long n_in, FixedLayer& l) {
  const auto shape = rd.ints(d, dname, "shape", 1, std::numeric_limits<int>::max());
  if (shape.size() != 2) rd.fail(dname, "shape must be [n_out, n_in]");
  if (shape[1] != n_in) {
    rd.fail(dname, "shape[1] = " + std::to_string(shape[1]) + ", expected " + std::to_string(n_in) +
                       " (the previous process's size)");
  }
  const json& csr = rd.field(d, dname, "csr");
  const std::string where = dname + " csr";
  const auto indptr = rd.ints(csr, where, "indptr", 0, std::numeric_limits<int>::max());
  const auto indices = rd.ints(csr, where, "indices", 0, n_in - 1);
  const auto data = rd.ints(csr, where, "data", quantizer::kWeightMin, quantizer::kWeightMax);
  const long long rows = shape[0];
  if (static_cast<long long>(indptr.size()) != rows + 1) {
    rd.fail(where, "indptr has " + std::to_string(indptr.size()) + " entries, expected n_out + 1 = " +
                       std::to_string(rows + 1));
  }
  if (indices.size() != data.size()) {
    rd.fail(where, "indices has " + std::to_string(indices.size()) + " entries but data has " +
                       std::to_string(data.size()));
  }
  if (indptr.front() != 0 || indptr.back() != static_cast<long long>(data.size())) {
    rd.fail(where, "indptr must run from 0 to the " + std::to_string(data.size()) + " stored weights, got " +
                       std::to_string(indptr.front()) + " .. " + std::to_string(indptr.back()));
  }
  l.weights = quantizer::WeightMatrix::Zero(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(n_in));
  for (long long r = 0; r < rows; ++r) {
    const long long lo = indptr[static_cast<std::size_t>(r)];
    const long long hi = indptr[static_cast<std::size_t>(r + 1)];
    if (hi < lo) rd.fail(where, "indptr[" + std::to_string(r + 1) + "] = " + std::to_string(hi) + " < indptr[" +
                                    std::to_string(r) + "] = " + std::to_string(lo));
    for (long long k = lo; k < hi; ++k) {
      const long long c = indices[static_cast<std::size_t>(k)];
      if (k > lo && c <= indices[static_cast<std::size_t>(k - 1)]) {
        rd.fail(where, "indices[" + std::to_string(k) + "] = " + std::to_string(c) + " in row " + std::to_string(r) +
                           " is not above the previous column (columns ascend within a row, no duplicates)");
      }
      l.weights(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) =
          static_cast<std::int16_t>(data[static_cast<std::size_t>(k)]);
    }
  }
}

}  // namespace

LavaConnections parse_lava_connections(const std::string& text, const std::string& option) {
  if (text == "auto") return LavaConnections::automatic;
  if (text == "dense") return LavaConnections::dense;
  if (text == "sparse") return LavaConnections::sparse;
  throw core::ConfigError(option + " = '" + text + "' is not one of auto, dense, sparse");
}

const char* to_string(LavaConnections c) {
  switch (c) {
    case LavaConnections::automatic: return "auto";
    case LavaConnections::dense: return "dense";
    case LavaConnections::sparse: return "sparse";
  }
  return "auto";
}

std::vector<bool> lava_sparse_layers(const FixedNetwork& net, LavaConnections connections) {
  std::vector<bool> out;
  const quantizer::SynapseMemory memory = quantizer::synapse_memory(net);
  for (const auto& layer : memory.layers) {
    out.push_back(connections == LavaConnections::sparse ||
                  (connections == LavaConnections::automatic && layer.layout() == "sparse"));
  }
  return out;
}

json lava_to_json(const FixedNetwork& net, int steps, LavaConnections connections) {
  check_fixed_network(net, "export lava");
  if (steps < 1) throw core::ConfigError("export lava: steps = " + std::to_string(steps) + " must be >= 1");
  const int depth = static_cast<int>(net.layers.size());

  json processes = json::array();
  json links = json::array();
  json scale = json::array();
  const std::vector<bool> sparse_layers = lava_sparse_layers(net, connections);
  processes.push_back({{"name", "input"},
                       {"type", "RingBuffer"},
                       {"lava_class", "lava.proc.io.source.RingBuffer"},
                       {"shape", {net.inputs()}},
                       {"note", "data = input spikes (shape [n0, T + L], last axis time), zero-padded by L steps"}});
  std::string prev = "input";
  json offsets = json::array();
  for (int li = 0; li < depth; ++li) {
    const FixedLayer& l = net.layers[static_cast<std::size_t>(li)];
    const std::string idx = std::to_string(li + 1);
    const bool sparse = sparse_layers[static_cast<std::size_t>(li)];
    const std::string conn = (sparse ? "sparse" : "dense") + idx;
    json proc = {{"name", conn},
                 {"type", sparse ? "Sparse" : "Dense"},
                 {"lava_class", sparse ? "lava.proc.sparse.process.Sparse" : "lava.proc.dense.process.Dense"},
                 {"layer", li + 1},
                 {"shape", {l.outputs(), l.inputs()}}};
    if (sparse) {
      proc["csr"] = csr_weights(l);
    } else {
      proc["weights"] = dense_weights(l);
    }
    proc["weight_exp"] = l.weight_exp;
    proc["num_weight_bits"] = l.num_weight_bits;
    proc["sign_mode"] = static_cast<int>(l.sign_mode);
    proc["sign_mode_name"] = lava_sign_name(l.sign_mode);
    processes.push_back(std::move(proc));
    json lif = {{"name", "lif" + idx},
                {"type", process_type(l)},
                {"lava_class", process_class(l)},
                {"layer", li + 1},
                {"shape", {l.outputs()}},
                {"du", l.du},
                {"dv", l.dv},
                {"vth", l.spiking ? l.vth : kVthMax},
                {"bias_mant", l.bias_mant},
                {"bias_exp", l.bias_exp},
                {"reset", core::to_string(l.reset)},
                {"spiking", l.spiking}};
    if (!l.spiking) lif["spikeforge_vth"] = l.vth;
    processes.push_back(std::move(lif));
    links.push_back({{"from", prev + ".s_out"}, {"to", conn + ".s_in"}});
    links.push_back({{"from", conn + ".a_out"}, {"to", "lif" + idx + ".a_in"}});
    prev = "lif" + idx;
    offsets.push_back(li + 1);
    scale.push_back(l.scale);
  }

  json timing = {
      {"steps", steps},
      {"layers", depth},
      {"run_steps", steps + depth},
      {"input_padding", depth},
      {"layer_offset", offsets},
      {"bias_enable_step", offsets},
      {"output_v_step", steps + depth},
      {"description",
       "Each Lava Dense delays its output by one step, the golden model has no delay. Layer l's golden step t "
       "(1-based) happens at Lava step t + layer_offset[l]. Run run_steps steps with input_padding zero steps "
       "appended to the input; switch layer l's bias on (bias_mant as given) before Lava step "
       "bias_enable_step[l] + 1 (zero before), so the leading steps keep the state at zero. The output layer's v "
       "after Lava step output_v_step equals the golden model's final output v."}};

  json meta = json::object();
  try {
    meta = json::parse(net.metadata_json);
  } catch (const json::exception&) {
    meta = net.metadata_json;  // kept verbatim as a string if it is not JSON
  }

  return {{"format", kLavaFormat},
          {"lava_version", kLavaVersion},
          {"run_config", {{"class", "lava.magma.core.run_configs.Loihi2SimCfg"}, {"select_tag", "fixed_pt"}}},
          {"timing", std::move(timing)},
          {"processes", std::move(processes)},
          {"connections", std::move(links)},
          {"spikeforge",
           {{"profile", net.profile},
            {"encoding", encoding_to_json(net.encoding)},
            {"metadata", std::move(meta)},
            {"scale", std::move(scale)},
            {"reset_note",
             "reset 'subtract' (LIFResetSubtract): vth << 6 is subtracted from v at the step after a spike, "
             "undecayed, inside the 24-bit saturation, instead of Lava's v = 0. Lava has no such process; "
             "spikeforge_lava.py defines it."}}}};
}

void write_lava(const std::filesystem::path& path, const FixedNetwork& net, int steps, LavaConnections connections) {
  const json doc = lava_to_json(net, steps > 0 ? steps : net.encoding.steps, connections);
  core::write_file_atomically(path, doc.dump(1) + "\n");
}

int lava_steps(const json& doc, const std::string& source) {
  Reader rd{source};
  const json& timing = rd.field(doc, "document", "timing");
  return static_cast<int>(rd.integer(timing, "timing", "steps", 1, std::numeric_limits<int>::max()));
}

FixedNetwork lava_from_json(const json& doc, const std::string& source) {
  Reader rd{source};
  const std::string tag = rd.string(doc, "document", "format");
  if (tag != kLavaFormat) rd.fail("document", "format = '" + tag + "', expected '" + kLavaFormat + "'");
  const json& procs = rd.field(doc, "document", "processes");
  if (!procs.is_array() || procs.size() < 3 || procs.size() % 2 != 1) {
    rd.fail("processes", "expected an input RingBuffer followed by Dense/LIF pairs, got " +
                             std::to_string(procs.is_array() ? procs.size() : 0) + " processes");
  }
  const std::string in_type = rd.string(procs[0], "processes[0]", "type");
  if (in_type != "RingBuffer") rd.fail("processes[0]", "type = '" + in_type + "', expected 'RingBuffer'");
  const auto in_shape = rd.ints(procs[0], "process 'input'", "shape", 1, std::numeric_limits<int>::max());
  if (in_shape.size() != 1) rd.fail("process 'input'", "shape must have one entry");

  FixedNetwork net;
  const json& sf = doc.contains("spikeforge") ? doc["spikeforge"] : json::object();
  if (sf.contains("profile") && sf["profile"].is_string()) net.profile = sf["profile"].get<std::string>();
  if (sf.contains("encoding")) net.encoding = encoding_from_json(sf["encoding"]);
  if (sf.contains("metadata")) {
    net.metadata_json = sf["metadata"].is_string() ? sf["metadata"].get<std::string>() : sf["metadata"].dump();
  }
  const json scale = sf.contains("scale") && sf["scale"].is_array() ? sf["scale"] : json::array();

  long long n_in = in_shape[0];
  for (std::size_t p = 1; p + 1 < procs.size(); p += 2) {
    const std::size_t li = (p - 1) / 2;
    const json& d = procs[p];
    const json& n = procs[p + 1];
    const std::string dname = "process '" + (d.is_object() ? d.value("name", "?") : std::string("?")) + "'";
    const std::string nname = "process '" + (n.is_object() ? n.value("name", "?") : std::string("?")) + "'";
    const std::string dtype = rd.string(d, dname, "type");
    if (dtype != "Dense" && dtype != "Sparse") rd.fail(dname, "type = '" + dtype + "', expected 'Dense' or 'Sparse'");
    FixedLayer l;
    if (dtype == "Dense") {
      read_dense(rd, d, dname, n_in, l);
    } else {
      read_sparse(rd, d, dname, n_in, l);
    }
    const Eigen::Index rows = l.weights.rows();
    l.weight_exp = static_cast<int>(rd.integer(d, dname, "weight_exp", quantizer::kWeightExpMin, quantizer::kWeightExpMax));
    l.num_weight_bits = static_cast<int>(rd.integer(d, dname, "num_weight_bits", 1, quantizer::kWeightBitsMax));
    l.sign_mode = static_cast<SignMode>(rd.integer(d, dname, "sign_mode", 1, 3));

    const std::string ntype = rd.string(n, nname, "type");
    if (ntype != "LIF" && ntype != "LIFResetSubtract" && ntype != "LIFNonSpiking") {
      rd.fail(nname, "type = '" + ntype + "', expected 'LIF', 'LIFResetSubtract' or 'LIFNonSpiking'");
    }
    const auto shape = rd.ints(n, nname, "shape", 1, std::numeric_limits<int>::max());
    if (shape.size() != 1 || shape[0] != rows) {
      rd.fail(nname, "shape does not match the " + std::to_string(rows) + " rows of the Dense before it");
    }
    l.du = static_cast<int>(rd.integer(n, nname, "du", 0, quantizer::kDecayMax));
    l.dv = static_cast<int>(rd.integer(n, nname, "dv", 0, quantizer::kDecayMax));
    l.vth = static_cast<std::int32_t>(rd.integer(n, nname, "vth", 0, kVthMax));
    l.bias_exp = static_cast<int>(rd.integer(n, nname, "bias_exp", quantizer::kBiasExpMin, quantizer::kBiasExpMax));
    for (long long b : rd.ints(n, nname, "bias_mant", quantizer::kBiasMantMin, quantizer::kBiasMantMax)) {
      l.bias_mant.push_back(static_cast<std::int32_t>(b));
    }
    if (static_cast<Eigen::Index>(l.bias_mant.size()) != rows) {
      rd.fail(nname, "bias_mant has " + std::to_string(l.bias_mant.size()) + " entries, expected " + std::to_string(rows));
    }
    try {
      l.reset = core::parse_reset_mode(rd.string(n, nname, "reset"), "reset");
    } catch (const core::ConfigError& e) {
      rd.fail(nname, e.what());
    }
    l.spiking = rd.boolean(n, nname, "spiking");
    if (l.spiking != (ntype != "LIFNonSpiking")) rd.fail(nname, "'spiking' disagrees with type '" + ntype + "'");
    if (l.spiking && (l.reset == core::ResetMode::subtract) != (ntype == "LIFResetSubtract")) {
      rd.fail(nname, "'reset' disagrees with type '" + ntype + "'");
    }
    if (!l.spiking && n.contains("spikeforge_vth")) {
      l.vth = static_cast<std::int32_t>(rd.integer(n, nname, "spikeforge_vth", 0, kVthMax));
    }
    if (li < scale.size() && scale[li].is_number()) l.scale = scale[li].get<double>();
    n_in = rows;
    net.layers.push_back(std::move(l));
  }
  try {
    check_fixed_network(net, "lava.json " + source);
  } catch (const core::ConfigError& e) {
    throw core::InputError(e.what());
  }
  return net;
}

FixedNetwork read_lava(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw core::InputError("lava.json " + path.string() + ": cannot open file");
  json doc;
  try {
    doc = json::parse(in);
  } catch (const json::exception& e) {
    throw core::InputError("lava.json " + path.string() + ": invalid JSON: " + e.what());
  }
  return lava_from_json(doc, path.string());
}

}  // namespace spikeforge::exporter

#include "export/network_json.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/input_path.hpp"

namespace spikeforge::exporter {

using nlohmann::json;

namespace {

constexpr const char* kFamily = "spikeforge.network/";

std::string show(const json& v) {
  std::string s = v.dump();
  constexpr std::size_t kMaxShown = 60;
  if (s.size() > kMaxShown) s = s.substr(0, kMaxShown) + "...";
  return s;
}

std::string read_text(const std::filesystem::path& path) { return core::read_input_file(path, ""); }

json parse_text(const std::string& text, const std::string& source) {
  try {
    return json::parse(text);
  } catch (const json::parse_error& e) {
    throw core::InputError(source + ": invalid JSON (truncated or corrupt file?): " + e.what());
  }
}

/// Field access with errors naming the source, field path and value.
struct Reader {
  std::string source;

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw core::InputError(source + ": " + field + " " + what);
  }
  const json& member(const json& obj, const std::string& path, const char* key) const {
    const std::string field = path.empty() ? std::string(key) : path + "." + key;
    if (!obj.contains(key)) fail(field, "is missing");
    return obj.at(key);
  }
  const json& object(const json& v, const std::string& field) const {
    if (!v.is_object()) fail(field, "= " + show(v) + " is not an object");
    return v;
  }
  const json& array(const json& v, const std::string& field) const {
    if (!v.is_array()) fail(field, "= " + show(v) + " is not an array");
    return v;
  }
  float finite_float(const json& v, const std::string& field) const {
    if (!v.is_number()) fail(field, "= " + show(v) + " is not a finite number");
    const double d = v.get<double>();
    const auto f = static_cast<float>(d);
    if (!std::isfinite(f)) fail(field, "= " + show(v) + " is not a finite float");
    return f;
  }
  double finite_double(const json& v, const std::string& field) const {
    if (!v.is_number()) fail(field, "= " + show(v) + " is not a finite number");
    const double d = v.get<double>();
    if (!std::isfinite(d)) fail(field, "= " + show(v) + " is not finite");
    return d;
  }
  std::int64_t integer(const json& v, const std::string& field) const {
    if (!v.is_number_integer()) fail(field, "= " + show(v) + " is not an integer");
    if (v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) {
      fail(field, "= " + show(v) + " is too large");
    }
    return v.get<std::int64_t>();
  }
  std::uint64_t unsigned_integer(const json& v, const std::string& field) const {
    if (!v.is_number_integer()) fail(field, "= " + show(v) + " is not an integer");
    if (!v.is_number_unsigned()) fail(field, "= " + show(v) + " must be >= 0");
    return v.get<std::uint64_t>();
  }
  std::string string(const json& v, const std::string& field) const {
    if (!v.is_string()) fail(field, "= " + show(v) + " is not a string");
    return v.get<std::string>();
  }
  bool boolean(const json& v, const std::string& field) const {
    if (!v.is_boolean()) fail(field, "= " + show(v) + " is not true or false");
    return v.get<bool>();
  }
};

void check_format(const Reader& rd, const json& doc) {
  const std::string tag = rd.string(rd.member(doc, "", "format"), "format");
  const std::string family = kFamily;
  if (tag.rfind(family, 0) == 0) {
    const std::string version = tag.substr(family.size());
    if (version != "1") {
      rd.fail("format", "= \"" + tag + "\": unsupported version " + version + " (this build reads " + kNetworkFormat + ")");
    }
    return;
  }
  rd.fail("format", "= \"" + tag + "\" is not a float network (expected \"" + kNetworkFormat + "\")");
}

core::EncodingInfo read_encoding(const Reader& rd, const json& doc) {
  const json& e = rd.object(rd.member(doc, "", "encoding"), "encoding");
  core::EncodingInfo info;
  info.dataset = rd.string(rd.member(e, "encoding", "dataset"), "encoding.dataset");
  info.encoding = rd.string(rd.member(e, "encoding", "encoding"), "encoding.encoding");
  if (info.encoding != "rate" && info.encoding != "latency" && info.encoding != "events") {
    rd.fail("encoding.encoding", "= \"" + info.encoding + "\" is not one of rate, latency, events");
  }
  const std::int64_t steps = rd.integer(rd.member(e, "encoding", "steps"), "encoding.steps");
  if (steps <= 0 || steps > INT32_MAX) rd.fail("encoding.steps", "= " + std::to_string(steps) + " must be > 0");
  info.steps = static_cast<int>(steps);
  info.seed = rd.unsigned_integer(rd.member(e, "encoding", "seed"), "encoding.seed");
  info.bin_us = rd.finite_double(rd.member(e, "encoding", "bin_us"), "encoding.bin_us");
  if (!(info.bin_us > 0.0)) rd.fail("encoding.bin_us", "= " + show(e.at("bin_us")) + " must be > 0");
  if (e.contains("latency_cutoff")) {
    info.latency_cutoff = rd.finite_double(e.at("latency_cutoff"), "encoding.latency_cutoff");
    if (!(info.latency_cutoff >= 0.0 && info.latency_cutoff < 1.0))
      rd.fail("encoding.latency_cutoff", "= " + show(e.at("latency_cutoff")) + " must be in [0, 1)");
  }
  return info;
}

core::Layer read_layer(const Reader& rd, const json& jl, const std::string& at, int expected_inputs) {
  rd.object(jl, at);
  core::Layer layer;
  const json& rows = rd.array(rd.member(jl, at, "weights"), at + ".weights");
  if (rows.empty()) rd.fail(at + ".weights", "is empty (a layer needs at least one output)");
  const auto n_out = static_cast<Eigen::Index>(rows.size());
  Eigen::Index n_in = -1;
  for (Eigen::Index r = 0; r < n_out; ++r) {
    const std::string rf = at + ".weights[" + std::to_string(r) + "]";
    const json& row = rd.array(rows[static_cast<std::size_t>(r)], rf);
    if (n_in < 0) {
      if (row.empty()) rd.fail(rf, "is empty (a layer needs at least one input)");
      n_in = static_cast<Eigen::Index>(row.size());
      layer.weights.resize(n_out, n_in);
    } else if (static_cast<Eigen::Index>(row.size()) != n_in) {
      rd.fail(rf, "has " + std::to_string(row.size()) + " entries but row 0 has " + std::to_string(n_in) +
                      " (ragged weight rows)");
    }
    for (Eigen::Index c = 0; c < n_in; ++c) {
      layer.weights(r, c) = rd.finite_float(row[static_cast<std::size_t>(c)], rf + "[" + std::to_string(c) + "]");
    }
  }
  if (expected_inputs >= 0 && n_in != expected_inputs) {
    rd.fail(at + ".weights", "has " + std::to_string(n_in) + " columns but the previous layer has " +
                                 std::to_string(expected_inputs) + " outputs (shapes do not chain)");
  }
  if (jl.contains("inputs") && rd.integer(jl.at("inputs"), at + ".inputs") != n_in) {
    rd.fail(at + ".inputs", "= " + show(jl.at("inputs")) + " but weights have " + std::to_string(n_in) + " columns");
  }
  if (jl.contains("outputs") && rd.integer(jl.at("outputs"), at + ".outputs") != n_out) {
    rd.fail(at + ".outputs", "= " + show(jl.at("outputs")) + " but weights have " + std::to_string(n_out) + " rows");
  }
  const json& bias = rd.array(rd.member(jl, at, "bias"), at + ".bias");
  if (static_cast<Eigen::Index>(bias.size()) != n_out) {
    rd.fail(at + ".bias", "has " + std::to_string(bias.size()) + " entries, expected " + std::to_string(n_out) +
                              " (one per output)");
  }
  layer.bias.resize(n_out);
  for (Eigen::Index r = 0; r < n_out; ++r) {
    layer.bias(r) = rd.finite_float(bias[static_cast<std::size_t>(r)], at + ".bias[" + std::to_string(r) + "]");
  }
  core::NeuronParams& p = layer.neuron;
  p.leak = rd.finite_float(rd.member(jl, at, "leak"), at + ".leak");
  if (!(p.leak > 0.0F && p.leak <= 1.0F)) rd.fail(at + ".leak", "= " + show(jl.at("leak")) + " is outside (0, 1]");
  p.v_thresh = rd.finite_float(rd.member(jl, at, "v_thresh"), at + ".v_thresh");
  if (!(p.v_thresh > 0.0F)) rd.fail(at + ".v_thresh", "= " + show(jl.at("v_thresh")) + " must be > 0");
  const std::string reset = rd.string(rd.member(jl, at, "reset"), at + ".reset");
  if (reset == "subtract") {
    p.reset = core::ResetMode::subtract;
  } else if (reset == "zero") {
    p.reset = core::ResetMode::zero;
  } else {
    rd.fail(at + ".reset", "= \"" + reset + "\" is not \"subtract\" or \"zero\"");
  }
  p.spiking = rd.boolean(rd.member(jl, at, "spiking"), at + ".spiking");
  return layer;
}

/// Writes `v` compactly (one line).
std::string compact(const json& v) { return v.dump(); }

}  // namespace

json float_to_json(float x) {
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof(buf), x);
  *res.ptr = '\0';
  const double d = std::strtod(buf, nullptr);
  if (static_cast<float>(d) == x) return d;
  return static_cast<double>(x);
}

core::FloatNetwork network_from_json(const json& doc, const std::string& source) {
  const Reader rd{source};
  rd.object(doc, "(document)");
  check_format(rd, doc);
  core::FloatNetwork net;
  net.encoding = read_encoding(rd, doc);
  const json& layers = rd.array(rd.member(doc, "", "layers"), "layers");
  if (layers.empty()) rd.fail("layers", "is empty (a network needs at least one layer)");
  int prev_outputs = -1;
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const std::string at = "layers[" + std::to_string(l) + "]";
    net.layers.push_back(read_layer(rd, layers[l], at, prev_outputs));
    prev_outputs = net.layers.back().outputs();
    if (l + 1 < layers.size() && !net.layers.back().neuron.spiking) {
      rd.fail(at + ".spiking", "= false: only the last layer may be a non-spiking integrator");
    }
  }
  if (doc.contains("readout")) {
    const std::string readout = rd.string(doc.at("readout"), "readout");
    const std::string expected = net.layers.back().neuron.spiking ? "spike_count" : "potential";
    if (readout != expected) {
      rd.fail("readout", "= \"" + readout + "\" but the last layer " +
                             (net.layers.back().neuron.spiking ? "spikes (readout \"spike_count\")"
                                                               : "is an integrator (readout \"potential\")"));
    }
  }
  if (doc.contains("metadata")) net.metadata_json = rd.object(doc.at("metadata"), "metadata").dump();
  try {
    net.validate();  // Backstop: everything it checks has been checked above with field paths.
  } catch (const core::ConfigError& e) {
    throw core::InputError(source + ": " + e.what());
  }
  return net;
}

json network_to_json(const core::FloatNetwork& net) {
  net.validate();
  json metadata;
  try {
    metadata = json::parse(net.metadata_json.empty() ? std::string("{}") : net.metadata_json);
  } catch (const json::parse_error& e) {
    throw core::ConfigError(std::string("network: metadata is not valid JSON: ") + e.what());
  }
  if (!metadata.is_object()) throw core::ConfigError("network: metadata = " + show(metadata) + " is not a JSON object");
  json doc;
  doc["format"] = kNetworkFormat;
  doc["encoding"] = {{"dataset", net.encoding.dataset},
                     {"encoding", net.encoding.encoding},
                     {"steps", net.encoding.steps},
                     {"seed", net.encoding.seed},
                     {"bin_us", net.encoding.bin_us},
                     {"latency_cutoff", net.encoding.latency_cutoff}};
  doc["readout"] = net.layers.back().neuron.spiking ? "spike_count" : "potential";
  json layers = json::array();
  for (const core::Layer& l : net.layers) {
    json jl;
    jl["inputs"] = l.inputs();
    jl["outputs"] = l.outputs();
    jl["leak"] = float_to_json(l.neuron.leak);
    jl["v_thresh"] = float_to_json(l.neuron.v_thresh);
    jl["reset"] = core::to_string(l.neuron.reset);
    jl["spiking"] = l.neuron.spiking;
    json bias = json::array();
    for (Eigen::Index r = 0; r < l.bias.size(); ++r) bias.push_back(float_to_json(l.bias(r)));
    jl["bias"] = std::move(bias);
    json rows = json::array();
    for (Eigen::Index r = 0; r < l.weights.rows(); ++r) {
      json row = json::array();
      for (Eigen::Index c = 0; c < l.weights.cols(); ++c) row.push_back(float_to_json(l.weights(r, c)));
      rows.push_back(std::move(row));
    }
    jl["weights"] = std::move(rows);
    layers.push_back(std::move(jl));
  }
  doc["layers"] = std::move(layers);
  doc["metadata"] = std::move(metadata);
  return doc;
}

void write_network(const std::filesystem::path& path, const core::FloatNetwork& net) {
  const json doc = network_to_json(net);  // Validates before anything is written.
  // Human-readable layout: one line per weight row instead of one line per number.
  std::ostringstream out;
  out << "{\n  \"format\": " << compact(doc.at("format")) << ",\n  \"encoding\": " << compact(doc.at("encoding"))
      << ",\n  \"readout\": " << compact(doc.at("readout")) << ",\n  \"layers\": [";
  const json& layers = doc.at("layers");
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const json& jl = layers[l];
    out << (l == 0 ? "\n" : ",\n") << "    {\"inputs\": " << jl.at("inputs") << ", \"outputs\": " << jl.at("outputs")
        << ", \"leak\": " << jl.at("leak") << ", \"v_thresh\": " << jl.at("v_thresh") << ", \"reset\": " << jl.at("reset")
        << ", \"spiking\": " << jl.at("spiking") << ",\n     \"bias\": " << compact(jl.at("bias"))
        << ",\n     \"weights\": [";
    const json& rows = jl.at("weights");
    for (std::size_t r = 0; r < rows.size(); ++r) out << (r == 0 ? "\n      " : ",\n      ") << compact(rows[r]);
    out << "\n     ]}";
  }
  out << "\n  ],\n  \"metadata\": " << doc.at("metadata").dump(2) << "\n}\n";
  core::write_file_atomically(path, out.str());
}

core::FloatNetwork read_network(const std::filesystem::path& path) {
  const std::string source = path.string();
  return network_from_json(parse_text(read_text(path), source), source);
}

std::string detect_format(const std::filesystem::path& path) {
  const std::string source = path.string();
  const json doc = parse_text(read_text(path), source);
  if (!doc.is_object() || !doc.contains("format") || !doc.at("format").is_string()) {
    throw core::InputError(source + ": format is missing (not a spikeforge JSON file)");
  }
  return doc.at("format").get<std::string>();
}

}  // namespace spikeforge::exporter

#include "export/fixed_json.hpp"

#include <fstream>
#include <iterator>
#include <limits>
#include <string>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/input_path.hpp"
#include "quantizer/profile.hpp"
#include "quantizer/profile_check.hpp"

namespace spikeforge::exporter {

using nlohmann::json;

namespace {

std::string show(const json& v) {
  std::string s = v.dump();
  constexpr std::size_t kMaxShown = 60;
  if (s.size() > kMaxShown) s = s.substr(0, kMaxShown) + "...";
  return s;
}

/// Field access whose errors name the file, field path and value.
struct FieldReader {
  std::string source;

  [[noreturn]] void fail(const std::string& field, const std::string& what) const {
    throw core::InputError(source + ": " + field + " " + what);
  }
  const json& member(const json& obj, const std::string& path, const char* key) const {
    if (!obj.is_object()) fail(path, "is not an object");
    const auto it = obj.find(key);
    if (it == obj.end()) fail(path.empty() ? std::string(key) : path + "." + key, "is missing");
    return *it;
  }
  std::int64_t integer(const json& v, const std::string& field, std::int64_t lo, std::int64_t hi) const {
    if (!v.is_number_integer()) fail(field, "= " + show(v) + " is not an integer");
    const std::int64_t x = v.is_number_unsigned() && v.get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)
                               ? INT64_MAX
                               : v.get<std::int64_t>();
    if (x < lo || x > hi) fail(field, "= " + std::to_string(x) + " is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
    return x;
  }
  std::string string(const json& v, const std::string& field) const {
    if (!v.is_string()) fail(field, "= " + show(v) + " is not a string");
    return v.get<std::string>();
  }
  double number(const json& v, const std::string& field) const {
    if (!v.is_number()) fail(field, "= " + show(v) + " is not a number");
    return v.get<double>();
  }
  bool boolean(const json& v, const std::string& field) const {
    if (!v.is_boolean()) fail(field, "= " + show(v) + " is not a boolean");
    return v.get<bool>();
  }
  const json& array(const json& v, const std::string& field, std::size_t size) const {
    if (!v.is_array()) fail(field, "= " + show(v) + " is not an array");
    if (v.size() != size) fail(field, "has " + std::to_string(v.size()) + " entries, expected " + std::to_string(size));
    return v;
  }
};

json encoding_to_json(const core::EncodingInfo& e) {
  return json{{"dataset", e.dataset}, {"encoding", e.encoding}, {"steps", e.steps},
              {"seed", e.seed},       {"bin_us", e.bin_us},     {"latency_cutoff", e.latency_cutoff}};
}

}  // namespace

json fixed_network_to_json(const quantizer::FixedNetwork& net) {
  json layers = json::array();
  for (const auto& L : net.layers) {
    json rows = json::array();
    for (Eigen::Index r = 0; r < L.weights.rows(); ++r) {
      json row = json::array();
      for (Eigen::Index c = 0; c < L.weights.cols(); ++c) row.push_back(static_cast<int>(L.weights(r, c)));
      rows.push_back(std::move(row));
    }
    layers.push_back(json{{"inputs", L.inputs()},
                          {"outputs", L.outputs()},
                          {"weights", std::move(rows)},
                          {"weight_exp", L.weight_exp},
                          {"num_weight_bits", L.num_weight_bits},
                          {"sign_mode", quantizer::to_string(L.sign_mode)},
                          {"du", L.du},
                          {"dv", L.dv},
                          {"vth", L.vth},
                          {"bias_mant", L.bias_mant},
                          {"bias_exp", L.bias_exp},
                          {"reset", core::to_string(L.reset)},
                          {"spiking", L.spiking},
                          {"scale", L.scale}});
  }
  json meta = json::object();
  try {
    meta = json::parse(net.metadata_json.empty() ? std::string("{}") : net.metadata_json);
  } catch (const json::parse_error&) {
    throw core::ConfigError("net.q.json: metadata_json is not valid JSON");
  }
  if (!meta.is_object()) throw core::ConfigError("net.q.json: metadata_json is not a JSON object");
  return json{{"format", kFixedFormat},
              {"profile", net.profile},
              {"encoding", encoding_to_json(net.encoding)},
              {"metadata", std::move(meta)},
              {"layers", std::move(layers)}};
}

quantizer::FixedNetwork fixed_network_from_json(const json& doc, const std::string& source) {
  const FieldReader rd{source};
  const std::string format = rd.string(rd.member(doc, "", "format"), "format");
  if (format != kFixedFormat) {
    if (format.rfind("spikeforge.fixed/", 0) == 0) rd.fail("format", "= \"" + format + "\": unsupported version (expected " + kFixedFormat + ")");
    rd.fail("format", "= \"" + format + "\" is not " + kFixedFormat);
  }
  quantizer::FixedNetwork net;
  net.profile = rd.string(rd.member(doc, "", "profile"), "profile");
  const json& e = rd.member(doc, "", "encoding");
  net.encoding.dataset = rd.string(rd.member(e, "encoding", "dataset"), "encoding.dataset");
  net.encoding.encoding = rd.string(rd.member(e, "encoding", "encoding"), "encoding.encoding");
  net.encoding.steps = static_cast<int>(rd.integer(rd.member(e, "encoding", "steps"), "encoding.steps", 1, INT32_MAX));
  {
    const json& s = rd.member(e, "encoding", "seed");
    if (!s.is_number_integer() || (s.is_number_integer() && !s.is_number_unsigned() && s.get<std::int64_t>() < 0)) {
      rd.fail("encoding.seed", "= " + show(s) + " is not a non-negative integer");
    }
    net.encoding.seed = s.get<std::uint64_t>();
  }
  net.encoding.bin_us = rd.number(rd.member(e, "encoding", "bin_us"), "encoding.bin_us");
  if (e.contains("latency_cutoff")) {
    net.encoding.latency_cutoff = rd.number(e.at("latency_cutoff"), "encoding.latency_cutoff");
    if (!(net.encoding.latency_cutoff >= 0.0 && net.encoding.latency_cutoff < 1.0))
      rd.fail("encoding.latency_cutoff", "= " + show(e.at("latency_cutoff")) + " must be in [0, 1)");
  }
  if (doc.contains("metadata")) {
    if (!doc.at("metadata").is_object()) rd.fail("metadata", "is not an object");
    net.metadata_json = doc.at("metadata").dump();
  }
  const json& layers = rd.member(doc, "", "layers");
  if (!layers.is_array() || layers.empty()) rd.fail("layers", "must be a non-empty array");
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const std::string at = "layers[" + std::to_string(l) + "]";
    const json& j = layers[l];
    quantizer::FixedLayer L;
    const auto n_in = rd.integer(rd.member(j, at, "inputs"), at + ".inputs", 1, INT32_MAX);
    const auto n_out = rd.integer(rd.member(j, at, "outputs"), at + ".outputs", 1, INT32_MAX);
    L.num_weight_bits = static_cast<int>(rd.integer(rd.member(j, at, "num_weight_bits"), at + ".num_weight_bits", 1, 8));
    L.sign_mode = [&] {
      const std::string m = rd.string(rd.member(j, at, "sign_mode"), at + ".sign_mode");
      if (m == "mixed") return quantizer::SignMode::mixed;
      if (m == "excitatory") return quantizer::SignMode::excitatory;
      if (m == "inhibitory") return quantizer::SignMode::inhibitory;
      rd.fail(at + ".sign_mode", "= \"" + m + "\" is not mixed, excitatory or inhibitory");
    }();
    const json& rows = rd.array(rd.member(j, at, "weights"), at + ".weights", static_cast<std::size_t>(n_out));
    L.weights.resize(n_out, n_in);
    for (std::int64_t r = 0; r < n_out; ++r) {
      const std::string rf = at + ".weights[" + std::to_string(r) + "]";
      const json& row = rd.array(rows[static_cast<std::size_t>(r)], rf, static_cast<std::size_t>(n_in));
      for (std::int64_t c = 0; c < n_in; ++c) {
        const json& v = row[static_cast<std::size_t>(c)];
        const std::int64_t w = v.is_number_integer() && v.get<std::int64_t>() >= quantizer::kWeightMin &&
                                       v.get<std::int64_t>() <= quantizer::kWeightMax
                                   ? v.get<std::int64_t>()
                                   : rd.integer(v, rf + "[" + std::to_string(c) + "]", quantizer::kWeightMin, quantizer::kWeightMax);
        L.weights(r, c) = static_cast<std::int16_t>(w);
      }
    }
    L.weight_exp = static_cast<int>(rd.integer(rd.member(j, at, "weight_exp"), at + ".weight_exp", quantizer::kWeightExpMin, quantizer::kWeightExpMax));
    L.du = static_cast<int>(rd.integer(rd.member(j, at, "du"), at + ".du", 0, quantizer::kDecayMax));
    L.dv = static_cast<int>(rd.integer(rd.member(j, at, "dv"), at + ".dv", 0, quantizer::kDecayMax));
    L.vth = static_cast<std::int32_t>(rd.integer(rd.member(j, at, "vth"), at + ".vth", 0, quantizer::kVthMax));
    const json& bias = rd.array(rd.member(j, at, "bias_mant"), at + ".bias_mant", static_cast<std::size_t>(n_out));
    for (std::size_t n = 0; n < bias.size(); ++n) {
      L.bias_mant.push_back(static_cast<std::int32_t>(
          rd.integer(bias[n], at + ".bias_mant[" + std::to_string(n) + "]", quantizer::kBiasMantMin, quantizer::kBiasMantMax)));
    }
    L.bias_exp = static_cast<int>(rd.integer(rd.member(j, at, "bias_exp"), at + ".bias_exp", quantizer::kBiasExpMin, quantizer::kBiasExpMax));
    const std::string reset = rd.string(rd.member(j, at, "reset"), at + ".reset");
    if (reset == "zero") {
      L.reset = core::ResetMode::zero;
    } else if (reset == "subtract") {
      L.reset = core::ResetMode::subtract;
    } else {
      rd.fail(at + ".reset", "= \"" + reset + "\" is not zero or subtract");
    }
    L.spiking = rd.boolean(rd.member(j, at, "spiking"), at + ".spiking");
    L.scale = rd.number(rd.member(j, at, "scale"), at + ".scale");
    if (!(L.scale > 0.0)) rd.fail(at + ".scale", "= " + std::to_string(L.scale) + " must be > 0");
    net.layers.push_back(std::move(L));
  }
  try {
    net.validate();  // chaining, truncation consistency, hidden layers spiking
  } catch (const core::ConfigError& err) {
    throw core::InputError(source + ": " + err.what());
  }
  // Then every value against the file's own profile (narrower widths, reset modes, sizes, input bound).
  if (net.profile.empty() || net.profile.find('/') != std::string::npos || net.profile.find('\\') != std::string::npos) {
    rd.fail("profile", "= \"" + net.profile + "\" is not a profile name");
  }
  const std::filesystem::path profile_file = quantizer::profile_dir() / (net.profile + ".json");
  if (!std::filesystem::exists(profile_file)) {
    std::string known;
    for (const auto& k : quantizer::profile_names()) known += (known.empty() ? "" : ", ") + k;
    rd.fail("profile", "= \"" + net.profile + "\" is not a known profile (no " + profile_file.string() + "; known: " +
                           known + "); every value is checked against the file's profile: put its file there or "
                                   "set SPIKEFORGE_PROFILE_DIR");
  }
  quantizer::ChipProfile profile;
  try {
    profile = quantizer::read_profile(profile_file);
  } catch (const core::Error& err) {
    throw core::InputError(source + ": profile \"" + net.profile + "\" cannot be read: " + err.what());
  }
  try {
    quantizer::check_against_profile(net, profile);
  } catch (const core::ConfigError& err) {
    throw core::InputError(source + ": " + err.what());
  }
  return net;
}

quantizer::FixedNetwork read_fixed_network(const std::filesystem::path& path) {
  const std::string text = core::read_input_file(path, "");
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    throw core::InputError(path.string() + ": invalid JSON (truncated or corrupt file?): " + e.what());
  }
  return fixed_network_from_json(doc, path.string());
}

void write_fixed_network(const std::filesystem::path& path, const quantizer::FixedNetwork& net) {
  net.validate();
  const json doc = fixed_network_to_json(net);
  core::write_file_atomically(path, doc.dump() + "\n");
}

}  // namespace spikeforge::exporter

// RTL memory images: build from a FixedNetwork, write as hex + manifest, read back and validate.
#include "export/rtl_mem.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/atomic_write.hpp"
#include "core/output_path.hpp"
#include "core/errors.hpp"
#include "core/input_path.hpp"
#include "export/fixed_checks.hpp"

namespace spikeforge::exporter {

namespace fs = std::filesystem;

namespace {

constexpr const char* kWeightsFile = "mem/weights.hex";
constexpr const char* kBiasFile = "mem/bias.hex";
constexpr const char* kGeomFile = "mem/layers_geom.hex";
constexpr const char* kNeuronFile = "mem/layers_neuron.hex";
constexpr const char* kConfigFile = "mem/config.hex";

std::uint32_t to_raw(std::int32_t value, int bits) {
  return static_cast<std::uint32_t>(value) & ((std::uint32_t{1} << bits) - 1U);
}

void check_limit(const std::string& what, std::int64_t value, std::int64_t limit) {
  if (value > limit) {
    throw core::ConfigError("rtl memory: " + what + " = " + std::to_string(value) + " exceeds the core's limit " +
                            std::to_string(limit));
  }
}

std::string hex_lines(const std::vector<std::uint64_t>& words, int digits) {
  std::string out;
  out.reserve(words.size() * static_cast<std::size_t>(digits + 1));
  char buf[24];
  for (const std::uint64_t w : words) {
    std::snprintf(buf, sizeof buf, "%0*llx\n", digits, static_cast<unsigned long long>(w));
    out += buf;
  }
  return out;
}

template <typename T>
std::vector<std::uint64_t> widen(const std::vector<T>& v) {
  return {v.begin(), v.end()};
}

nlohmann::json manifest_json(const RtlMemoryImage& img) {
  nlohmann::json layers = nlohmann::json::array();
  for (const RtlLayerImage& l : img.layers) {
    layers.push_back({{"inputs", l.inputs}, {"outputs", l.outputs}, {"weight_base", l.weight_base},
                      {"state_base", l.state_base}, {"weight_exp", l.weight_exp}, {"du", l.du}, {"dv", l.dv},
                      {"vth", l.vth}, {"bias_exp", l.bias_exp}, {"reset", l.subtract ? "subtract" : "zero"},
                      {"spiking", l.spiking}});
  }
  return {{"format", kRtlMemFormat},
          {"core", "rtl_sim/rtl/lif_core.sv"},
          {"limits",
           {{"layers", img.limits.layers},
            {"neurons_per_layer", img.limits.neurons_per_layer},
            {"inputs", img.limits.inputs},
            {"state_words", img.limits.state_words},
            {"weight_words", img.limits.weight_words}}},
          {"widths",
           {{"weight", kRtlWeightBits}, {"bias", kRtlBiasBits}, {"v_state", kRtlVStateBits}, {"u_state", kRtlUStateBits},
            {"accumulator", kRtlAccBits}, {"param", 64}}},
          {"files",
           {{"weights", {{"path", kWeightsFile}, {"words", img.weights.size()}, {"width", kRtlWeightBits}}},
            {"bias", {{"path", kBiasFile}, {"words", img.bias.size()}, {"width", kRtlBiasBits}}},
            {"layers_geom", {{"path", kGeomFile}, {"words", img.geometry.size()}, {"width", 64}}},
            {"layers_neuron", {{"path", kNeuronFile}, {"words", img.neuron.size()}, {"width", 64}}},
            {"config", {{"path", kConfigFile}, {"words", 1}, {"width", 64}}}}},
          {"layers", layers}};
}

// Reads a $readmemh-style file of exactly `count` words, each < 2^width.
std::vector<std::uint64_t> read_hex(const fs::path& path, std::size_t count, int width) {
  core::check_input_file(path, "rtl memory:");
  std::ifstream in(path);
  if (!in) throw core::InputError("rtl memory: cannot open " + path.string());
  std::vector<std::uint64_t> words;
  // A word takes at least 2 bytes (a digit and a newline): a forged count cannot reserve more.
  words.reserve(std::min<std::uint64_t>(count, core::input_file_size(path) / 2 + 1));
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty()) continue;
    std::size_t used = 0;
    std::uint64_t w = 0;
    try {
      w = std::stoull(line, &used, 16);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used != line.size() || (width < 64 && w >> width != 0)) {
      throw core::InputError("rtl memory: " + path.string() + " line " + std::to_string(line_no) + " = '" + line +
                             "' is not a " + std::to_string(width) + "-bit hex word");
    }
    words.push_back(w);
  }
  if (words.size() != count) {
    throw core::InputError("rtl memory: " + path.string() + " has " + std::to_string(words.size()) +
                           " words, manifest says " + std::to_string(count));
  }
  return words;
}

template <typename T>
T get_field(const nlohmann::json& j, const char* key, const std::string& where) {
  if (!j.contains(key)) throw core::InputError("rtl memory: " + where + ": missing field '" + key + "'");
  try {
    return j.at(key).get<T>();
  } catch (const nlohmann::json::exception& e) {
    throw core::InputError("rtl memory: " + where + ": field '" + key + "' has the wrong type (" + e.what() + ")");
  }
}

}  // namespace

std::int32_t rtl_sign_extend(std::uint32_t raw, int bits) {
  const std::uint32_t sign = std::uint32_t{1} << (bits - 1);
  const std::uint32_t mask = (bits >= 32) ? ~0U : ((std::uint32_t{1} << bits) - 1U);
  raw &= mask;
  return (raw & sign) != 0 ? static_cast<std::int32_t>(static_cast<std::int64_t>(raw) - (std::int64_t{1} << bits))
                           : static_cast<std::int32_t>(raw);
}

std::uint64_t rtl_pack_geometry(const RtlLayerImage& l) {
  return (static_cast<std::uint64_t>(l.outputs) & 0xFFFFU) | (static_cast<std::uint64_t>(l.weight_base & 0xFFFFFFU) << 16) |
         (static_cast<std::uint64_t>(l.state_base & 0xFFFFFFU) << 40);
}

std::uint64_t rtl_pack_neuron(const RtlLayerImage& l) {
  return (static_cast<std::uint64_t>(l.du) & 0xFFFU) | ((static_cast<std::uint64_t>(l.dv) & 0xFFFU) << 12) |
         ((static_cast<std::uint64_t>(l.vth) & 0x1FFFFU) << 24) |
         (static_cast<std::uint64_t>(to_raw(l.weight_exp, 4)) << 41) |
         ((static_cast<std::uint64_t>(l.bias_exp) & 0x7U) << 45) | (std::uint64_t{l.subtract ? 1U : 0U} << 48) |
         (std::uint64_t{l.spiking ? 1U : 0U} << 49);
}

std::uint64_t rtl_pack_config(std::size_t num_layers, std::int64_t clear_count) {
  return (static_cast<std::uint64_t>(num_layers) & 0xFFFFU) | ((static_cast<std::uint64_t>(clear_count) & 0xFFFFFFFFU) << 16);
}

RtlMemoryImage build_rtl_image(const quantizer::FixedNetwork& net, const RtlCoreLimits& limits) {
  check_fixed_network(net, "rtl memory");
  check_limit("layers", static_cast<std::int64_t>(net.layers.size()), limits.layers);
  RtlMemoryImage img;
  img.limits = limits;
  std::int64_t weight_base = 0;
  std::int64_t state_base = 0;
  for (std::size_t li = 0; li < net.layers.size(); ++li) {
    const quantizer::FixedLayer& L = net.layers[li];
    const std::string where = "layer " + std::to_string(li) + " ";
    check_limit(where + "outputs", L.outputs(), limits.neurons_per_layer);
    check_limit(where + "inputs", L.inputs(), limits.inputs);
    if (L.weight_exp < -8 || L.weight_exp > 7) check_limit(where + "|weight_exp|", L.weight_exp, 7);
    RtlLayerImage r;
    r.inputs = L.inputs();
    r.outputs = L.outputs();
    r.weight_base = static_cast<std::uint32_t>(weight_base);
    r.state_base = static_cast<std::uint32_t>(state_base);
    r.weight_exp = L.weight_exp;
    r.du = L.du;
    r.dv = L.dv;
    r.vth = L.vth;
    r.bias_exp = L.bias_exp;
    r.subtract = L.reset == core::ResetMode::subtract;
    r.spiking = L.spiking;
    weight_base += static_cast<std::int64_t>(L.weights.size());
    state_base += L.outputs();
    check_limit("total synapses (after layer " + std::to_string(li) + ")", weight_base, limits.weight_words);
    check_limit("total neurons (after layer " + std::to_string(li) + ")", state_base, limits.state_words);
    // Column-major storage: the weight column of input i is contiguous, as the core reads it.
    const std::int16_t* w = L.weights.data();
    for (Eigen::Index k = 0; k < L.weights.size(); ++k) {
      img.weights.push_back(static_cast<std::uint16_t>(to_raw(w[k], kRtlWeightBits)));
    }
    for (const std::int32_t b : L.bias_mant) img.bias.push_back(static_cast<std::uint16_t>(to_raw(b, kRtlBiasBits)));
    img.geometry.push_back(rtl_pack_geometry(r));
    img.neuron.push_back(rtl_pack_neuron(r));
    img.layers.push_back(r);
  }
  img.config = rtl_pack_config(img.layers.size(), state_base);
  return img;
}

void write_rtl_memory(const fs::path& dir, const quantizer::FixedNetwork& net) {
  write_rtl_memory(dir, build_rtl_image(net));
}

void check_rtl_memory_target(const fs::path& dir) {
  core::check_output_dir(dir, "rtl memory");
  const fs::path target = core::resolve_output(dir.lexically_normal());
  std::error_code ec;
  if (!fs::is_directory(target, ec)) return;
  // Only an earlier RTL memory directory (or an empty one) is replaced: never a user's other files.
  const bool empty = fs::directory_iterator(target, ec) == fs::directory_iterator();
  if (!empty && !fs::is_regular_file(target / "manifest.json", ec)) {
    throw core::ConfigError("rtl memory " + dir.string() +
                            ": is a non-empty directory without manifest.json (not an RTL memory directory); "
                            "refusing to replace it");
  }
}

void write_rtl_memory(const fs::path& dir, const RtlMemoryImage& img) {
  const fs::path target = core::resolve_output(dir.lexically_normal());
  check_rtl_memory_target(dir);
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::error_code ec;
  fs::create_directories(parent, ec);
  const fs::path tmp = core::temp_path_for(target);
  try {
    fs::create_directories(tmp / "mem");
    core::write_file_atomically(tmp / kWeightsFile, hex_lines(widen(img.weights), 3));
    core::write_file_atomically(tmp / kBiasFile, hex_lines(widen(img.bias), 4));
    core::write_file_atomically(tmp / kGeomFile, hex_lines(img.geometry, 16));
    core::write_file_atomically(tmp / kNeuronFile, hex_lines(img.neuron, 16));
    core::write_file_atomically(tmp / kConfigFile, hex_lines({img.config}, 16));
    core::write_file_atomically(tmp / "manifest.json", manifest_json(img).dump(2) + "\n");
    // Swap the finished directory in: an existing target is moved aside first, then removed.
    const fs::path old = core::temp_path_for(target);
    const bool had_old = fs::exists(target);
    if (had_old) fs::rename(target, old);
    fs::rename(tmp, target);
    if (had_old) fs::remove_all(old, ec);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(tmp, ec);
    throw core::OutputError("rtl memory: cannot write " + target.string() + ": " + e.what());
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

RtlMemoryImage read_rtl_memory(const fs::path& dir) {
  const fs::path mpath = dir / "manifest.json";
  if (std::error_code ec; !fs::is_directory(dir, ec)) {
    throw core::InputError("rtl memory " + dir.string() + ": " + (fs::exists(dir, ec) ? "is not a directory" : "does not exist"));
  }
  core::check_input_file(mpath, "rtl memory:");
  std::ifstream in(mpath);
  if (!in) throw core::InputError("rtl memory: cannot open " + mpath.string());
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw core::InputError("rtl memory: " + mpath.string() + " is not valid JSON: " + e.what());
  }
  const std::string src = mpath.string();
  const auto format = get_field<std::string>(doc, "format", src);
  if (format != kRtlMemFormat) {
    throw core::InputError("rtl memory: " + src + ": format = '" + format + "', expected '" + kRtlMemFormat + "'");
  }
  RtlMemoryImage img;
  const nlohmann::json lim = get_field<nlohmann::json>(doc, "limits", src);
  img.limits.layers = get_field<int>(lim, "layers", src + " limits");
  img.limits.neurons_per_layer = get_field<int>(lim, "neurons_per_layer", src + " limits");
  img.limits.inputs = get_field<int>(lim, "inputs", src + " limits");
  img.limits.state_words = get_field<std::int64_t>(lim, "state_words", src + " limits");
  img.limits.weight_words = get_field<std::int64_t>(lim, "weight_words", src + " limits");
  const nlohmann::json layers = get_field<nlohmann::json>(doc, "layers", src);
  if (!layers.is_array() || layers.empty()) throw core::InputError("rtl memory: " + src + ": 'layers' must be a non-empty array");
  std::int64_t n_weights = 0;
  std::int64_t n_state = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const std::string where = src + " layers[" + std::to_string(i) + "]";
    const nlohmann::json& j = layers[i];
    RtlLayerImage r;
    r.inputs = get_field<int>(j, "inputs", where);
    r.outputs = get_field<int>(j, "outputs", where);
    r.weight_base = get_field<std::uint32_t>(j, "weight_base", where);
    r.state_base = get_field<std::uint32_t>(j, "state_base", where);
    r.weight_exp = get_field<int>(j, "weight_exp", where);
    r.du = get_field<int>(j, "du", where);
    r.dv = get_field<int>(j, "dv", where);
    r.vth = get_field<std::int32_t>(j, "vth", where);
    r.bias_exp = get_field<int>(j, "bias_exp", where);
    const auto reset = get_field<std::string>(j, "reset", where);
    if (reset != "zero" && reset != "subtract") {
      throw core::InputError("rtl memory: " + where + ": reset = '" + reset + "' is not 'zero' or 'subtract'");
    }
    r.subtract = reset == "subtract";
    r.spiking = get_field<bool>(j, "spiking", where);
    if (r.inputs <= 0 || r.outputs <= 0 || r.inputs > img.limits.inputs || r.outputs > img.limits.neurons_per_layer) {
      throw core::InputError("rtl memory: " + where + ": inputs = " + std::to_string(r.inputs) + ", outputs = " +
                             std::to_string(r.outputs) + " outside the core's limits");
    }
    if (i > 0 && r.inputs != img.layers.back().outputs) {
      throw core::InputError("rtl memory: " + where + ": inputs = " + std::to_string(r.inputs) +
                             " differs from the previous layer's outputs");
    }
    if (r.weight_base != n_weights || r.state_base != n_state) {
      throw core::InputError("rtl memory: " + where + ": weight_base = " + std::to_string(r.weight_base) +
                             ", state_base = " + std::to_string(r.state_base) + " are not the packed offsets " +
                             std::to_string(n_weights) + ", " + std::to_string(n_state));
    }
    n_weights += static_cast<std::int64_t>(r.inputs) * r.outputs;
    n_state += r.outputs;
    img.layers.push_back(r);
  }
  const auto L = img.layers.size();
  for (const std::uint64_t w : read_hex(dir / kWeightsFile, static_cast<std::size_t>(n_weights), kRtlWeightBits)) {
    img.weights.push_back(static_cast<std::uint16_t>(w));
  }
  for (const std::uint64_t w : read_hex(dir / kBiasFile, static_cast<std::size_t>(n_state), kRtlBiasBits)) {
    img.bias.push_back(static_cast<std::uint16_t>(w));
  }
  img.geometry = read_hex(dir / kGeomFile, L, 64);
  img.neuron = read_hex(dir / kNeuronFile, L, 64);
  img.config = read_hex(dir / kConfigFile, 1, 64).front();
  for (std::size_t i = 0; i < L; ++i) {
    if (img.geometry[i] != rtl_pack_geometry(img.layers[i]) || img.neuron[i] != rtl_pack_neuron(img.layers[i])) {
      throw core::InputError("rtl memory: " + (dir / kGeomFile).string() + " / " + kNeuronFile + ": word " +
                             std::to_string(i) + " disagrees with manifest layers[" + std::to_string(i) + "]");
    }
  }
  if (img.config != rtl_pack_config(L, n_state)) {
    throw core::InputError("rtl memory: " + (dir / kConfigFile).string() + ": word disagrees with the manifest");
  }
  return img;
}

}  // namespace spikeforge::exporter

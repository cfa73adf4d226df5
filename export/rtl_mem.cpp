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
constexpr const char* kPointersFile = "mem/pointers.hex";
constexpr const char* kIndexFile = "mem/index.hex";
constexpr int kPointerBaseBits = 13;  // layers_neuron [63:51]

int log2_of(std::int64_t v) {
  int b = 0;
  while ((std::int64_t{1} << b) < v) ++b;
  return b;
}

bool power_of_two(std::int64_t v) { return v > 0 && (v & (v - 1)) == 0; }

int hex_digits(int bits) { return (bits + 3) / 4; }

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

int pointer_bits_or_0(const RtlCoreLimits& l) { return l.sparse ? l.pointer_bits() : 0; }
int index_bits_or_0(const RtlCoreLimits& l) { return l.sparse ? l.index_bits() : 0; }

nlohmann::json manifest_json(const RtlMemoryImage& img) {
  nlohmann::json layers = nlohmann::json::array();
  for (const RtlLayerImage& l : img.layers) {
    const bool sp = l.layout == RtlLayout::sparse;
    layers.push_back({{"inputs", l.inputs}, {"outputs", l.outputs}, {"weight_base", l.weight_base},
                      {"state_base", l.state_base}, {"weight_exp", l.weight_exp}, {"du", l.du}, {"dv", l.dv},
                      {"vth", l.vth}, {"bias_exp", l.bias_exp}, {"reset", l.subtract ? "subtract" : "zero"},
                      {"spiking", l.spiking}, {"layout", to_string(l.layout)}, {"pointer_base", l.pointer_base},
                      {"blocks", l.blocks}, {"pad_words", l.pad_words},
                      {"words", {{"weights", l.weight_words}, {"pointers", sp ? l.inputs : 0}, {"index", l.blocks}}},
                      {"bits", l.bits}});
  }
  const RtlCoreLimits& lim = img.limits;
  return {{"format", kRtlMemFormat},
          {"core", "rtl_sim/rtl/lif_core.sv"},
          {"lanes", lim.lanes},
          {"limits",
           {{"layers", lim.layers},
            {"neurons_per_layer", lim.neurons_per_layer},
            {"inputs", lim.inputs},
            {"state_words", lim.state_words},
            {"weight_words", lim.weight_words},
            {"lanes", lim.lanes},
            {"sparse", lim.sparse},
            {"pointer_words", lim.pointer_words}}},
          {"widths",
           {{"weight", kRtlWeightBits}, {"bias", kRtlBiasBits}, {"v_state", kRtlVStateBits}, {"u_state", kRtlUStateBits},
            {"accumulator", kRtlAccBits}, {"param", 64}, {"pointer", pointer_bits_or_0(lim)},
            {"pointer_start", lim.sparse ? lim.pointer_start_bits() : 0},
            {"pointer_count", lim.sparse ? lim.pointer_count_bits() : 0}, {"index", index_bits_or_0(lim)}}},
          {"files",
           {{"weights", {{"path", kWeightsFile}, {"words", img.weights.size()}, {"width", kRtlWeightBits}}},
            {"pointers", {{"path", kPointersFile}, {"words", img.pointers.size()}, {"width", pointer_bits_or_0(lim)}}},
            {"index", {{"path", kIndexFile}, {"words", img.index.size()}, {"width", index_bits_or_0(lim)}}},
            {"bias", {{"path", kBiasFile}, {"words", img.bias.size()}, {"width", kRtlBiasBits}}},
            {"layers_geom", {{"path", kGeomFile}, {"words", img.geometry.size()}, {"width", 64}}},
            {"layers_neuron", {{"path", kNeuronFile}, {"words", img.neuron.size()}, {"width", 64}}},
            {"config", {{"path", kConfigFile}, {"words", 1}, {"width", 64}}}}},
          {"synapse_memory_bits", img.synapse_bits()},
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

// Blocks of input i of a layer: the rows r (ascending) of P neurons with a non-zero weight from i.
std::vector<std::uint32_t> input_blocks(const quantizer::FixedLayer& L, Eigen::Index i, int lanes) {
  std::vector<std::uint32_t> rows;
  const Eigen::Index n_out = L.weights.rows();
  for (Eigen::Index n0 = 0; n0 < n_out; n0 += lanes) {
    for (Eigen::Index n = n0; n < std::min<Eigen::Index>(n0 + lanes, n_out); ++n) {
      if (L.weights(n, i) != 0) {
        rows.push_back(static_cast<std::uint32_t>(n0 / lanes));
        break;
      }
    }
  }
  return rows;
}

}  // namespace

const char* to_string(RtlLayout layout) { return layout == RtlLayout::sparse ? "sparse" : "dense"; }

RtlLayoutChoice parse_rtl_layout_choice(const std::string& text, const std::string& field) {
  if (text == "auto") return RtlLayoutChoice::automatic;
  if (text == "dense") return RtlLayoutChoice::dense;
  if (text == "sparse") return RtlLayoutChoice::sparse;
  throw core::ConfigError(field + ": '" + text + "' is not one of auto, dense, sparse");
}

void RtlCoreLimits::validate() const {
  auto pow2 = [](const char* field, std::int64_t v) {
    if (!power_of_two(v)) {
      throw core::ConfigError("rtl memory: core limits: " + std::string(field) + " = " + std::to_string(v) +
                              " is not a power of two");
    }
  };
  pow2("layers", layers);
  pow2("neurons_per_layer", neurons_per_layer);
  pow2("inputs", inputs);
  pow2("state_words", state_words);
  pow2("weight_words", weight_words);
  pow2("lanes", lanes);
  if (lanes > 64 || 2 * lanes > neurons_per_layer || lanes > weight_words) {
    throw core::ConfigError("rtl memory: core limits: lanes = " + std::to_string(lanes) +
                            " must be <= 64 and <= neurons_per_layer / 2 = " + std::to_string(neurons_per_layer / 2));
  }
  if (sparse) {
    pow2("pointer_words", pointer_words);
    if (pointer_words > (std::int64_t{1} << kPointerBaseBits)) {
      throw core::ConfigError("rtl memory: core limits: pointer_words = " + std::to_string(pointer_words) +
                              " exceeds 2^" + std::to_string(kPointerBaseBits) + " (the pointer_base field)");
    }
  } else if (pointer_words != 0) {
    throw core::ConfigError("rtl memory: core limits: pointer_words = " + std::to_string(pointer_words) +
                            " must be 0 on a build without sparse memories");
  }
}

int RtlCoreLimits::pointer_start_bits() const { return log2_of(weight_words / lanes); }
int RtlCoreLimits::index_bits() const { return log2_of(neurons_per_layer / lanes); }
int RtlCoreLimits::pointer_count_bits() const { return index_bits() + 1; }

std::int64_t RtlMemoryImage::synapse_bits() const {
  std::int64_t b = 0;
  for (const RtlLayerImage& l : layers) b += l.bits;
  return b;
}

RtlLayoutBits rtl_layout_bits(const quantizer::FixedLayer& L, const RtlCoreLimits& limits) {
  limits.validate();
  RtlLayoutBits b;
  b.dense = static_cast<std::int64_t>(L.inputs()) * L.outputs() * kRtlWeightBits;
  for (Eigen::Index i = 0; i < L.weights.cols(); ++i) {
    b.blocks += static_cast<std::int64_t>(input_blocks(L, i, limits.lanes).size());
  }
  b.sparse = limits.sparse ? static_cast<std::int64_t>(L.inputs()) * limits.pointer_bits() +
                                 b.blocks * (limits.index_bits() + static_cast<std::int64_t>(limits.lanes) * kRtlWeightBits)
                           : -1;
  return b;
}

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
         (std::uint64_t{l.spiking ? 1U : 0U} << 49) | (std::uint64_t{l.layout == RtlLayout::sparse ? 1U : 0U} << 50) |
         ((static_cast<std::uint64_t>(l.pointer_base) & ((1U << kPointerBaseBits) - 1U)) << 51);
}

std::uint64_t rtl_pack_config(std::size_t num_layers, std::int64_t clear_count) {
  return (static_cast<std::uint64_t>(num_layers) & 0xFFFFU) | ((static_cast<std::uint64_t>(clear_count) & 0xFFFFFFFFU) << 16);
}

RtlMemoryImage build_rtl_image(const quantizer::FixedNetwork& net, const RtlCoreLimits& limits,
                               RtlLayoutChoice choice, const std::vector<RtlLayoutChoice>& layouts) {
  check_fixed_network(net, "rtl memory");
  limits.validate();
  check_limit("layers", static_cast<std::int64_t>(net.layers.size()), limits.layers);
  if (!layouts.empty() && layouts.size() != net.layers.size()) {
    throw core::ConfigError("rtl memory: " + std::to_string(layouts.size()) + " layout choices for a network of " +
                            std::to_string(net.layers.size()) + " layers");
  }
  RtlMemoryImage img;
  img.limits = limits;
  const int P = limits.lanes;
  std::int64_t weight_base = 0;
  std::int64_t state_base = 0;
  std::int64_t pointer_base = 0;
  for (std::size_t li = 0; li < net.layers.size(); ++li) {
    const quantizer::FixedLayer& L = net.layers[li];
    const std::string where = "layer " + std::to_string(li) + " ";
    check_limit(where + "outputs", L.outputs(), limits.neurons_per_layer);
    check_limit(where + "inputs", L.inputs(), limits.inputs);
    if (L.weight_exp < -8 || L.weight_exp > 7) check_limit(where + "|weight_exp|", L.weight_exp, 7);
    const RtlLayoutChoice want = layouts.empty() ? choice : layouts[li];
    if (want == RtlLayoutChoice::sparse && !limits.sparse) {
      throw core::ConfigError("rtl memory: " + where + "layout = sparse, but the core build has no sparse memories");
    }
    bool sparse = want == RtlLayoutChoice::sparse;
    if (want == RtlLayoutChoice::automatic && limits.sparse) {
      const RtlLayoutBits bits = rtl_layout_bits(L, limits);
      sparse = bits.sparse < bits.dense;
    }
    RtlLayerImage r;
    r.inputs = L.inputs();
    r.outputs = L.outputs();
    r.layout = sparse ? RtlLayout::sparse : RtlLayout::dense;
    r.pad_words = sparse ? (P - weight_base % P) % P : 0;
    weight_base += r.pad_words;
    r.weight_base = static_cast<std::uint32_t>(weight_base);
    r.state_base = static_cast<std::uint32_t>(state_base);
    r.weight_exp = L.weight_exp;
    r.du = L.du;
    r.dv = L.dv;
    r.vth = L.vth;
    r.bias_exp = L.bias_exp;
    r.subtract = L.reset == core::ResetMode::subtract;
    r.spiking = L.spiking;
    img.weights.insert(img.weights.end(), static_cast<std::size_t>(r.pad_words), 0);
    if (!sparse) {
      // Column-major storage: the weight column of input i is contiguous, as the core reads it.
      const std::int16_t* w = L.weights.data();
      for (Eigen::Index k = 0; k < L.weights.size(); ++k) {
        img.weights.push_back(static_cast<std::uint16_t>(to_raw(w[k], kRtlWeightBits)));
      }
      r.weight_words = static_cast<std::int64_t>(L.weights.size());
    } else {
      r.pointer_base = static_cast<std::uint32_t>(pointer_base);
      const std::int64_t first_block = weight_base / P;
      for (Eigen::Index i = 0; i < L.weights.cols(); ++i) {
        const std::vector<std::uint32_t> rows = input_blocks(L, i, P);
        const auto start = static_cast<std::uint64_t>(first_block + r.blocks);
        img.pointers.push_back(start | (static_cast<std::uint64_t>(rows.size()) << limits.pointer_start_bits()));
        for (const std::uint32_t row : rows) {
          for (int j = 0; j < P; ++j) {
            const Eigen::Index n = static_cast<Eigen::Index>(row) * P + j;
            const std::int32_t w = n < L.weights.rows() ? L.weights(n, i) : 0;
            img.weights.push_back(static_cast<std::uint16_t>(to_raw(w, kRtlWeightBits)));
          }
          img.index.push_back(row);
        }
        r.blocks += static_cast<std::int64_t>(rows.size());
      }
      r.weight_words = r.blocks * P;
      pointer_base += r.inputs;
      check_limit("total pointer words (after layer " + std::to_string(li) + ")", pointer_base, limits.pointer_words);
    }
    r.bits = (r.pad_words + r.weight_words) * kRtlWeightBits +
             (sparse ? static_cast<std::int64_t>(r.inputs) * limits.pointer_bits() + r.blocks * limits.index_bits() : 0);
    weight_base += r.weight_words;
    state_base += L.outputs();
    check_limit("total weight words (after layer " + std::to_string(li) + ")", weight_base, limits.weight_words);
    check_limit("total neurons (after layer " + std::to_string(li) + ")", state_base, limits.state_words);
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
    core::write_file_atomically(tmp / kPointersFile,
                                hex_lines(img.pointers, hex_digits(std::max(1, pointer_bits_or_0(img.limits)))));
    core::write_file_atomically(tmp / kIndexFile, hex_lines(widen(img.index), hex_digits(std::max(1, index_bits_or_0(img.limits)))));
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
  img.limits.lanes = get_field<int>(lim, "lanes", src + " limits");
  img.limits.sparse = get_field<bool>(lim, "sparse", src + " limits");
  img.limits.pointer_words = get_field<std::int64_t>(lim, "pointer_words", src + " limits");
  try {
    img.limits.validate();
  } catch (const core::ConfigError& e) {
    throw core::InputError(src + ": " + e.what());
  }
  const int P = img.limits.lanes;
  const nlohmann::json layers = get_field<nlohmann::json>(doc, "layers", src);
  if (!layers.is_array() || layers.empty()) throw core::InputError("rtl memory: " + src + ": 'layers' must be a non-empty array");
  std::int64_t n_weights = 0;
  std::int64_t n_state = 0;
  std::int64_t n_pointers = 0;
  std::int64_t n_index = 0;
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
    const auto layout = get_field<std::string>(j, "layout", where);
    if (layout != "dense" && !(layout == "sparse" && img.limits.sparse)) {
      throw core::InputError("rtl memory: " + where + ": layout = '" + layout + "' is not 'dense'" +
                             (img.limits.sparse ? " or 'sparse'" : " (the core build has no sparse memories)"));
    }
    r.layout = layout == "sparse" ? RtlLayout::sparse : RtlLayout::dense;
    const bool sp = r.layout == RtlLayout::sparse;
    r.pointer_base = get_field<std::uint32_t>(j, "pointer_base", where);
    r.blocks = get_field<std::int64_t>(j, "blocks", where);
    r.pad_words = get_field<std::int64_t>(j, "pad_words", where);
    const nlohmann::json words = get_field<nlohmann::json>(j, "words", where);
    r.weight_words = get_field<std::int64_t>(words, "weights", where + " words");
    const auto ptr_words = get_field<std::int64_t>(words, "pointers", where + " words");
    const auto idx_words = get_field<std::int64_t>(words, "index", where + " words");
    r.bits = get_field<std::int64_t>(j, "bits", where);
    if (r.inputs <= 0 || r.outputs <= 0 || r.inputs > img.limits.inputs || r.outputs > img.limits.neurons_per_layer) {
      throw core::InputError("rtl memory: " + where + ": inputs = " + std::to_string(r.inputs) + ", outputs = " +
                             std::to_string(r.outputs) + " outside the core's limits");
    }
    if (i > 0 && r.inputs != img.layers.back().outputs) {
      throw core::InputError("rtl memory: " + where + ": inputs = " + std::to_string(r.inputs) +
                             " differs from the previous layer's outputs");
    }
    const std::int64_t pad = sp ? (P - n_weights % P) % P : 0;
    if (r.pad_words != pad) {
      throw core::InputError("rtl memory: " + where + ": pad_words = " + std::to_string(r.pad_words) + ", expected " +
                             std::to_string(pad));
    }
    n_weights += pad;
    if (r.weight_base != n_weights || r.state_base != n_state || (sp && r.pointer_base != n_pointers)) {
      throw core::InputError("rtl memory: " + where + ": weight_base = " + std::to_string(r.weight_base) +
                             ", state_base = " + std::to_string(r.state_base) + ", pointer_base = " +
                             std::to_string(r.pointer_base) + " are not the packed offsets " + std::to_string(n_weights) +
                             ", " + std::to_string(n_state) + ", " + std::to_string(n_pointers));
    }
    const std::int64_t rows = (r.outputs + P - 1) / P;
    if (r.blocks < 0 || (sp ? r.blocks > rows * r.inputs : r.blocks != 0)) {
      throw core::InputError("rtl memory: " + where + ": blocks = " + std::to_string(r.blocks) + " is outside [0, " +
                             std::to_string(sp ? rows * r.inputs : 0) + "]");
    }
    const std::int64_t expect_words = sp ? r.blocks * P : static_cast<std::int64_t>(r.inputs) * r.outputs;
    if (r.weight_words != expect_words || ptr_words != (sp ? r.inputs : 0) || idx_words != r.blocks) {
      throw core::InputError("rtl memory: " + where + ": words = {weights " + std::to_string(r.weight_words) +
                             ", pointers " + std::to_string(ptr_words) + ", index " + std::to_string(idx_words) +
                             "} disagree with the layer (expected {" + std::to_string(expect_words) + ", " +
                             std::to_string(sp ? r.inputs : 0) + ", " + std::to_string(r.blocks) + "})");
    }
    const std::int64_t bits = (pad + r.weight_words) * kRtlWeightBits +
                              (sp ? static_cast<std::int64_t>(r.inputs) * img.limits.pointer_bits() +
                                        r.blocks * img.limits.index_bits()
                                  : 0);
    if (r.bits != bits) {
      throw core::InputError("rtl memory: " + where + ": bits = " + std::to_string(r.bits) + ", the layer holds " +
                             std::to_string(bits));
    }
    n_weights += r.weight_words;
    n_state += r.outputs;
    if (sp) n_pointers += r.inputs;
    n_index += r.blocks;
    img.layers.push_back(r);
  }
  if (n_weights > img.limits.weight_words || n_state > img.limits.state_words || n_pointers > img.limits.pointer_words) {
    throw core::InputError("rtl memory: " + src + ": the layers need " + std::to_string(n_weights) + " weight, " +
                           std::to_string(n_state) + " state and " + std::to_string(n_pointers) +
                           " pointer words, more than the limits hold");
  }
  // The file word counts the manifest states must be the ones its layers imply.
  const nlohmann::json files = get_field<nlohmann::json>(doc, "files", src);
  const auto check_words = [&](const char* name, std::int64_t expect) {
    const nlohmann::json f = get_field<nlohmann::json>(files, name, src + " files");
    const auto words = get_field<std::int64_t>(f, "words", src + " files." + name);
    if (words != expect) {
      throw core::InputError("rtl memory: " + src + ": files." + name + ".words = " + std::to_string(words) +
                             ", but the layers need " + std::to_string(expect));
    }
  };
  check_words("weights", n_weights);
  check_words("pointers", n_pointers);
  check_words("index", n_index);
  check_words("bias", n_state);
  const auto total_bits = get_field<std::int64_t>(doc, "synapse_memory_bits", src);
  const auto L = img.layers.size();
  for (const std::uint64_t w : read_hex(dir / kWeightsFile, static_cast<std::size_t>(n_weights), kRtlWeightBits)) {
    img.weights.push_back(static_cast<std::uint16_t>(w));
  }
  const int ptr_bits = pointer_bits_or_0(img.limits);
  const int idx_bits = index_bits_or_0(img.limits);
  img.pointers = read_hex(dir / kPointersFile, static_cast<std::size_t>(n_pointers), std::max(1, ptr_bits));
  for (const std::uint64_t w : read_hex(dir / kIndexFile, static_cast<std::size_t>(n_index), std::max(1, idx_bits))) {
    img.index.push_back(static_cast<std::uint32_t>(w));
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
  // Sparse layers: every block row inside the layer, every pointer inside the layer's block list.
  std::size_t idx_at = 0;
  for (const RtlLayerImage& r : img.layers) {
    if (r.layout != RtlLayout::sparse) continue;
    const std::uint64_t rows = static_cast<std::uint64_t>((r.outputs + P - 1) / P);
    for (std::int64_t k = 0; k < r.blocks; ++k, ++idx_at) {
      if (img.index[idx_at] >= rows) {
        throw core::InputError("rtl memory: " + (dir / kIndexFile).string() + " word " + std::to_string(idx_at) +
                               ": row = " + std::to_string(img.index[idx_at]) + " is outside the layer's " +
                               std::to_string(rows) + " rows");
      }
    }
    const auto first = static_cast<std::uint64_t>(r.weight_base / static_cast<std::uint32_t>(P));
    const std::uint64_t end = first + static_cast<std::uint64_t>(r.blocks);
    const std::uint64_t start_mask = (std::uint64_t{1} << img.limits.pointer_start_bits()) - 1U;
    for (int i = 0; i < r.inputs; ++i) {
      const std::size_t a = r.pointer_base + static_cast<std::size_t>(i);
      const std::uint64_t start = img.pointers[a] & start_mask;
      const std::uint64_t count = img.pointers[a] >> img.limits.pointer_start_bits();
      if (start < first || start + count > end || count > rows) {
        throw core::InputError("rtl memory: " + (dir / kPointersFile).string() + " word " + std::to_string(a) +
                               ": start = " + std::to_string(start) + ", count = " + std::to_string(count) +
                               " points past the layer's block list [" + std::to_string(first) + ", " +
                               std::to_string(end) + ")");
      }
    }
  }
  if (total_bits != img.synapse_bits()) {
    throw core::InputError("rtl memory: " + src + ": synapse_memory_bits = " + std::to_string(total_bits) +
                           ", the layers hold " + std::to_string(img.synapse_bits()));
  }
  return img;
}

}  // namespace spikeforge::exporter

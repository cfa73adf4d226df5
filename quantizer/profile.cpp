#include "quantizer/profile.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "core/input_path.hpp"

namespace spikeforge::quantizer {

const char* to_string(SignMode mode) {
  switch (mode) {
    case SignMode::mixed: return "mixed";
    case SignMode::excitatory: return "excitatory";
    case SignMode::inhibitory: return "inhibitory";
  }
  return "?";
}

SignMode parse_sign_mode(const std::string& text, const std::string& field) {
  if (text == "mixed") return SignMode::mixed;
  if (text == "excitatory") return SignMode::excitatory;
  if (text == "inhibitory") return SignMode::inhibitory;
  throw core::ConfigError(field + ": unknown sign mode '" + text + "' (expected mixed, excitatory or inhibitory)");
}

bool ChipProfile::supports(core::ResetMode mode) const {
  return std::find(reset_modes.begin(), reset_modes.end(), mode) != reset_modes.end();
}
bool ChipProfile::supports(SignMode mode) const {
  return std::find(sign_modes.begin(), sign_modes.end(), mode) != sign_modes.end();
}

namespace {

[[noreturn]] void bad(const ChipProfile& p, const std::string& field, long long value, const std::string& why) {
  std::ostringstream msg;
  msg << "profile " << (p.source.empty() ? p.name : p.source.string()) << ": " << field << " = " << value << " "
      << why;
  throw core::ConfigError(msg.str());
}

void width(const ChipProfile& p, const std::string& field, int value, int format_max) {
  if (value < 1 || value > 32) bad(p, field, value, "must be in [1, 32]");
  if (value > format_max) {
    bad(p, field, value, "exceeds the spikeforge.fixed/1 format's " + std::to_string(format_max) + " bits");
  }
}

void exact(const ChipProfile& p, const std::string& field, int value, int required) {
  width(p, field, value, 32);
  if (value != required) {
    bad(p, field, value, "must be " + std::to_string(required) + " (the golden model's arithmetic is fixed)");
  }
}

}  // namespace

void ChipProfile::validate() const {
  if (name.empty()) throw core::ConfigError("profile " + source.string() + ": name is empty");
  if (energy_table.empty()) throw core::ConfigError("profile " + (source.empty() ? name : source.string()) + ": energy_table is empty");
  width(*this, "weights.max_bits", max_weight_bits, kWeightBitsMax);
  width(*this, "neuron.vth_bits", vth_bits, kVthBits);
  width(*this, "neuron.bias_mant_bits", bias_mant_bits, kBiasMantBits);
  width(*this, "neuron.bias_exp_bits", bias_exp_bits, kBiasExpBits);
  exact(*this, "neuron.du_bits", du_bits, kDecayBits);
  exact(*this, "neuron.dv_bits", dv_bits, kDecayBits);
  exact(*this, "neuron.u_bits", u_bits, kStateBits);
  exact(*this, "neuron.v_bits", v_bits, kStateBits);
  // vth << 6 must fit in signed v: vth_bits + 6 magnitude bits + 1 sign bit.
  if (v_bits < vth_bits + kStateShift + 1) {
    bad(*this, "neuron.v_bits", v_bits,
        "is < vth_bits + 7 = " + std::to_string(vth_bits + kStateShift + 1) + " (vth << 6 must fit in signed v)");
  }
  const std::string exp_range = "is outside [" + std::to_string(kWeightExpMin) + ", " + std::to_string(kWeightExpMax) + "]";
  if (weight_exp_min < kWeightExpMin || weight_exp_min > kWeightExpMax) bad(*this, "weights.exp_min", weight_exp_min, exp_range);
  if (weight_exp_max < kWeightExpMin || weight_exp_max > kWeightExpMax) bad(*this, "weights.exp_max", weight_exp_max, exp_range);
  if (weight_exp_max < weight_exp_min) {
    bad(*this, "weights.exp_max", weight_exp_max, "is < exp_min = " + std::to_string(weight_exp_min));
  }
  if (sign_modes.empty()) throw core::ConfigError("profile " + source.string() + ": weights.sign_modes is empty");
  if (!supports(SignMode::mixed)) {
    throw core::ConfigError("profile " + source.string() + ": weights.sign_modes must include 'mixed'");
  }
  if (reset_modes.empty()) throw core::ConfigError("profile " + source.string() + ": neuron.reset_modes is empty");
  if (max_layers <= 0) bad(*this, "limits.max_layers", max_layers, "must be > 0");
  if (max_neurons_per_layer <= 0) bad(*this, "limits.max_neurons_per_layer", max_neurons_per_layer, "must be > 0");
  if (max_fan_in <= 0) bad(*this, "limits.max_fan_in", max_fan_in, "must be > 0");
  if (max_synapses <= 0) bad(*this, "limits.max_synapses", max_synapses, "must be > 0");
}

std::filesystem::path profile_dir() {
  if (const char* env = std::getenv("SPIKEFORGE_PROFILE_DIR"); env != nullptr && *env != '\0') return env;
  return std::filesystem::path(SPIKEFORGE_SOURCE_DIR) / "quantizer" / "profiles";
}

namespace {

template <typename T>
T get(const nlohmann::json& obj, const char* key, const std::string& where, const std::filesystem::path& file) {
  if (!obj.is_object() || !obj.contains(key)) {
    throw core::InputError("profile " + file.string() + ": missing field " + where + key);
  }
  try {
    return obj.at(key).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw core::InputError("profile " + file.string() + ": field " + where + key + " = " + obj.at(key).dump() +
                           " has the wrong type");
  }
}

}  // namespace

ChipProfile read_profile(const std::filesystem::path& path) {
  const std::string text = core::read_input_file(path, "profile");
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw core::InputError("profile " + path.string() + ": invalid JSON: " + e.what());
  }
  const auto format = get<std::string>(doc, "format", "", path);
  if (format != "spikeforge.profile/1") {
    throw core::InputError("profile " + path.string() + ": format = '" + format + "', expected 'spikeforge.profile/1'");
  }
  ChipProfile p;
  p.source = path;
  p.name = get<std::string>(doc, "name", "", path);
  if (doc.contains("description")) p.description = get<std::string>(doc, "description", "", path);
  p.energy_table = get<std::string>(doc, "energy_table", "", path);
  const auto& w = doc.contains("weights") ? doc.at("weights") : nlohmann::json();
  p.max_weight_bits = get<int>(w, "max_bits", "weights.", path);
  p.weight_exp_min = get<int>(w, "exp_min", "weights.", path);
  p.weight_exp_max = get<int>(w, "exp_max", "weights.", path);
  p.sign_modes.clear();
  for (const auto& s : get<std::vector<std::string>>(w, "sign_modes", "weights.", path)) {
    p.sign_modes.push_back(parse_sign_mode(s, "profile " + path.string() + ": weights.sign_modes"));
  }
  const auto& n = doc.contains("neuron") ? doc.at("neuron") : nlohmann::json();
  p.du_bits = get<int>(n, "du_bits", "neuron.", path);
  p.dv_bits = get<int>(n, "dv_bits", "neuron.", path);
  p.vth_bits = get<int>(n, "vth_bits", "neuron.", path);
  p.bias_mant_bits = get<int>(n, "bias_mant_bits", "neuron.", path);
  p.bias_exp_bits = get<int>(n, "bias_exp_bits", "neuron.", path);
  p.u_bits = get<int>(n, "u_bits", "neuron.", path);
  p.v_bits = get<int>(n, "v_bits", "neuron.", path);
  p.reset_modes.clear();
  for (const auto& s : get<std::vector<std::string>>(n, "reset_modes", "neuron.", path)) {
    p.reset_modes.push_back(core::parse_reset_mode(s, "profile " + path.string() + ": neuron.reset_modes"));
  }
  const auto& l = doc.contains("limits") ? doc.at("limits") : nlohmann::json();
  p.max_layers = get<int>(l, "max_layers", "limits.", path);
  p.max_neurons_per_layer = get<int>(l, "max_neurons_per_layer", "limits.", path);
  p.max_fan_in = get<int>(l, "max_fan_in", "limits.", path);
  p.max_synapses = get<std::int64_t>(l, "max_synapses", "limits.", path);
  p.validate();
  return p;
}

ChipProfile load_profile(const std::string& name_or_path) {
  const std::filesystem::path as_path(name_or_path);
  if (as_path.extension() == ".json" || name_or_path.find('/') != std::string::npos) return read_profile(as_path);
  const std::filesystem::path file = profile_dir() / (name_or_path + ".json");
  if (!std::filesystem::exists(file)) {
    std::string known;
    for (const auto& k : profile_names()) known += (known.empty() ? "" : ", ") + k;
    throw core::ConfigError("profile: unknown profile '" + name_or_path + "' (no " + file.string() +
                            "; known: " + known + ")");
  }
  return read_profile(file);
}

std::vector<std::string> profile_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(profile_dir(), ec)) {
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace spikeforge::quantizer

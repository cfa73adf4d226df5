// `spikeforge run` configuration: defaults, JSON file, validation, hash.
#include "cli/run_config.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <type_traits>

#include "core/errors.hpp"
#include "core/numeric_text.hpp"
#include "core/input_path.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "rtl_sim/energy/energy.hpp"

namespace spikeforge::cli::run {

using nlohmann::json;

const std::vector<std::string>& stage_names() {
  static const std::vector<std::string> names = {"train", "eval", "quantize", "export", "verify", "energy"};
  return names;
}

nlohmann::json to_json(const RunConfig& c) {
  return {{"data",
           {{"dataset", c.data.dataset}, {"data_dir", c.data.data_dir}, {"encoding", c.data.encoding},
            {"steps", c.data.steps}, {"seed", c.data.seed}, {"train_samples", c.data.train_samples},
            {"val_samples", c.data.val_samples}, {"test_samples", c.data.test_samples}}},
          {"train",
           {{"method", "admm"}, {"variant", c.train.variant}, {"hidden", c.train.hidden},
            {"iterations", c.train.iterations}, {"rho", c.train.rho}, {"beta", c.train.beta},
            {"gamma", c.train.gamma}, {"leak", c.train.leak}, {"threshold", c.train.threshold},
            {"val_every", c.train.val_every}, {"threads", c.train.threads}}},
          {"quantize",
           {{"profiles", c.quantize.profiles}, {"allow_reset_change", c.quantize.allow_reset_change},
            {"weight_bits", c.quantize.weight_bits}, {"samples", c.quantize.samples}}},
          {"export", {{"formats", c.export_.formats}, {"nir_dt", c.export_.nir_dt}}},
          {"verify", {{"samples", c.verify.samples}}},
          {"energy", {{"source", c.energy.source}, {"samples", c.energy.samples}, {"constants", c.energy.constants}}},
          {"report", {{"raster_sample", c.report.raster_sample}, {"synth", c.report.synth}}}};
}

namespace {

bool same_kind(const json& a, const json& b) {
  if (a.is_number() && b.is_number()) return true;
  return a.type() == b.type();
}

/// A JSON number as integer T under the numeric policy (core/numeric_text.hpp): 2.5, 1e10, -1 for
/// an unsigned key are ConfigErrors naming the key and the value.
template <class T>
T strict_integer(const json& v, const std::string& key) {
  if (!v.is_number()) throw core::ConfigError("run config: " + key + " = " + v.dump() + " must be an integer");
  // dump() keeps a float a float ("2.5", "10000000000.0"), so fractions and exponents are caught.
  try {
    return core::parse_integer<T>(v.dump(), "run config: " + key);
  } catch (const core::ConfigError&) {
    if (v.is_number_float()) {
      throw core::ConfigError("run config: " + key + " = " + v.dump() + ": must be an integer in [" +
                              std::to_string(std::numeric_limits<T>::min()) + ", " +
                              std::to_string(std::numeric_limits<T>::max()) + "]");
    }
    throw;
  }
}

template <class T>
void get(const json& j, const char* section, const char* key, T& out) {
  const std::string name = std::string(section) + "." + key;
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    out = strict_integer<T>(j.at(section).at(key), name);
    return;
  } else if constexpr (std::is_same_v<T, std::vector<int>>) {
    const json& v = j.at(section).at(key);
    if (!v.is_array()) throw core::ConfigError("run config: " + name + " = " + v.dump() + " must be an array of integers");
    out.clear();
    for (std::size_t i = 0; i < v.size(); ++i) out.push_back(strict_integer<int>(v[i], name + "[" + std::to_string(i) + "]"));
    return;
  }
  try {
    out = j.at(section).at(key).get<T>();
  } catch (const json::exception&) {
    throw core::ConfigError(std::string("run config: ") + section + "." + key + " = " + j.at(section).at(key).dump() +
                            " has the wrong type");
  }
}

void from_json(const json& j, RunConfig& c) {
  get(j, "data", "dataset", c.data.dataset);
  get(j, "data", "data_dir", c.data.data_dir);
  get(j, "data", "encoding", c.data.encoding);
  get(j, "data", "steps", c.data.steps);
  get(j, "data", "seed", c.data.seed);
  get(j, "data", "train_samples", c.data.train_samples);
  get(j, "data", "val_samples", c.data.val_samples);
  get(j, "data", "test_samples", c.data.test_samples);
  std::string method;
  get(j, "train", "method", method);
  if (method != "admm") throw core::ConfigError("run config: train.method = \"" + method + "\": only admm is supported by run");
  get(j, "train", "variant", c.train.variant);
  get(j, "train", "hidden", c.train.hidden);
  get(j, "train", "iterations", c.train.iterations);
  get(j, "train", "rho", c.train.rho);
  get(j, "train", "beta", c.train.beta);
  get(j, "train", "gamma", c.train.gamma);
  get(j, "train", "leak", c.train.leak);
  get(j, "train", "threshold", c.train.threshold);
  get(j, "train", "val_every", c.train.val_every);
  get(j, "train", "threads", c.train.threads);
  get(j, "quantize", "profiles", c.quantize.profiles);
  get(j, "quantize", "allow_reset_change", c.quantize.allow_reset_change);
  get(j, "quantize", "weight_bits", c.quantize.weight_bits);
  get(j, "quantize", "samples", c.quantize.samples);
  get(j, "export", "formats", c.export_.formats);
  get(j, "export", "nir_dt", c.export_.nir_dt);
  get(j, "verify", "samples", c.verify.samples);
  get(j, "energy", "source", c.energy.source);
  get(j, "energy", "samples", c.energy.samples);
  get(j, "energy", "constants", c.energy.constants);
  get(j, "report", "raster_sample", c.report.raster_sample);
  get(j, "report", "synth", c.report.synth);
}

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

void apply_json(RunConfig& cfg, const nlohmann::json& doc) {
  if (!doc.is_object()) throw core::ConfigError("run config: the document must be a JSON object");
  json merged = to_json(cfg);
  for (const auto& [section, body] : doc.items()) {
    if (!merged.contains(section)) throw core::ConfigError("run config: unknown key '" + section + "'");
    if (!body.is_object()) throw core::ConfigError("run config: '" + section + "' must be an object");
    for (const auto& [key, value] : body.items()) {
      if (!merged[section].contains(key)) throw core::ConfigError("run config: unknown key '" + section + "." + key + "'");
      if (!same_kind(merged[section][key], value)) {
        throw core::ConfigError("run config: " + section + "." + key + " = " + value.dump() + " must be a " +
                                merged[section][key].type_name());
      }
      merged[section][key] = value;
    }
  }
  from_json(merged, cfg);
  cfg.validate();
}

void apply_file(RunConfig& cfg, const std::string& path) {
  core::check_input_file(path, "run: --config");
  std::ifstream in(path);
  if (!in) throw core::InputError("run: --config " + path + ": cannot open the file");
  json doc;
  try {
    in >> doc;
  } catch (const json::exception& e) {
    throw core::InputError("run: --config " + path + ": not valid JSON: " + e.what());
  }
  apply_json(cfg, doc);
}

void RunConfig::validate() const {
  auto bad = [](const std::string& key, const std::string& value, const std::string& why) {
    throw core::ConfigError("run config: " + key + " = " + value + " " + why);
  };
  if (data.steps <= 0) bad("data.steps", std::to_string(data.steps), "must be > 0");
  if (data.train_samples == 0) bad("data.train_samples", "0", "must be > 0");
  if (train.variant != "improved" && train.variant != "paper") bad("train.variant", train.variant, "must be improved or paper");
  if (train.hidden.empty()) bad("train.hidden", "[]", "must list at least one layer size");
  for (int h : train.hidden)
    if (h <= 0) bad("train.hidden", std::to_string(h), "must be > 0");
  if (train.iterations <= 0) bad("train.iterations", std::to_string(train.iterations), "must be > 0");
  if (train.threads < 0) bad("train.threads", std::to_string(train.threads), "must be >= 0");
  if (quantize.profiles.empty()) bad("quantize.profiles", "[]", "must name at least one profile");
  const auto known = quantizer::profile_names();
  for (const auto& p : quantize.profiles) {
    const bool file = p.find('/') != std::string::npos || p.find(".json") != std::string::npos;
    if (!file && std::find(known.begin(), known.end(), p) == known.end()) bad("quantize.profiles", p, "is not a known profile");
    // Checked now, not at the quantize stage: a missing profile file (exit 3), weight_bits over its maximum.
    quantizer::MappingOptions mapping;
    mapping.weight_bits = quantize.weight_bits;
    try {
      mapping.validate(quantizer::load_profile(p));
    } catch (const core::ConfigError& e) {
      throw core::ConfigError("run config: quantize.weight_bits with profile " + p + ": " + e.what());
    }
  }
  if (!energy.constants.empty()) {  // unknown constant sets fail here, not at the energy stage
    const auto table = rtl_sim::load_energy_sets(rtl_sim::default_energy_constants());
    for (const auto& name : energy.constants) (void)rtl_sim::find_energy_set(table, name);
  }
  for (const auto& f : export_.formats)
    if (f != "lava" && f != "netx" && f != "nir" && f != "rtl") bad("export.formats", f, "must be lava, netx, nir or rtl");
  if (!(export_.nir_dt > 0.0)) bad("export.nir_dt", std::to_string(export_.nir_dt), "must be > 0");
  if (verify.samples == 0) bad("verify.samples", "0", "must be > 0");
  if (energy.source != "rtl" && energy.source != "golden") bad("energy.source", energy.source, "must be rtl or golden");
}

void RunConfig::make_quick() {
  data.dataset = "synthetic";
  data.train_samples = 200;
  data.val_samples = 50;
  data.test_samples = 100;
  train.hidden = {16};
  train.iterations = 4;
  train.val_every = 2;
  verify.samples = 10;
}

std::string config_hash(const RunConfig& cfg) {
  const std::string text = to_json(cfg).dump();
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ULL;
  }
  return hex64(h);
}

}  // namespace spikeforge::cli::run

// `spikeforge run` configuration: defaults, JSON file, validation, hash.
#include "pipeline/run/config.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>

#include "core/errors.hpp"
#include "core/input_path.hpp"
#include "pipeline/json_get.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "rtl_sim/energy/energy.hpp"

namespace spikeforge::pipeline::run {

using nlohmann::json;

const std::vector<std::string>& stage_names() {
  static const std::vector<std::string> names = {"train", "eval", "quantize", "export", "verify", "energy"};
  return names;
}

nlohmann::json to_json(const RunConfig& c) {
  return {{"data",
           {{"dataset", c.data.dataset}, {"data_dir", c.data.data_dir}, {"encoding", c.data.encoding},
            {"steps", c.data.steps}, {"seed", c.data.seed}, {"latency_cutoff", c.data.latency_cutoff},
            {"train_samples", c.data.train_samples},
            {"val_samples", c.data.val_samples}, {"test_samples", c.data.test_samples}}},
          {"train", pipeline::train_to_json(c.train)},
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

template <class T>
void get(const json& j, const char* section, const char* key, T& out) {
  pipeline::read_json_value(j.at(section).at(key), out, std::string("run config: ") + section + "." + key);
}

void from_json(const json& j, RunConfig& c) {
  get(j, "data", "dataset", c.data.dataset);
  get(j, "data", "data_dir", c.data.data_dir);
  get(j, "data", "encoding", c.data.encoding);
  get(j, "data", "steps", c.data.steps);
  get(j, "data", "seed", c.data.seed);
  get(j, "data", "latency_cutoff", c.data.latency_cutoff);
  get(j, "data", "train_samples", c.data.train_samples);
  get(j, "data", "val_samples", c.data.val_samples);
  get(j, "data", "test_samples", c.data.test_samples);
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
    if (section == "train") {
      pipeline::apply_train_json(cfg.train, body);  // its keys come from the trainers' tables
      continue;
    }
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
  if (!(data.latency_cutoff >= 0.0 && data.latency_cutoff < 1.0))
    bad("data.latency_cutoff", std::to_string(data.latency_cutoff), "must be in [0, 1)");
  if (data.train_samples == 0) bad("data.train_samples", "0", "must be > 0");
  if (train.method == "admm" && train.admm.iterations <= 0)
    bad("train.iterations", std::to_string(train.admm.iterations), "must be > 0");
  train.validate("run config: train");
  if (train.method == "bptt" && train.bptt.epochs <= 0) bad("train.epochs", std::to_string(train.bptt.epochs), "must be > 0");
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

pipeline::TrainJob RunConfig::default_train() {
  // The default deployment (issue #13): BPTT, 8 epochs, spike budget 4 with latency coding at
  // T = 10 (data.*) was the lowest energy within 1 point of the best fixed-point accuracy of the
  // sweep in docs/bench/energy-sweep.md (86.01 %, SNN/ANN 0.749 on horowitz-45nm).
  pipeline::TrainJob job;
  job.method = "bptt";
  job.bptt.epochs = 8;
  job.spike_budget = 4.0;
  job.threads = 2;
  job.test_samples = 0;    // the eval stage scores the test split
  return job;
}

void RunConfig::make_quick() {
  data.dataset = "synthetic";
  data.train_samples = 200;
  data.val_samples = 50;
  data.test_samples = 100;
  train.hidden = {16};
  train.admm.iterations = 4;
  train.admm.val_every = 2;
  train.bptt.epochs = 2;
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

}  // namespace spikeforge::pipeline::run

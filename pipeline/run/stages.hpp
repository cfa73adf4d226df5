// The stages of `spikeforge run`, each a function of the config and the out dir that reads the
// artifacts of earlier stages from the out dir, writes its own, and returns its figures as JSON
// (saved by the caller as stages/<name>.json and assembled into report.json).
//   train     ADMM on data.train_samples (+ validation)          -> net.json
//   eval      float model on the test split: accuracy, confusion, firing rates, one raster
//   quantize  map onto each profile, golden-model accuracy        -> net.q.json (+ net.<profile>.q.json)
//   export    lava.json, net.net (netx), net.nir, mem/
//   verify    RTL co-simulation of verify.samples test samples (spike-exact count, core counters)
//   energy    energy per inference per constant set, vs the equivalent ANN
#pragma once
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "pipeline/run/config.hpp"
#include "pipeline/context.hpp"

namespace spikeforge::pipeline::run {

struct StageContext {
  const RunConfig& cfg;
  std::filesystem::path out;
  const Context& pc;  ///< Where the stage's progress goes (fraction via pc.done, lines via pc.say).
};

/// Runs stage `name` (one of stage_names()). Errors propagate (core::Error family).
nlohmann::json run_stage(const std::string& name, const StageContext& ctx);

/// Path of a fixed network for `profile` in the out dir: the first profile is net.q.json.
std::filesystem::path fixed_path(const RunConfig& cfg, const std::filesystem::path& out, const std::string& profile);


}  // namespace spikeforge::pipeline::run

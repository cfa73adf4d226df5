#include "pipeline/hardware.hpp"

#include <cstdlib>
#include <fstream>

#include "rtl_sim/energy/energy.hpp"

namespace spikeforge::pipeline {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
/// The figures of a cells.json that rtl_sim/synth/run_synth.sh wrote, or null cells with the reason.
json read_synth_figures(const fs::path& file, const std::string& how) {
  std::ifstream in(file);
  if (!in) return {{"cells", nullptr}, {"note", "not measured: " + file.string() + " is missing"}};
  try {
    json j = json::parse(in);
    json out = {{"cells", j.at("cells").get<long long>()},
                {"memories", j.at("memories").get<long long>()},
                {"memory_bits", j.at("memory_bits").get<long long>()},
                {"flip_flops", j.at("flip_flops").get<long long>()}};
    out["note"] = j.at("tool").get<std::string>() + ", " + j.at("script").get<std::string>() + " (generic cells); " + how;
    return out;
  } catch (const json::exception& e) {
    return {{"cells", nullptr}, {"note", "not measured: " + file.string() + " is malformed (" + e.what() + ")"}};
  }
}
}  // namespace

json hardware_figures(bool synthesize, const fs::path& out) {
  const fs::path synth = rtl_sim::default_energy_constants().parent_path().parent_path() / "synth";
  const fs::path script = synth / "run_synth.sh";
  if (!synthesize) {
    // The core is one fixed-size build, so its recorded figures (kept current by a CTest) apply to every run.
    return read_synth_figures(synth / "cells.json", "recorded in " + (synth / "cells.json").string() +
                                                        ", not re-run (set report.synth = true to run " + script.string() + ")");
  }
  const fs::path dir = out / "synth";
  fs::create_directories(dir);
  const std::string cmd = "sh '" + script.string() + "' '" + dir.string() + "' > '" + (dir / "run_synth.out").string() + "' 2>&1";
  if (std::system(cmd.c_str()) != 0)
    return {{"cells", nullptr}, {"note", "not measured: " + script.string() + " failed (see " + (dir / "run_synth.out").string() + ")"}};
  return read_synth_figures(dir / "cells.json", "synthesized by this run, logs in synth/");
}

}  // namespace spikeforge::pipeline

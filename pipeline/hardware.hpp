// The RTL core's synthesis figures for reports: the recorded yosys figures of the core build
// (rtl_sim/synth/cells.json, kept current by a CTest), or a fresh run of rtl_sim/synth/run_synth.sh.
#pragma once
#include <filesystem>

#include <nlohmann/json.hpp>

namespace spikeforge::pipeline {

/// {cells, memories, memory_bits, flip_flops, note}: from a fresh rtl_sim/synth/run_synth.sh into
/// out/synth when `synthesize`, else the recorded rtl_sim/synth/cells.json. {"cells": null, "note":
/// why} when they cannot be had (yosys missing or failing is a result, not an error).
nlohmann::json hardware_figures(bool synthesize, const std::filesystem::path& out);

}  // namespace spikeforge::pipeline

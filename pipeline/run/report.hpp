// report.json of `spikeforge run`: the stage results (stages/<name>.json) put together with the
// config and timings, plus the summary table printed on stdout.
//
// Layout ("format": "spikeforge.run-report/1"):
//   config, config_hash, out, seconds_total,
//   stages: [{name, status: "done"|"not run", seconds}],
//   train:  {method, variant, sizes, train_acc, val_acc, seconds, history: [{iteration, seconds, train_acc, val_acc?, primal_res, dual_res, ...}]}
//   eval:   {samples, accuracy, classes, confusion[r][c], firing_rates: [{layer, spiking, mean, per_neuron}], raster: {sample, label, steps, layers: [{name, neurons, spiking, events: [[t, i]]}]}}
//   quantize: {primary, samples, float_accuracy, profiles: {<name>: quantizer report + fixed_accuracy, agreement, confusion, reset_changed, reset_consequence?}}
//   export: {files: [{format, file, from, ...}], notes}
//   verify: {samples, matched, spike_exact, accuracy, cycles_per_sample, counters, golden_counts, first_mismatch}
//   energy: {samples, source, synapses, counts, estimates: [rtl_sim::to_json(EnergyEstimate)]}
//   hardware: {cells: int|null, memories, memory_bits, flip_flops (when measured), note}
// A stage that did not run has no key (its figure says "not run").
#pragma once
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace spikeforge::pipeline::run {

struct StageRecord {
  std::string status = "not run";  ///< "done" | "not run".
  double seconds = 0.0;
};

nlohmann::json assemble_report(const nlohmann::json& config, const std::string& config_hash, const std::string& out,
                               const std::map<std::string, nlohmann::json>& results,
                               const std::map<std::string, StageRecord>& records, const nlohmann::json& hardware,
                               double seconds_total);

/// "1m05s" / "1h02m".
std::string format_duration(double seconds);

/// Plain-text summary table (one line per figure) for stdout.
std::string summary_table(const nlohmann::json& report);

}  // namespace spikeforge::pipeline::run

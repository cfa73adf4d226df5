// Quantization report: what map_network did to each layer, plus (optionally) how the fixed network
// compares with the float one on data. Written by `spikeforge quantize --report`.
//
// JSON layout: { "profile": str, "energy_table": str,
//   "options": {"allow_reset_change", "weight_bits", "netx_exact", "finetune"},
//   "layers": [ { "layer", "spiking", "scale", "weight_quantum", "weight_exp", "num_weight_bits",
//                 "sign_mode", "vth", "bias_exp", "du", "dv", "leak_float", "leak_fixed",
//                 "max_abs_weight", "clipped_weights", "threshold_saturated", "threshold_rel_error",
//                 "saturated_bias", "weight_error": {"max_abs", "rms", "rel_max", "rel_rms"},
//                 "u_wrap_possible", "v_saturation_possible",
//                 "reset": {"float", "fixed", "changed"} } ],
//   "notes": [str], "evaluation": { "dataset", "split", "samples", "timing" ("immediate" | "lava"),
//   "float_accuracy", "fixed_accuracy", ... } (only with data) }
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "quantizer/golden.hpp"
#include "quantizer/mapping.hpp"

namespace spikeforge::quantizer {

/// Float vs fixed on the same spikes.
struct QuantEvaluation {
  std::string dataset;
  std::string split;
  std::size_t samples = 0;
  Timing timing = Timing::immediate;       ///< Timing of the golden model's run (fixed_accuracy, rates, counts).
  double float_accuracy = 0.0;
  double fixed_accuracy = 0.0;
  double agreement = 0.0;                  ///< Fraction of samples with equal predictions.
  std::vector<double> float_rates;         ///< Per layer: spikes per neuron per step (mean).
  std::vector<double> fixed_rates;
  EventCounts counts;                      ///< Golden model's counts, summed over samples.
};

nlohmann::json mapping_report_json(const MappingReport& report);

/// The whole report: mapping, profile, options, and `eval` if non-null.
nlohmann::json quantization_report_json(const MappingReport& report, const ChipProfile& profile,
                                        const MappingOptions& options, const QuantEvaluation* eval);

nlohmann::json event_counts_json(const EventCounts& c);

}  // namespace spikeforge::quantizer

// The quantize stage's shared steps, used by `spikeforge quantize` and the quantize stage of
// `spikeforge run`: mapping with the source named in errors, and the float-vs-fixed comparison
// (the float simulator against the golden model on the same samples).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/float_sim.hpp"
#include "core/network.hpp"
#include "core/spikes.hpp"
#include "quantizer/fixed_network.hpp"
#include "quantizer/golden.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "quantizer/report.hpp"

namespace spikeforge::pipeline {

/// quantizer::map_network, its errors prefixed with `source` (the mapper knows layers and fields, not files).
quantizer::MappingResult map_named(const core::FloatNetwork& net, const std::string& source,
                                   const quantizer::ChipProfile& profile, const quantizer::MappingOptions& options);

struct Comparison {
  quantizer::QuantEvaluation eval;     ///< Accuracies, agreement, mean rates, golden counts.
  std::vector<int> fixed_predictions;  ///< Per sample (for a confusion matrix).
};

/// Runs `flt` (core::simulate) and `fixed` (golden model, `timing`) on `batch`; `dataset` and
/// `split` only label the result. ConfigError if the batch does not fit the networks.
Comparison compare_float_fixed(const core::FloatNetwork& flt, const quantizer::FixedNetwork& fixed,
                               const core::SpikeBatch& batch, quantizer::Timing timing, const std::string& dataset,
                               const std::string& split);
/// The same with the float model's run on `batch` already done (several mappings of one network).
Comparison compare_float_fixed(const core::SimResult& float_run, const quantizer::FixedNetwork& fixed,
                               const core::SpikeBatch& batch, quantizer::Timing timing, const std::string& dataset,
                               const std::string& split);

/// quantizer::synapse_memory's JSON plus what the image of the default spikeforge RTL core build
/// (export/rtl_mem.hpp) holds for it — reported by both quantize paths: "rtl_image_bits" (weight,
/// pointer and index words at their widths), "rtl_image_lanes", "rtl_image_layout" (text),
/// "rtl_image_layers" [{layer, layout, bits, blocks}] and per layer "rtl_image_layout"/"rtl_image_bits".
/// A network the core cannot hold gets "rtl_image_bits": null and "rtl_image_note" saying why.
nlohmann::json synapse_memory_json(const quantizer::FixedNetwork& net);

/// True if any layer of the mapping switched the network's reset mode to the chip's.
bool reset_changed(const quantizer::MappingReport& report);

}  // namespace spikeforge::pipeline

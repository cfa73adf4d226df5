#include "pipeline/quantize.hpp"

#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/evaluate.hpp"
#include "quantizer/synapse_memory.hpp"

namespace spikeforge::pipeline {

quantizer::MappingResult map_named(const core::FloatNetwork& net, const std::string& source,
                                   const quantizer::ChipProfile& profile, const quantizer::MappingOptions& options) {
  try {
    return quantizer::map_network(net, profile, options);
  } catch (const core::RangeError& e) {
    throw core::RangeError(source + ": " + e.what());
  } catch (const core::ConfigError& e) {
    throw core::ConfigError(source + ": " + e.what());
  }
}

namespace {
std::vector<double> mean_rates(const std::vector<Eigen::VectorXd>& counts, std::size_t samples, int steps) {
  std::vector<double> out;
  for (const auto& r : core::firing_rates(counts, samples, steps)) out.push_back(r.mean);
  return out;
}
}  // namespace

Comparison compare_float_fixed(const core::FloatNetwork& flt, const quantizer::FixedNetwork& fixed,
                               const core::SpikeBatch& batch, quantizer::Timing timing, const std::string& dataset,
                               const std::string& split) {
  if (batch.inputs() != flt.inputs()) {
    throw core::ConfigError("quantize: dataset " + dataset + " has " + std::to_string(batch.inputs()) +
                            " inputs but the network expects " + std::to_string(flt.inputs()));
  }
  return compare_float_fixed(core::simulate(flt, batch), fixed, batch, timing, dataset, split);
}

Comparison compare_float_fixed(const core::SimResult& fs, const quantizer::FixedNetwork& fixed,
                               const core::SpikeBatch& batch, quantizer::Timing timing, const std::string& dataset,
                               const std::string& split) {
  const quantizer::FixedEvalResult xs = quantizer::evaluate_fixed(fixed, batch, timing);
  Comparison c;
  quantizer::QuantEvaluation& e = c.eval;
  e.timing = timing;
  e.dataset = dataset;
  e.split = split;
  e.samples = batch.size();
  e.float_accuracy = core::accuracy(fs.predictions, batch.labels());
  e.fixed_accuracy = core::accuracy(xs.predictions, batch.labels());
  std::size_t same = 0;
  for (std::size_t s = 0; s < batch.size(); ++s) same += fs.predictions[s] == xs.predictions[s] ? 1U : 0U;
  e.agreement = batch.empty() ? 0.0 : static_cast<double>(same) / static_cast<double>(batch.size());
  e.float_rates = mean_rates(fs.spike_counts, batch.size(), batch.steps());
  e.fixed_rates = mean_rates(xs.spike_counts, batch.size(), quantizer::run_steps(timing, batch.steps(), fixed.layers.size()));
  e.counts = xs.counts;
  c.fixed_predictions = xs.predictions;
  return c;
}

bool reset_changed(const quantizer::MappingReport& report) {
  for (const auto& L : report.layers)
    if (L.reset_changed) return true;
  return false;
}

nlohmann::json synapse_memory_json(const quantizer::FixedNetwork& net) {
  nlohmann::json j = quantizer::to_json(quantizer::synapse_memory(net));
  // The image `export --format rtl` writes for the default core build (each layer dense or sparse,
  // whichever holds fewer bits at its lane count): the bits it actually holds.
  exporter::RtlMemoryImage image;
  try {
    image = exporter::build_rtl_image(net);
  } catch (const core::ConfigError& e) {
    j["rtl_image_bits"] = nullptr;
    j["rtl_image_note"] = std::string("no RTL image: ") + e.what();
    return j;
  }
  j["rtl_image_bits"] = image.synapse_bits();
  j["rtl_image_lanes"] = image.limits.lanes;
  std::string layouts;
  nlohmann::json per_layer = nlohmann::json::array();
  for (std::size_t l = 0; l < image.layers.size(); ++l) {
    const exporter::RtlLayerImage& r = image.layers[l];
    layouts += (l ? ", " : "") + std::string(exporter::to_string(r.layout));
    per_layer.push_back({{"layer", l}, {"layout", exporter::to_string(r.layout)}, {"bits", r.bits}, {"blocks", r.blocks}});
    if (l < j["layers"].size()) {
      j["layers"][l]["rtl_image_layout"] = exporter::to_string(r.layout);
      j["layers"][l]["rtl_image_bits"] = r.bits;
    }
  }
  j["rtl_image_layers"] = per_layer;
  j["rtl_image_layout"] = layouts + " (per layer; dense: every synapse, zero or not; sparse: per input a pointer to "
                                    "its blocks of " + std::to_string(image.limits.lanes) +
                          " neurons with a non-zero weight; docs/formats-rtl.md)";
  return j;
}

}  // namespace spikeforge::pipeline

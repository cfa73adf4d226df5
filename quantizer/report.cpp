#include "quantizer/report.hpp"

namespace spikeforge::quantizer {

using nlohmann::json;

json event_counts_json(const EventCounts& c) {
  return json{{"synaptic_ops", c.synaptic_ops},
              {"updates_active", c.updates_active},
              {"updates_idle", c.updates_idle},
              {"spikes", c.spikes}};
}

json mapping_report_json(const MappingReport& report) {
  json layers = json::array();
  for (const auto& R : report.layers) {
    layers.push_back(json{
        {"layer", R.layer},
        {"spiking", R.spiking},
        {"scale", R.scale},
        {"weight_quantum", R.weight_quantum},
        {"weight_exp", R.weight_exp},
        {"num_weight_bits", R.num_weight_bits},
        {"sign_mode", to_string(R.sign_mode)},
        {"vth", R.vth},
        {"bias_exp", R.bias_exp},
        {"du", R.du},
        {"dv", R.dv},
        {"leak_float", R.leak_float},
        {"leak_fixed", R.leak_fixed},
        {"max_abs_weight", R.max_abs_weight},
        {"clipped_weights", R.clipped_weights},
        {"threshold_saturated", R.threshold_saturated},
        {"threshold_rel_error", R.threshold_rel_error},
        {"saturated_bias", R.saturated_bias},
        {"weight_error",
         {{"max_abs", R.weight_err_max}, {"rms", R.weight_err_rms}, {"rel_max", R.weight_err_rel_max}, {"rel_rms", R.weight_err_rel_rms}}},
        {"u_wrap_possible", R.u_wrap_possible},
        {"v_saturation_possible", R.v_saturation_possible},
        {"reset", {{"float", core::to_string(R.reset_float)}, {"fixed", core::to_string(R.reset_fixed)}, {"changed", R.reset_changed}}},
    });
  }
  return json{{"profile", report.profile}, {"layers", std::move(layers)}, {"notes", report.notes}};
}

json quantization_report_json(const MappingReport& report, const ChipProfile& profile, const MappingOptions& options,
                              const QuantEvaluation* eval) {
  json j = mapping_report_json(report);
  j["energy_table"] = profile.energy_table;
  j["profile_file"] = profile.source.string();
  j["options"] = {{"allow_reset_change", options.allow_reset_change},
                  {"weight_bits", options.weight_bits > 0 ? options.weight_bits : profile.max_weight_bits},
                  {"netx_exact", options.netx_exact},
                  {"finetune", false}};
  if (eval != nullptr) {
    j["evaluation"] = {{"dataset", eval->dataset},
                       {"split", eval->split},
                       {"samples", eval->samples},
                       {"timing", to_string(eval->timing)},
                       {"float_accuracy", eval->float_accuracy},
                       {"fixed_accuracy", eval->fixed_accuracy},
                       {"accuracy_drop", eval->float_accuracy - eval->fixed_accuracy},
                       {"agreement", eval->agreement},
                       {"float_rates", eval->float_rates},
                       {"fixed_rates", eval->fixed_rates},
                       {"event_counts", event_counts_json(eval->counts)}};
  }
  return j;
}

}  // namespace spikeforge::quantizer

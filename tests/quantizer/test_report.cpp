// Quantization report JSON: every per-layer field the mapping produced, and the evaluation block.
#include <catch2/catch.hpp>

#include "quantizer/report.hpp"

using namespace spikeforge;

TEST_CASE("report: mapping fields and evaluation appear in the JSON") {
  core::FloatNetwork net;
  core::Layer h;
  h.weights = Eigen::MatrixXf::Constant(2, 3, 0.25F);
  h.weights(1, 2) = -0.5F;
  h.bias = Eigen::VectorXf::Zero(2);
  h.neuron = {0.5F, 1.0F, core::ResetMode::subtract, true};
  core::Layer o;
  o.weights = Eigen::MatrixXf::Constant(1, 2, 1.0F);
  o.bias = Eigen::VectorXf::Zero(1);
  o.neuron = {1.0F, 1.0F, core::ResetMode::subtract, false};
  net.layers = {h, o};
  const auto profile = quantizer::load_profile("loihi");
  quantizer::MappingOptions opt;
  opt.allow_reset_change = true;
  const auto mapped = quantizer::map_network(net, profile, opt);
  quantizer::QuantEvaluation eval;
  eval.dataset = "synthetic";
  eval.samples = 10;
  eval.float_accuracy = 0.9;
  eval.fixed_accuracy = 0.8;
  eval.agreement = 0.85;
  eval.counts.synaptic_ops = 123;
  const auto j = quantizer::quantization_report_json(mapped.report, profile, opt, &eval);
  CHECK(j.at("profile") == "loihi");
  CHECK(j.at("energy_table") == "loihi-2018");
  REQUIRE(j.at("layers").size() == 2);
  const auto& l0 = j.at("layers")[0];
  CHECK(l0.at("dv") == 2048);
  CHECK(l0.at("sign_mode") == "mixed");
  CHECK(l0.at("reset").at("changed") == true);
  CHECK(l0.at("reset").at("fixed") == "zero");
  CHECK(l0.at("weight_exp") == mapped.network.layers[0].weight_exp);
  CHECK(l0.at("weight_error").at("max_abs") == mapped.report.layers[0].weight_err_max);
  CHECK(l0.at("scale") == mapped.network.layers[0].scale);
  CHECK(j.at("evaluation").at("accuracy_drop") == Approx(0.1));
  CHECK(j.at("evaluation").at("event_counts").at("synaptic_ops") == 123);
  CHECK(j.at("options").at("finetune") == false);
  CHECK_FALSE(j.at("notes").empty());  // the reset change is noted
  CHECK_FALSE(quantizer::quantization_report_json(mapped.report, profile, opt, nullptr).contains("evaluation"));
}

// `spikeforge quantize`: maps net.json onto a chip profile, writes net.q.json and a quantization
// report; with --dataset, compares float (core::simulate) and fixed (golden model) accuracy and
// firing rates on the test split. With --finetune bptt|admm (needs --dataset), the network is first
// fine-tuned onto the chip's weight grid on the train split (pipeline/finetune.hpp); the report
// then gains a "finetune" section with the fixed-point accuracy before and after.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/job.hpp"
#include "pipeline/dataset.hpp"
#include "pipeline/finetune.hpp"
#include "pipeline/quantize.hpp"
#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "core/output_path.hpp"
#include "export/fixed_json.hpp"
#include "export/network_json.hpp"
#include "quantizer/evaluate.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "quantizer/report.hpp"

namespace spikeforge::cli {
namespace {

using nlohmann::json;

struct QuantizeArgs {
  std::string net;
  std::string profile;
  std::string out;
  std::string report;
  std::string dataset;
  std::string split = "test";
  std::size_t samples = 1000;
  std::string data_dir;
  bool allow_reset_change = false;
  int weight_bits = 0;
  bool netx_exact = false;
  std::string timing = "immediate";
  bool json_out = false;
  pipeline::FinetuneArgs finetune;
};

core::SpikeBatch load(const QuantizeArgs& a, const core::FloatNetwork& flt, const std::string& split,
                      std::size_t samples) {
  pipeline::DataRequest req;  // the network's encoding, on --dataset
  req.dataset = a.dataset;
  req.data_dir = a.data_dir;
  req.split = split;
  req.samples = samples;
  const core::DatasetSpec spec = pipeline::resolve_spec(req, flt.encoding, "quantize", a.net);
  progress("quantize", "loading " + spec.name + " " + spec.split + " (T = " + std::to_string(spec.steps) + ")");
  return core::load_spikes(spec);
}

quantizer::QuantEvaluation compare(const QuantizeArgs& a, const core::SpikeBatch& batch, const core::FloatNetwork& flt,
                                   const quantizer::FixedNetwork& fixed) {
  progress("quantize", "float model and golden model (" + a.timing + " timing) on " + std::to_string(batch.size()) + " samples");
  return pipeline::compare_float_fixed(flt, fixed, batch, quantizer::parse_timing(a.timing, "--timing"), a.dataset, a.split).eval;
}

void run_quantize(const QuantizeArgs& a) {
  core::check_output_files({{a.out, "quantize --out"}, {a.report, "quantize --report"}});
  a.finetune.validate();
  if (a.finetune.enabled() && a.dataset.empty()) {
    throw core::ConfigError("quantize: --finetune " + a.finetune.method + " needs --dataset (it trains on the dataset's train split)");
  }
  const core::FloatNetwork flt = exporter::read_network(a.net);
  const quantizer::ChipProfile profile = quantizer::load_profile(a.profile);
  quantizer::MappingOptions opt;
  opt.allow_reset_change = a.allow_reset_change;
  opt.weight_bits = a.weight_bits;
  opt.netx_exact = a.netx_exact;
  progress("quantize", "mapping " + a.net + " onto profile " + profile.name);
  quantizer::MappingResult mapped = pipeline::map_named(flt, a.net, profile, opt);
  for (const auto& note : mapped.report.notes) progress("quantize", note);

  quantizer::QuantEvaluation eval;
  const bool with_data = !a.dataset.empty();
  core::SpikeBatch test;
  if (with_data) {
    test = load(a, flt, a.split, a.samples);
    eval = compare(a, test, flt, mapped.network);
  }

  json finetune_json;
  if (a.finetune.enabled()) {
    const auto t0 = std::chrono::steady_clock::now();
    const core::SpikeBatch train = load(a, flt, "train", a.finetune.samples);
    progress("quantize", "fine-tuning (" + a.finetune.method + ")" +
                             (a.finetune.no_grid ? " in float (control, no grid)" : " onto the grid") + " on " +
                             std::to_string(train.size()) +
                             " train samples; fixed accuracy before: " + std::to_string(eval.fixed_accuracy));
    const pipeline::FinetuneOutcome tuned = pipeline::run_finetune(a.finetune, flt, profile, opt, train, job_context("quantize").iteration);
    mapped = pipeline::map_named(tuned.net, a.net + " (fine-tuned)", profile, opt);
    for (const auto& note : mapped.report.notes) progress("quantize", note);
    const quantizer::QuantEvaluation before = eval;
    eval = compare(a, test, tuned.net, mapped.network);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    finetune_json = {{"method", a.finetune.method},
                     {"projection", !a.finetune.no_grid},
                     {"train_split", "train"},
                     {"train_samples", train.size()},
                     {a.finetune.method == "bptt" ? "epochs" : "iterations", tuned.rounds},
                     {"settings", tuned.settings},
                     {"train_float_accuracy", tuned.train_acc},
                     {"float_accuracy_before", before.float_accuracy},
                     {"fixed_accuracy_before", before.fixed_accuracy},
                     {"float_accuracy_after", eval.float_accuracy},
                     {"fixed_accuracy_after", eval.fixed_accuracy},
                     {"train_seconds", tuned.seconds},
                     {"seconds", seconds}};
    progress("quantize", "fixed accuracy after fine-tuning: " + std::to_string(finetune_json["fixed_accuracy_after"].get<double>()));
  }

  json report = quantizer::quantization_report_json(mapped.report, profile, opt, with_data ? &eval : nullptr);
  report["network"] = a.net;
  report["output"] = a.out;
  report["synapse_memory"] = pipeline::synapse_memory_json(mapped.network);
  if (!finetune_json.is_null()) report["finetune"] = finetune_json;
  write_json_report(a.report, report);
  exporter::write_fixed_network(a.out, mapped.network);  // main output last: a failed report leaves it untouched

  if (a.json_out) {
    print_json(report);
    return;
  }
  std::cout << "quantized " << a.net << " for " << profile.name << " -> " << a.out << "\n";
  for (const auto& R : mapped.report.layers) {
    std::cout << "  layer " << R.layer << ": scale " << R.scale << ", weight_exp " << R.weight_exp << ", "
              << R.num_weight_bits << "-bit " << quantizer::to_string(R.sign_mode) << ", vth " << R.vth << ", dv "
              << R.dv << ", weight error rms/max|w| " << R.weight_err_rel_rms << ", clipped " << R.clipped_weights
              << ", saturated bias " << R.saturated_bias << (R.threshold_saturated ? ", THRESHOLD SATURATED" : "")
              << (R.reset_changed ? ", reset changed" : "") << "\n";
  }
  const json& mem = report["synapse_memory"];
  std::cout << "  synapse memory: " << mem["nonzero"] << " of " << mem["synapses"] << " synapses nonzero, "
            << mem["needed_bits"] << " bits needed (dense " << mem["dense_bits"] << "), RTL image "
            << mem["rtl_image_bits"] << " bits";
  if (mem.contains("rtl_image_layers")) {
    std::cout << " (";
    for (std::size_t l = 0; l < mem["rtl_image_layers"].size(); ++l)
      std::cout << (l ? ", " : "") << mem["rtl_image_layers"][l]["layout"].get<std::string>();
    std::cout << " at P = " << mem["rtl_image_lanes"] << ")";
  }
  std::cout << "\n";
  if (with_data) {
    std::cout << "  " << eval.dataset << " " << eval.split << " (" << eval.samples << " samples): float accuracy "
              << eval.float_accuracy << ", fixed accuracy " << eval.fixed_accuracy << " (" << a.timing
              << " timing), agreement " << eval.agreement << "\n";
  }
  if (!finetune_json.is_null()) {
    std::cout << "  (float accuracy is the fine-tuned network's; the original's: "
              << finetune_json["float_accuracy_before"].get<double>() << ")\n";
    std::cout << "  finetune " << a.finetune.method << ": fixed accuracy " << finetune_json["fixed_accuracy_before"].get<double>()
              << " -> " << finetune_json["fixed_accuracy_after"].get<double>() << " in "
              << finetune_json["seconds"].get<double>() << " s\n";
  }
}

}  // namespace

void add_quantize_command(CLI::App& app) {
  auto args = std::make_shared<QuantizeArgs>();
  CLI::App* cmd = app.add_subcommand("quantize", "map a float network (net.json) onto a chip profile (net.q.json)");
  cmd->add_option("--net", args->net, "float network (net.json)")->required();
  cmd->add_option("--profile", args->profile,
                  "chip profile name (" + [] {
                    std::string s;
                    for (const auto& n : quantizer::profile_names()) s += (s.empty() ? "" : ", ") + n;
                    return s;
                  }() + ") or path to a profile .json")
      ->required();
  cmd->add_option("--out", args->out, "fixed network to write (net.q.json)")->required();
  cmd->add_option("--report", args->report, "quantization report JSON to write");
  cmd->add_option("--dataset", args->dataset, "compare float vs fixed accuracy on this dataset");
  cmd->add_option("--split", args->split, "dataset split for the comparison")->capture_default_str();
  cmd->add_option("--samples", args->samples, "samples for the comparison (0 = whole split)")->capture_default_str();
  cmd->add_option("--data-dir", args->data_dir, "dataset directory");
  cmd->add_flag("--allow-reset-change", args->allow_reset_change,
                "use the chip's reset mode when it lacks the network's (accuracy may drop)");
  cmd->add_option("--weight-bits", args->weight_bits, "weight bits (0 = the profile's maximum)")->capture_default_str();
  cmd->add_flag("--netx-exact", args->netx_exact,
                "map so that a netx export holds the network exactly (weight_exp 0, bias_exp 6, reset zero; evaluate with --timing lava)");
  cmd->add_option("--timing", args->timing, "golden-model timing of the comparison: immediate | lava (as plain Lava and netx run it)")
      ->capture_default_str()->check(CLI::IsMember({"immediate", "lava"}));
  cmd->add_flag("--json", args->json_out, "print the report as JSON on stdout");
  pipeline::FinetuneArgs& ft = args->finetune;
  cmd->add_option("--finetune", ft.method,
                  "quantization-aware fine-tuning on the train split before mapping: bptt (straight-through "
                  "rounding) | admm (projection block); needs --dataset");
  cmd->add_option("--finetune-epochs", ft.epochs, "bptt fine-tuning epochs")->capture_default_str();
  cmd->add_option("--finetune-iters", ft.iters, "admm fine-tuning iterations")->capture_default_str();
  cmd->add_option("--finetune-samples", ft.samples, "train-split samples for fine-tuning (0 = all)")->capture_default_str();
  cmd->add_option("--finetune-lr", ft.lr, "bptt fine-tuning Adam step size")->capture_default_str();
  cmd->add_option("--finetune-batch-size", ft.batch_size, "bptt fine-tuning mini-batch")->capture_default_str();
  cmd->add_option("--finetune-rho", ft.rho, "admm projection-block weight rho_q, relative to the mean Gram diagonal")
      ->capture_default_str();
  cmd->add_option("--finetune-rho-growth", ft.rho_growth, "admm: rho_q multiplied by this after every iteration (>= 1)")
      ->capture_default_str();
  cmd->add_option("--finetune-reanchor-every", ft.reanchor_every,
                  "admm: re-anchor z, a to the forward pass every k iterations (0 = never; default: the improved variant's)");
  cmd->add_flag("--finetune-no-grid", ft.no_grid,
                "control experiment: the same fine-tuning in float (no projection), then the plain mapping");
  cmd->add_option("--seed", ft.seed, "fine-tuning seed (shuffles, orders)")->capture_default_str();
  cmd->add_option("--threads", ft.threads, "fine-tuning threads (0 = default)")->capture_default_str();
  cmd->callback([args] { run_quantize(*args); });
}

}  // namespace spikeforge::cli

// `spikeforge eval`: accuracy, firing rates and speed of a network on a dataset split
// (pipeline/eval.hpp does the work). Dataset, encoding, steps and seed default to the network's
// own encoding info.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/dataset_args.hpp"
#include "cli/job.hpp"
#include "cli/output.hpp"
#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/output_path.hpp"
#include "pipeline/eval.hpp"
#include "pipeline/simulate.hpp"
#include "quantizer/golden.hpp"

namespace spikeforge::cli {

namespace {

using nlohmann::json;

struct EvalArgs : DatasetArgs {
  EvalArgs() { samples = 0; }  // eval defaults to the whole split
  std::string net;
  bool json_out = false;
  std::string save_outputs;
  std::string save_inputs;
  std::string timing = "immediate";
};

json outputs_document(const pipeline::EvalResult& r) {
  json samples = json::array();
  for (std::size_t s = 0; s < r.batch->size(); ++s)
    samples.push_back({{"label", r.batch->label(s)}, {"prediction", r.predictions[s]}, {"output", r.output_of(s)}});
  return {{"model", r.model}, {"samples", std::move(samples)}};
}

void run_eval(const EvalArgs& a) {
  core::check_output_files({{a.save_outputs, "eval --save-outputs"}, {a.save_inputs, "eval --save-inputs"}});
  const pipeline::Model m = pipeline::load_model(a.net);
  const quantizer::Timing timing = quantizer::parse_timing(a.timing, "--timing");
  const pipeline::Context ctx = job_context("eval");
  if (ctx.ranks() > 1 && (!a.save_outputs.empty() || !a.save_inputs.empty()))
    throw core::ConfigError("eval: --save-outputs and --save-inputs need a single process (not mpirun -np > 1)");
  const pipeline::EvalResult r = pipeline::evaluate(m, dataset_spec(a, m.encoding(), "eval", a.net), timing, ctx);
  if (!a.save_inputs.empty()) write_json_report(a.save_inputs, pipeline::spikes_document(*r.batch));
  if (!a.save_outputs.empty()) write_json_report(a.save_outputs, outputs_document(r));

  if (a.json_out) {
    json j = pipeline::to_json(r);
    j["network"] = a.net;
    print_json(j);
    return;
  }
  if (!is_root()) return;
  std::ostringstream sizes;
  for (std::size_t k = 0; k < r.sizes.size(); ++k) sizes << (k == 0 ? "" : "-") << r.sizes[k];
  std::cout << "network   " << a.net << " (" << r.model << ", " << sizes.str() << ")\n"
            << "data      " << r.spec.name << " " << r.spec.split << ", " << r.samples << " samples, T = " << r.spec.steps
            << ", " << r.spec.encoding << ", seed " << r.spec.seed << "\n"
            << std::fixed << std::setprecision(4) << "accuracy  " << r.accuracy << "\n";
  for (std::size_t l = 0; l < r.rates.size(); ++l) {
    std::cout << "layer " << l << "   ";
    if (r.spiking[l]) {
      std::cout << "firing rate " << r.rates[l].mean << " spikes/neuron/step\n";
    } else {
      std::cout << "output integrator (no spikes)\n";
    }
  }
  const double speed = r.seconds > 0.0 ? static_cast<double>(r.samples) / r.seconds : 0.0;
  std::cout << std::setprecision(1) << "speed     " << speed << " samples/s (" << std::setprecision(3) << r.seconds
            << " s)\n";
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto a = std::make_shared<EvalArgs>();
  CLI::App* cmd = app.add_subcommand("eval", "Evaluate a float (net.json) or fixed (net.q.json) network on a dataset");
  cmd->add_option("--net", a->net, "Network file: net.json (float model) or net.q.json (golden model)")->required();
  add_dataset_options(cmd, *a);
  cmd->add_option("--samples", a->samples, "Evaluate at most N samples (0 = all)")->capture_default_str();
  cmd->add_flag("--json", a->json_out, "Print one JSON object on stdout");
  cmd->add_option("--save-outputs", a->save_outputs, "Write per-sample label, prediction and output vector (JSON)");
  cmd->add_option("--save-inputs", a->save_inputs, "Write the evaluated input spikes (spikes.json form)");
  cmd->add_option("--timing", a->timing, "net.q.json: immediate (the chip, RTL) | lava (as plain Lava and netx run it: per-layer delay, biases from step 1)")
      ->capture_default_str()->check(CLI::IsMember({"immediate", "lava"}));
  cmd->callback([a] { run_eval(*a); });
}

}  // namespace spikeforge::cli

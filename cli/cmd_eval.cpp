// `spikeforge eval`: accuracy, firing rates and speed of a network on a dataset split.
// A float network (net.json) runs on the float simulator (core/float_sim.hpp); a fixed network
// (net.q.json) runs on the golden model (quantizer/evaluate.hpp). Dataset, encoding, steps and
// seed default to the network's own encoding info.
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
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "export/fixed_json.hpp"
#include "export/network_json.hpp"
#include "quantizer/evaluate.hpp"
#include "quantizer/golden.hpp"
#include "trainer/shard.hpp"

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

/// What one evaluation produced, whichever model ran it.
struct Outcome {
  std::string model;  ///< "float" | "fixed".
  std::vector<int> predictions;
  std::vector<Eigen::VectorXd> spike_counts;
  std::vector<bool> spiking;  ///< Per layer.
  std::vector<int> sizes;     ///< inputs, then each layer's outputs.
  json extra = json::object();
  std::function<json(std::size_t)> output_of;  ///< Output vector of one sample (for --save-outputs).
  double seconds = 0.0;
};

void check_fit(const core::SpikeBatch& batch, const core::DatasetSpec& spec, int inputs, int outputs) {
  if (batch.inputs() != inputs) {
    throw core::ConfigError("eval: dataset " + spec.name + " has " + std::to_string(batch.inputs()) +
                            " inputs but the network expects " + std::to_string(inputs));
  }
  if (batch.classes() > outputs) {
    throw core::ConfigError("eval: dataset " + spec.name + " has " + std::to_string(batch.classes()) +
                            " classes but the network has only " + std::to_string(outputs) + " outputs");
  }
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

Outcome eval_float(const core::FloatNetwork& net, const core::SpikeBatch& batch) {
  const auto start = std::chrono::steady_clock::now();
  auto sim = std::make_shared<core::SimResult>(core::simulate(net, batch));
  Outcome o;
  o.seconds = seconds_since(start);
  o.model = "float";
  o.predictions = sim->predictions;
  o.spike_counts = sim->spike_counts;
  o.sizes.push_back(net.inputs());
  for (const auto& l : net.layers) {
    o.spiking.push_back(l.neuron.spiking);
    o.sizes.push_back(l.outputs());
  }
  o.output_of = [sim](std::size_t s) {
    json out = json::array();
    const auto col = sim->output.col(static_cast<Eigen::Index>(s));
    for (Eigen::Index k = 0; k < col.size(); ++k) out.push_back(exporter::float_to_json(col(k)));
    return out;
  };
  return o;
}

Outcome eval_fixed(const std::shared_ptr<const quantizer::FixedNetwork>& net, const core::SpikeBatch& batch,
                   quantizer::Timing timing) {
  const auto start = std::chrono::steady_clock::now();
  const quantizer::FixedEvalResult r = quantizer::evaluate_fixed(*net, batch, timing);
  Outcome o;
  o.seconds = seconds_since(start);
  o.model = "fixed";
  o.predictions = r.predictions;
  o.spike_counts = r.spike_counts;
  o.sizes.push_back(net->inputs());
  for (const auto& l : net->layers) {
    o.spiking.push_back(l.spiking);
    o.sizes.push_back(l.outputs());
  }
  o.extra["profile"] = net->profile;
  o.extra["timing"] = quantizer::to_string(timing);
  // Sharded: summed over ranks (integer counts, exact in double below 2^53).
  double counts[4] = {static_cast<double>(r.counts.synaptic_ops), static_cast<double>(r.counts.updates_active),
                      static_cast<double>(r.counts.updates_idle), static_cast<double>(r.counts.spikes)};
  if (job_reducer().size() > 1) job_reducer().sum(counts, 4);
  o.extra["event_counts"] = {{"synaptic_ops", static_cast<std::uint64_t>(counts[0])},
                             {"updates_active", static_cast<std::uint64_t>(counts[1])},
                             {"updates_idle", static_cast<std::uint64_t>(counts[2])},
                             {"spikes", static_cast<std::uint64_t>(counts[3])}};
  // Output potentials are only needed for --save-outputs: rerun the sample then.
  const core::SpikeBatch* b = &batch;
  o.output_of = [net, b, timing](std::size_t s) { return json(quantizer::run_golden(*net, *b, s, false, timing).output_v); };
  return o;
}

json spikes_document(const core::SpikeBatch& batch) {
  json samples = json::array();
  for (std::size_t s = 0; s < batch.size(); ++s) {
    json events = json::array();
    for (int t = 0; t < batch.steps(); ++t) {
      for (std::uint32_t i : batch.active(s, t)) events.push_back({t, i});
    }
    samples.push_back({{"label", batch.label(s)}, {"events", std::move(events)}});
  }
  return {{"steps", batch.steps()}, {"inputs", batch.inputs()}, {"classes", batch.classes()}, {"samples", std::move(samples)}};
}

json outputs_document(const Outcome& o, const core::SpikeBatch& batch) {
  json samples = json::array();
  for (std::size_t s = 0; s < batch.size(); ++s) {
    samples.push_back({{"label", batch.label(s)}, {"prediction", o.predictions[s]}, {"output", o.output_of(s)}});
  }
  return {{"model", o.model}, {"samples", std::move(samples)}};
}

void run_eval(const EvalArgs& a) {
  core::check_output_files({{a.save_outputs, "eval --save-outputs"}, {a.save_inputs, "eval --save-inputs"}});
  const std::string format = exporter::detect_format(a.net);
  std::shared_ptr<const quantizer::FixedNetwork> fixed;
  core::FloatNetwork flt;
  core::EncodingInfo enc;
  if (format.rfind("spikeforge.network/", 0) == 0) {
    flt = exporter::read_network(a.net);  // Reports an unsupported version.
    enc = flt.encoding;
  } else if (format.rfind("spikeforge.fixed/", 0) == 0) {
    fixed = std::make_shared<const quantizer::FixedNetwork>(exporter::read_fixed_network(a.net));
    enc = fixed->encoding;
  } else {
    throw core::InputError(a.net + ": format = \"" + format + "\" is not a network (expected \"" +
                           exporter::kNetworkFormat + "\" or \"" + exporter::kFixedFormat + "\")");
  }
  const quantizer::Timing timing = quantizer::parse_timing(a.timing, "--timing");
  if (!fixed && timing != quantizer::Timing::immediate) throw core::ConfigError("eval: --timing " + a.timing + " needs a fixed network (net.q.json)");
  core::DatasetSpec spec = dataset_spec(a, enc, "eval", a.net);
  // Under MPI (K > 1) every rank evaluates its block of the samples; rank 0 reports the totals.
  const trainer::Reducer& red = job_reducer();
  std::size_t total = 0;
  if (red.size() > 1) {
    if (!a.save_outputs.empty() || !a.save_inputs.empty())
      throw core::ConfigError("eval: --save-outputs and --save-inputs need a single process (not mpirun -np > 1)");
    const core::DatasetInfo info = core::describe_dataset(spec.name, spec.data_dir);
    const std::size_t split = spec.split == "train" ? info.train : info.test;
    if (spec.offset >= split)
      throw core::ConfigError("eval: --offset = " + std::to_string(spec.offset) + " is past the " +
                              std::to_string(split) + " samples of the " + spec.split + " split");
    total = spec.max_samples > 0 ? std::min(spec.max_samples, split - spec.offset) : split - spec.offset;
    const trainer::SampleShard sh = job_shard(total, "eval: --samples");
    spec.offset += sh.first;
    spec.max_samples = sh.count;
  }
  progress("eval", "loading " + spec.name + " " + spec.split + " (" + spec.encoding + ", T = " + std::to_string(spec.steps) + ")");
  const core::SpikeBatch batch = core::load_spikes(spec);
  if (red.size() == 1) total = batch.size();
  check_fit(batch, spec, fixed ? fixed->inputs() : flt.inputs(), fixed ? fixed->outputs() : flt.outputs());
  if (!a.save_inputs.empty()) write_json_report(a.save_inputs, spikes_document(batch));
  progress("eval", "simulating " + std::to_string(batch.size()) + " samples (" +
                       (fixed ? "golden model, " + a.timing + " timing" : std::string("float model")) + ")");
  Outcome o = fixed ? eval_fixed(fixed, batch, timing) : eval_float(flt, batch);

  const double acc = trainer::sharded_accuracy(o.predictions, batch.labels(), red);
  const int classes = std::max(batch.classes(), o.sizes.back());
  auto confusion = core::confusion_matrix(o.predictions, batch.labels(), classes);
  if (red.size() > 1) {  // integer counts: exact in double
    Eigen::MatrixXd c = confusion.cast<double>();
    red.sum_matrix(c);
    confusion = c.cast<std::int64_t>();
    for (auto& counts : o.spike_counts) red.sum_matrix(counts);
  }
  // Per step of the run: T + L steps in lava timing.
  const int run_steps = fixed ? quantizer::run_steps(timing, batch.steps(), fixed->layers.size()) : batch.steps();
  const auto rates = core::firing_rates(o.spike_counts, total, run_steps);
  const double speed = o.seconds > 0.0 ? static_cast<double>(total) / o.seconds : 0.0;
  if (!a.save_outputs.empty()) write_json_report(a.save_outputs, outputs_document(o, batch));

  if (a.json_out) {
    json j = {{"network", a.net},          {"model", o.model},       {"dataset", spec.name},
              {"split", spec.split},       {"encoding", spec.encoding}, {"steps", spec.steps},
              {"seed", spec.seed},         {"samples", total},       {"accuracy", acc},
              {"sizes", o.sizes},          {"seconds", o.seconds},   {"samples_per_second", speed}};
    j["firing_rates"] = firing_rates_to_json(rates, o.spiking);  // the same format as run's eval stage
    j["confusion"] = confusion_to_json(confusion);
    j.update(o.extra);
    print_json(j);
    return;
  }
  if (!is_root()) return;
  std::ostringstream sizes;
  for (std::size_t k = 0; k < o.sizes.size(); ++k) sizes << (k == 0 ? "" : "-") << o.sizes[k];
  std::cout << "network   " << a.net << " (" << o.model << ", " << sizes.str() << ")\n"
            << "data      " << spec.name << " " << spec.split << ", " << total << " samples, T = " << spec.steps
            << ", " << spec.encoding << ", seed " << spec.seed << "\n"
            << std::fixed << std::setprecision(4) << "accuracy  " << acc << "\n";
  for (std::size_t l = 0; l < rates.size(); ++l) {
    std::cout << "layer " << l << "   ";
    if (o.spiking[l]) {
      std::cout << "firing rate " << rates[l].mean << " spikes/neuron/step\n";
    } else {
      std::cout << "output integrator (no spikes)\n";
    }
  }
  std::cout << std::setprecision(1) << "speed     " << speed << " samples/s (" << std::setprecision(3) << o.seconds
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

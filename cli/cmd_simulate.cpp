// `spikeforge simulate`: one sample through a float (net.json) or fixed (net.q.json) network,
// writing every layer's spikes and state per step (trace.json; pipeline/simulate.hpp does the work
// and documents the formats).
//
// spikes.json: {"steps": T, "inputs": n, "events": [[t, i], ...]}  (t in [0, T), i in [0, n))
// trace.json:  {"format": "spikeforge.trace/1", "network": path, "model": "float" | "fixed",
//               "steps": T (T + L with --timing lava), "timing" (fixed only), "prediction": k, "output": [...],
//               "layers": [ {"outputs": n_l, "spikes": [[t, neuron], ...],
//                            "u": [[...] per step] (fixed only), "v": [[...] per step]} ],
//               "event_counts": {...} (fixed only)}
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "core/output_path.hpp"
#include "pipeline/model.hpp"
#include "pipeline/simulate.hpp"

namespace spikeforge::cli {
namespace {

using nlohmann::json;

struct SimulateArgs {
  std::string net;
  std::string input;
  std::string out;
  std::string timing = "immediate";
  bool json_out = false;
};

void run_simulate(const SimulateArgs& a) {
  core::check_output_files({{a.out, "simulate --out"}});
  const quantizer::Timing timing = quantizer::parse_timing(a.timing, "--timing");
  const pipeline::Model m = pipeline::load_model(a.net);
  const core::SpikeBatch batch = pipeline::read_spikes_json(a.input, m.outputs(), "simulate --input");
  json trace = pipeline::trace(m, batch, timing, a.input);
  trace["format"] = "spikeforge.trace/1";
  trace["network"] = a.net;
  write_json_report(a.out, trace);
  if (a.json_out) {
    print_json({{"network", a.net}, {"model", trace["model"]}, {"prediction", trace["prediction"]}, {"out", a.out}});
  } else {
    progress("simulate", "wrote " + a.out + " (prediction " + trace["prediction"].dump() + ")");
  }
}

}  // namespace

void add_simulate_command(CLI::App& app) {
  auto args = std::make_shared<SimulateArgs>();
  CLI::App* cmd = app.add_subcommand("simulate", "run one sample through net.json or net.q.json and write a trace");
  cmd->add_option("--net", args->net, "network: net.json (float) or net.q.json (fixed)")->required();
  cmd->add_option("--input", args->input, "spikes.json: {\"steps\": T, \"inputs\": n, \"events\": [[t, i], ...]}")->required();
  cmd->add_option("--out", args->out, "trace.json to write")->required();
  cmd->add_option("--timing", args->timing, "fixed network: immediate (the chip, RTL) | lava (plain Lava/netx: per-layer delay, T + L steps)")
      ->capture_default_str()->check(CLI::IsMember({"immediate", "lava"}));
  cmd->add_flag("--json", args->json_out, "print a summary as JSON on stdout");
  cmd->callback([args] { run_simulate(*args); });
}

}  // namespace spikeforge::cli

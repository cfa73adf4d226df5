// `spikeforge simulate`: one sample through a float (net.json) or fixed (net.q.json) network,
// writing every layer's spikes and state per step (trace.json) — for debugging and for
// comparing against other simulators.
//
// spikes.json: {"steps": T, "inputs": n, "events": [[t, i], ...]}  (t in [0, T), i in [0, n))
// trace.json:  {"format": "spikeforge.trace/1", "network": path, "model": "float" | "fixed",
//               "steps": T (T + L with --timing lava), "timing" (fixed only), "prediction": k, "output": [...],
//               "layers": [ {"outputs": n_l, "spikes": [[t, neuron], ...],
//                            "u": [[...] per step] (fixed only), "v": [[...] per step]} ],
//               "event_counts": {...} (fixed only)}
#include <algorithm>
#include <fstream>
#include <iterator>
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/output_path.hpp"
#include "core/input_path.hpp"
#include "core/float_sim.hpp"
#include "export/fixed_json.hpp"
#include "export/network_json.hpp"
#include "quantizer/golden.hpp"
#include "quantizer/report.hpp"

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

/// Reads spikes.json into a one-sample batch (label 0). InputError naming the file, field, value.
core::SpikeBatch read_spikes_json(const std::string& path, int classes) {
  core::check_input_file(path, "simulate --input");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path + ": cannot open file");
  json doc;
  try {
    doc = json::parse(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  } catch (const json::parse_error& e) {
    throw core::InputError(path + ": invalid JSON: " + e.what());
  }
  const auto bad = [&](const std::string& field, const std::string& what) {
    throw core::InputError(path + ": " + field + " " + what);
  };
  if (!doc.is_object()) bad("document", "is not an object");
  const auto positive = [&](const char* key) {
    if (!doc.contains(key)) bad(key, "is missing");
    const json& v = doc.at(key);
    if (!v.is_number_integer() || v.get<std::int64_t>() <= 0 || v.get<std::int64_t>() > 1000000000) {
      bad(key, "= " + v.dump() + " must be a positive integer");
    }
    return static_cast<int>(v.get<std::int64_t>());
  };
  const int T = positive("steps");
  const int n = positive("inputs");
  if (!doc.contains("events") || !doc.at("events").is_array()) bad("events", "is missing or not an array");
  std::vector<std::vector<std::uint32_t>> steps(static_cast<std::size_t>(T));
  const json& events = doc.at("events");
  for (std::size_t k = 0; k < events.size(); ++k) {
    const json& e = events[k];
    const std::string field = "events[" + std::to_string(k) + "]";
    if (!e.is_array() || e.size() != 2 || !e[0].is_number_integer() || !e[1].is_number_integer()) {
      bad(field, "= " + e.dump() + " is not a pair [t, i] of integers");
    }
    const auto t = e[0].get<std::int64_t>();
    const auto i = e[1].get<std::int64_t>();
    if (t < 0 || t >= T) bad(field, "= " + e.dump() + ": t = " + std::to_string(t) + " is outside [0, " + std::to_string(T) + ")");
    if (i < 0 || i >= n) bad(field, "= " + e.dump() + ": i = " + std::to_string(i) + " is outside [0, " + std::to_string(n) + ")");
    steps[static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(i));
  }
  core::SpikeBatch batch(T, n, std::max(1, classes));
  batch.begin_sample(0);
  for (auto& s : steps) {
    std::sort(s.begin(), s.end());
    s.erase(std::unique(s.begin(), s.end()), s.end());
    batch.add_step(s);
  }
  return batch;
}

void check_inputs(const core::SpikeBatch& batch, int inputs, const SimulateArgs& a) {
  if (batch.inputs() != inputs) {
    throw core::ConfigError("simulate: " + a.input + " has " + std::to_string(batch.inputs()) + " inputs but " + a.net +
                            " expects " + std::to_string(inputs));
  }
}

json events_of(const std::vector<std::vector<std::uint32_t>>& per_step) {
  json ev = json::array();
  for (std::size_t t = 0; t < per_step.size(); ++t) {
    for (const std::uint32_t n : per_step[t]) ev.push_back({t, n});
  }
  return ev;
}

json simulate_fixed(const SimulateArgs& a) {
  const quantizer::FixedNetwork net = exporter::read_fixed_network(a.net);
  const core::SpikeBatch batch = read_spikes_json(a.input, net.outputs());
  check_inputs(batch, net.inputs(), a);
  const quantizer::Timing timing = quantizer::parse_timing(a.timing, "--timing");
  const quantizer::GoldenRun run = quantizer::run_golden(net, batch, 0, true, timing);
  json layers = json::array();
  quantizer::EventCounts total;
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    layers.push_back({{"outputs", net.layers[l].outputs()},
                      {"spikes", events_of(run.spikes[l])},
                      {"u", run.u[l]},
                      {"v", run.v[l]},
                      {"event_counts", quantizer::event_counts_json(run.counts[l])}});
    total += run.counts[l];
  }
  return {{"model", "fixed"},
          {"profile", net.profile},
          {"steps", quantizer::run_steps(timing, batch.steps(), net.layers.size())},
          {"timing", quantizer::to_string(timing)},
          {"prediction", run.prediction},
          {"output", run.output_v},
          {"layers", std::move(layers)},
          {"event_counts", quantizer::event_counts_json(total)}};
}

json simulate_float(const SimulateArgs& a) {
  if (a.timing != "immediate") throw core::ConfigError("simulate: --timing " + a.timing + " needs a fixed network (net.q.json)");
  const core::FloatNetwork net = exporter::read_network(a.net);
  const core::SpikeBatch batch = read_spikes_json(a.input, net.outputs());
  check_inputs(batch, net.inputs(), a);
  core::SimOptions opt;
  opt.record_spikes = true;
  opt.record_potentials = true;
  const core::SimResult r = core::simulate(net, batch, opt);
  json layers = json::array();
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    std::vector<std::vector<std::uint32_t>> spikes(static_cast<std::size_t>(batch.steps()));
    json v = json::array();
    for (int t = 0; t < batch.steps(); ++t) {
      const auto tt = static_cast<std::size_t>(t);
      json row = json::array();
      for (Eigen::Index n = 0; n < r.potentials[l][tt].rows(); ++n) {
        row.push_back(exporter::float_to_json(r.potentials[l][tt](n, 0)));
        if (r.spikes[l][tt](n, 0) != 0.0F) spikes[tt].push_back(static_cast<std::uint32_t>(n));
      }
      v.push_back(std::move(row));
    }
    layers.push_back({{"outputs", net.layers[l].outputs()}, {"spikes", events_of(spikes)}, {"v", std::move(v)}});
  }
  json output = json::array();
  for (Eigen::Index k = 0; k < r.output.rows(); ++k) output.push_back(exporter::float_to_json(r.output(k, 0)));
  return {{"model", "float"}, {"steps", batch.steps()}, {"prediction", r.predictions.front()},
          {"output", std::move(output)}, {"layers", std::move(layers)}};
}

void run_simulate(const SimulateArgs& a) {
  core::check_output_files({{a.out, "simulate --out"}});
  const std::string format = exporter::detect_format(a.net);
  json trace;
  if (format == exporter::kFixedFormat) {
    trace = simulate_fixed(a);
  } else if (format == exporter::kNetworkFormat) {
    trace = simulate_float(a);
  } else {
    throw core::InputError(a.net + ": format = \"" + format + "\" is not a network (expected \"" +
                           exporter::kNetworkFormat + "\" or \"" + exporter::kFixedFormat + "\")");
  }
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

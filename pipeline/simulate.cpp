#include "pipeline/simulate.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/input_path.hpp"
#include "export/network_json.hpp"
#include "quantizer/report.hpp"

namespace spikeforge::pipeline {
namespace {

using nlohmann::json;

json events_of(const std::vector<std::vector<std::uint32_t>>& per_step) {
  json ev = json::array();
  for (std::size_t t = 0; t < per_step.size(); ++t) {
    for (const std::uint32_t n : per_step[t]) ev.push_back({t, n});
  }
  return ev;
}

json trace_fixed(const quantizer::FixedNetwork& net, const core::SpikeBatch& batch, quantizer::Timing timing) {
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

json trace_float(const core::FloatNetwork& net, const core::SpikeBatch& batch) {
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

}  // namespace

/// Reads spikes.json into a one-sample batch (label 0). InputError naming the file, field, value.
core::SpikeBatch read_spikes_json(const std::string& path, int classes, const std::string& what) {
  core::check_input_file(path, what);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw core::InputError(path + ": cannot open file");
  json doc;
  try {
    doc = json::parse(std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()));
  } catch (const json::parse_error& e) {
    throw core::InputError(path + ": invalid JSON: " + e.what());
  }
  const auto bad = [&](const std::string& field, const std::string& problem) {
    throw core::InputError(path + ": " + field + " " + problem);
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

json spikes_document(const core::SpikeBatch& batch) {
  json samples = json::array();
  for (std::size_t s = 0; s < batch.size(); ++s) {
    json events = json::array();
    for (int t = 0; t < batch.steps(); ++t)
      for (std::uint32_t i : batch.active(s, t)) events.push_back({t, i});
    samples.push_back({{"label", batch.label(s)}, {"events", std::move(events)}});
  }
  return {{"steps", batch.steps()}, {"inputs", batch.inputs()}, {"classes", batch.classes()}, {"samples", std::move(samples)}};
}

json trace(const Model& m, const core::SpikeBatch& batch, quantizer::Timing timing, const std::string& input_name) {
  if (batch.inputs() != m.inputs())
    throw core::ConfigError("simulate: " + input_name + " has " + std::to_string(batch.inputs()) + " inputs but " + m.path +
                            " expects " + std::to_string(m.inputs()));
  if (m.is_fixed()) return trace_fixed(*m.fixed, batch, timing);
  if (timing != quantizer::Timing::immediate)
    throw core::ConfigError(std::string("simulate: --timing ") + quantizer::to_string(timing) +
                            " needs a fixed network (net.q.json)");
  return trace_float(*m.flt, batch);
}

}  // namespace spikeforge::pipeline

#include "pipeline/eval.hpp"

#include <algorithm>
#include <chrono>

#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "export/network_json.hpp"
#include "pipeline/dataset.hpp"
#include "pipeline/json_form.hpp"
#include "quantizer/evaluate.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::pipeline {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

void check_fit(const core::SpikeBatch& batch, const core::DatasetSpec& spec, int inputs, int outputs) {
  if (batch.inputs() != inputs)
    throw core::ConfigError("eval: dataset " + spec.name + " has " + std::to_string(batch.inputs()) +
                            " inputs but the network expects " + std::to_string(inputs));
  if (batch.classes() > outputs)
    throw core::ConfigError("eval: dataset " + spec.name + " has " + std::to_string(batch.classes()) +
                            " classes but the network has only " + std::to_string(outputs) + " outputs");
}

void run_float(const std::shared_ptr<const core::FloatNetwork>& net, EvalResult& r,
               std::vector<Eigen::VectorXd>& counts) {
  const auto start = Clock::now();
  auto sim = std::make_shared<core::SimResult>(core::simulate(*net, *r.batch));
  r.seconds = seconds_since(start);
  r.model = "float";
  r.predictions = sim->predictions;
  counts = sim->spike_counts;
  r.sizes.push_back(net->inputs());
  for (const auto& l : net->layers) {
    r.spiking.push_back(l.neuron.spiking);
    r.sizes.push_back(l.outputs());
  }
  r.output_of = [sim](std::size_t s) {
    json out = json::array();
    const auto col = sim->output.col(static_cast<Eigen::Index>(s));
    for (Eigen::Index k = 0; k < col.size(); ++k) out.push_back(exporter::float_to_json(col(k)));
    return out;
  };
}

void run_fixed(const std::shared_ptr<const quantizer::FixedNetwork>& net, quantizer::Timing timing, const Context& ctx,
               EvalResult& r, std::vector<Eigen::VectorXd>& counts) {
  const auto start = Clock::now();
  const quantizer::FixedEvalResult f = quantizer::evaluate_fixed(*net, *r.batch, timing);
  r.seconds = seconds_since(start);
  r.model = "fixed";
  r.predictions = f.predictions;
  counts = f.spike_counts;
  r.sizes.push_back(net->inputs());
  for (const auto& l : net->layers) {
    r.spiking.push_back(l.spiking);
    r.sizes.push_back(l.outputs());
  }
  r.extra["profile"] = net->profile;
  r.extra["timing"] = quantizer::to_string(timing);
  // Integer counts: exact in double below 2^53.
  double c[4] = {static_cast<double>(f.counts.synaptic_ops), static_cast<double>(f.counts.updates_active),
                 static_cast<double>(f.counts.updates_idle), static_cast<double>(f.counts.spikes)};
  if (ctx.ranks() > 1) ctx.red().sum(c, 4);
  r.extra["event_counts"] = {{"synaptic_ops", static_cast<std::uint64_t>(c[0])},
                             {"updates_active", static_cast<std::uint64_t>(c[1])},
                             {"updates_idle", static_cast<std::uint64_t>(c[2])},
                             {"spikes", static_cast<std::uint64_t>(c[3])}};
  const std::shared_ptr<const core::SpikeBatch> b = r.batch;
  r.output_of = [net, b, timing](std::size_t s) { return json(quantizer::run_golden(*net, *b, s, false, timing).output_v); };
}

}  // namespace

EvalResult evaluate(const Model& m, const core::DatasetSpec& spec, quantizer::Timing timing, const Context& ctx) {
  if (!m.is_fixed() && timing != quantizer::Timing::immediate)
    throw core::ConfigError(std::string("eval: --timing ") + quantizer::to_string(timing) + " needs a fixed network (net.q.json), not " + m.path);
  const ShardedSpec sh = shard_spec(spec, ctx, "eval");
  EvalResult r;
  r.spec = sh.spec;
  ctx.done(0.0, "loading " + spec.name + " " + spec.split + " (" + spec.encoding + ", T = " + std::to_string(spec.steps) + ")");
  r.batch = std::make_shared<const core::SpikeBatch>(core::load_spikes(r.spec));
  r.samples = ctx.ranks() > 1 ? sh.total : r.batch->size();
  check_fit(*r.batch, r.spec, m.inputs(), m.outputs());
  ctx.done(0.05, "simulating " + std::to_string(r.batch->size()) + " samples (" +
                     (m.is_fixed() ? std::string("golden model, ") + quantizer::to_string(timing) + " timing" : std::string("float model")) + ")");
  std::vector<Eigen::VectorXd> counts;
  if (m.is_fixed()) run_fixed(m.fixed, timing, ctx, r, counts);
  else run_float(m.flt, r, counts);

  const trainer::Reducer& red = ctx.red();
  r.accuracy = trainer::sharded_accuracy(r.predictions, r.batch->labels(), red);
  const int classes = std::max(r.batch->classes(), r.sizes.back());
  r.confusion = core::confusion_matrix(r.predictions, r.batch->labels(), classes);
  if (red.size() > 1) {  // integer counts: exact in double
    Eigen::MatrixXd c = r.confusion.cast<double>();
    red.sum_matrix(c);
    r.confusion = c.cast<std::int64_t>();
    for (auto& v : counts) red.sum_matrix(v);
  }
  r.run_steps = m.is_fixed() ? quantizer::run_steps(timing, r.batch->steps(), m.fixed->layers.size()) : r.batch->steps();
  r.rates = core::firing_rates(counts, r.samples, r.run_steps);
  ctx.done(1.0, "accuracy " + std::to_string(r.accuracy));
  return r;
}

json to_json(const EvalResult& r) {
  json j = {{"model", r.model},
            {"dataset", r.spec.name},
            {"split", r.spec.split},
            {"encoding", r.spec.encoding},
            {"steps", r.spec.steps},
            {"seed", r.spec.seed},
            {"latency_cutoff", r.spec.latency_cutoff},
            {"samples", r.samples},
            {"accuracy", r.accuracy},
            {"classes", r.confusion.rows()},
            {"sizes", r.sizes},
            {"seconds", r.seconds},
            {"samples_per_second", r.seconds > 0.0 ? static_cast<double>(r.samples) / r.seconds : 0.0}};
  j["firing_rates"] = firing_rates_to_json(r.rates, r.spiking);
  j["confusion"] = confusion_to_json(r.confusion);
  j.update(r.extra);
  return j;
}

json raster_json(const core::FloatNetwork& net, const core::SpikeBatch& batch, std::size_t sample) {
  std::vector<std::vector<std::vector<std::uint32_t>>> spikes;
  (void)core::simulate_reference(net, batch, sample, &spikes);
  json layers = json::array();
  json in_events = json::array();
  for (int t = 0; t < batch.steps(); ++t)
    for (std::uint32_t i : batch.active(sample, t)) in_events.push_back({t, i});
  layers.push_back({{"name", "input"}, {"neurons", batch.inputs()}, {"spiking", true}, {"events", in_events}});
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    json ev = json::array();
    if (l < spikes.size())
      for (std::size_t t = 0; t < spikes[l].size(); ++t)
        for (std::uint32_t i : spikes[l][t]) ev.push_back({t, i});
    const bool spk = net.layers[l].neuron.spiking;
    layers.push_back({{"name", spk ? "layer " + std::to_string(l + 1) : "output (integrator, no spikes)"},
                      {"neurons", net.layers[l].outputs()}, {"spiking", spk}, {"events", ev}});
  }
  return {{"sample", sample}, {"label", batch.label(sample)}, {"steps", batch.steps()}, {"layers", layers}};
}

}  // namespace spikeforge::pipeline

#include "pipeline/train.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include "core/clamp_note.hpp"
#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "pipeline/json_form.hpp"
#include "pipeline/train_fields.hpp"
#include "quantizer/grid.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/projection.hpp"
#include "trainer/bptt/bptt.hpp"
#include "trainer/readout/readout.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::pipeline {

using nlohmann::json;

namespace {

struct Outcome {
  core::FloatNetwork net;
  trainer::History history;
  json extra = json::object();
};

template <class S, class Table>
json settings_json(const S& s, Table table) {
  json j = json::object();
  table([&](auto field) { j[field.key] = s.*field.member; });
  return j;
}

Outcome run_admm(const TrainJob& job, const core::SpikeBatch& train, const core::SpikeBatch* val,
                 const trainer::SampleShard& shard, const Context& ctx) {
  const trainer::admm::Settings s = job.admm_settings();
  const auto bytes = trainer::admm::state_bytes(s, train.size(), train.steps(), train.inputs(), train.classes());
  ctx.say("admm state: " + std::to_string(bytes / (1024 * 1024)) + " MiB for " + std::to_string(train.size()) +
          " samples" + (ctx.ranks() > 1 ? " (rank 0's shard)" : ""));
  trainer::admm::CheckpointOptions cp;
  cp.path = job.checkpoint;
  cp.every = job.checkpoint_every;
  cp.resume = job.resume;
  trainer::FineTune ft;
  json constraints = nullptr;
  if (!job.profile.empty() || job.max_fan_in > 0) {
    if (!job.profile.empty()) {
      // The grid of the network's shape (weights irrelevant: the grid depends on the shape, the
      // profile and the bits; its scale is searched by the V block).
      quantizer::MappingOptions mo;
      mo.weight_bits = job.weight_bits;
      const auto grid = std::make_shared<const quantizer::WeightGrid>(
          trainer::admm::shape_network(s, train.inputs(), train.classes()), quantizer::load_profile(job.profile), mo);
      ft.projection.project = [grid](std::size_t l, Eigen::MatrixXf& w, Eigen::VectorXf& b) { grid->project_layer(l, w, b); };
    }
    if (job.max_fan_in > 0) ft.projection = trainer::with_max_fan_in(ft.projection, job.max_fan_in, job.fan_in_group);
    constraints = {{"profile", job.profile},
                   {"weight_bits", job.weight_bits},
                   {"max_fan_in", job.max_fan_in},
                   {"fan_in_group", job.fan_in_group}};
  }
  auto r = trainer::admm::train(s, train, val, ctx.iteration, cp, ctx.red(), shard, ft);
  Outcome out;
  out.net = std::move(r.net);
  out.history = std::move(r.history);
  json blocks = json::object();
  for (const auto& [k, v] : r.block_seconds) blocks[k] = v;
  json settings = settings_json(s, [](auto f) { admm_fields(f); });
  settings["init"] = trainer::admm::to_string(s.init);
  if (job.max_fan_in > 0) {
    json nz = json::array();
    for (const auto& l : out.net.layers) {
      const auto f = trainer::nonzeros_per_neuron(l.weights);
      nz.push_back({{"max", f.max}, {"mean", f.mean}});
    }
    constraints["nonzeros_per_neuron"] = nz;
  }
  out.extra = {{"method_run", r.method},
               {"constraints", constraints},
               {"variant", trainer::admm::to_string(s.variant)},
               {"iterations", s.iterations},
               {"iterations_run", r.iterations_run},
               {"early_stopped", r.early_stopped},
               {"best_iteration", r.best_iteration},
               {"state_bytes", r.state_bytes},
               {"block_seconds", blocks},
               {"settings", settings}};
  return out;
}

Outcome run_readout(const TrainJob& job, const core::SpikeBatch& train, const trainer::SampleShard& shard,
                    const Context& ctx) {
  const trainer::readout::Settings s = job.readout_settings();
  auto r = trainer::readout::train(s, train, ctx.iteration, ctx.red(), shard);
  Outcome out;
  out.net = std::move(r.net);
  out.history = std::move(r.history);
  out.extra = {{"layer_scales", r.layer_scales}, {"settings", settings_json(s, [](auto f) { readout_fields(f); })}};
  return out;
}

Outcome run_bptt(const TrainJob& job, const core::SpikeBatch& train, const core::SpikeBatch* val, const Context& ctx) {
  const trainer::BpttSettings s = job.bptt_settings();
  trainer::BpttCheckpointOptions cp;
  cp.path = job.checkpoint;
  cp.every = job.checkpoint.empty() ? 0 : (job.checkpoint_every > 0 ? job.checkpoint_every : 1);
  cp.resume = job.resume;
  auto r = trainer::train_bptt(s, train, val, ctx.iteration, cp);
  Outcome out;
  out.net = std::move(r.net);
  out.history = std::move(r.history);
  json settings = settings_json(s, [](auto f) { bptt_fields(f); });
  settings["surrogate"] = "fast_sigmoid";
  settings["train_bias"] = s.train_bias;
  settings["spike_budget"] = s.spike_budget;
  out.extra = {{"epochs_run", r.epochs_run}, {"hidden_rates", r.hidden_rates}, {"settings", settings}};
  return out;
}

/// Accuracy over every rank's part of the data (-1 if there is none).
double evaluate(const core::FloatNetwork& net, const core::SpikeBatch& data, const Context& ctx) {
  if (data.empty()) return -1.0;
  const auto sim = core::simulate(net, data);
  return trainer::sharded_accuracy(sim.predictions, data.labels(), ctx.red());
}

struct Counts {
  std::size_t train = 0, val = 0, test = 0;
};

/// The global sample counts (what one process would load), from the dataset's sizes.
Counts global_counts(const TrainJob& job) {
  const core::DatasetInfo info = core::describe_dataset(job.data.name, job.data.data_dir);
  Counts g;
  g.train = job.train_samples > 0 ? std::min(job.train_samples, info.train) : info.train;
  if (job.val_samples > 0) g.val = std::min(job.val_samples, info.train - std::min(info.train, g.train));
  if (job.test_samples != 0)
    g.test = job.test_samples < 0 ? info.test : std::min(static_cast<std::size_t>(job.test_samples), info.test);
  return g;
}

/// Loads [offset, offset + count) of `split` (count 0 = nothing), this rank's block of it.
core::SpikeBatch load_block(core::DatasetSpec spec, const std::string& split, std::size_t offset, std::size_t count,
                            const std::string& what, const Context& ctx) {
  spec.split = split;
  spec.offset = offset;
  spec.max_samples = count;
  if (ctx.ranks() > 1) {
    const trainer::SampleShard sh = ctx.shard(count, what);
    spec.offset += sh.first;
    spec.max_samples = sh.count;
  }
  return core::load_spikes(spec);
}

}  // namespace

TrainResult train(const TrainJob& job, const Context& ctx) {
  job.validate();
  if (!job.profile.empty()) {  // a missing or bad profile fails before any data is loaded
    const quantizer::ChipProfile profile = quantizer::load_profile(job.profile);
    quantizer::MappingOptions mo;
    mo.weight_bits = job.weight_bits;
    mo.validate(profile);
  }
  const auto t0 = std::chrono::steady_clock::now();
  if (ctx.ranks() > 1 && job.method == "bptt")
    throw core::ConfigError("train: --method bptt does not run sharded; use admm or readout under mpirun");
  core::DatasetSpec spec = job.data;
  spec.seed = job.seed;
  // Every rank loads only its block of each set; the global counts come from the dataset's sizes.
  const Counts global = global_counts(job);
  if (global.train == 0) throw core::ConfigError("train: --train-samples gave an empty training set");
  const trainer::SampleShard train_shard =
      ctx.ranks() > 1 ? ctx.shard(global.train, "train: --train-samples") : trainer::SampleShard{};
  const core::SpikeBatch train = load_block(spec, "train", 0, global.train, "train: --train-samples", ctx);
  const core::SpikeBatch val =
      global.val > 0 ? load_block(spec, "train", global.train, global.val, "train: --val-samples", ctx) : core::SpikeBatch{};
  const core::SpikeBatch test =
      global.test > 0 ? load_block(spec, "test", 0, global.test, "train: --test-samples", ctx) : core::SpikeBatch{};
  if (auto w = core::clamp_note("--train-samples", job.train_samples, global.train)) ctx.say(*w);
  ctx.say("data: " + std::to_string(global.train) + " train, " + std::to_string(global.val) + " val, " +
          std::to_string(global.test) + " test samples; T = " + std::to_string(train.steps()) +
          ", inputs = " + std::to_string(train.inputs()) +
          (ctx.ranks() > 1 ? "; " + std::to_string(ctx.ranks()) + " ranks, rank 0 holds " +
                                 std::to_string(train.size()) + " train samples"
                           : ""));
  const auto t_loaded = std::chrono::steady_clock::now();

  Outcome out;
  const core::SpikeBatch* valp = val.empty() ? nullptr : &val;
  if (job.method == "admm") out = run_admm(job, train, valp, train_shard, ctx);
  else if (job.method == "readout") out = run_readout(job, train, train_shard, ctx);
  else out = run_bptt(job, train, valp, ctx);
  const auto t_trained = std::chrono::steady_clock::now();

  TrainResult res;
  res.train_acc = evaluate(out.net, train, ctx);
  res.val_acc = evaluate(out.net, val, ctx);
  res.test_acc = evaluate(out.net, test, ctx);
  const double train_s = std::chrono::duration<double>(t_trained - t_loaded).count();

  out.net.encoding.dataset = spec.name;
  out.net.encoding.encoding = spec.encoding;
  out.net.encoding.steps = train.steps();
  out.net.encoding.seed = job.seed;
  out.net.encoding.bin_us = spec.bin_us;
  out.net.encoding.latency_cutoff = spec.latency_cutoff;
  json meta = {{"method", job.method}, {"hidden", job.hidden}, {"train_samples", global.train},
               {"train_acc", res.train_acc}};  // no timings: same seed -> byte-identical net.json
  if (res.val_acc >= 0) meta["val_acc"] = res.val_acc;
  if (res.test_acc >= 0) meta["test_acc"] = res.test_acc;
  if (out.extra.contains("settings")) meta["settings"] = out.extra["settings"];
  if (out.extra.contains("variant")) meta["variant"] = out.extra["variant"];
  out.net.metadata_json = meta.dump();

  json sizes = json::array({out.net.inputs()});
  for (const auto& l : out.net.layers) sizes.push_back(l.outputs());
  json& r = res.report;
  r = {{"method", job.method}, {"dataset", spec.name}, {"encoding", spec.encoding}, {"steps", train.steps()},
       {"seed", job.seed}, {"hidden", job.hidden}, {"sizes", sizes}, {"train_samples", global.train},
       {"val_samples", global.val}, {"test_samples", global.test}, {"train_acc", res.train_acc},
       {"seconds_load", std::chrono::duration<double>(t_loaded - t0).count()}, {"seconds_train", train_s},
       {"seconds", train_s}, {"history", history_to_json(out.history)}};
  r["val_acc"] = res.val_acc >= 0 ? json(res.val_acc) : json(nullptr);
  r["test_acc"] = res.test_acc >= 0 ? json(res.test_acc) : json(nullptr);
  for (const auto& [k, v] : out.extra.items()) r[k] = v;
  // Sharded runs: what crossed between the ranks. Bytes are the sums' payload sent by this rank
  // (rank 0); per iteration they depend on the layer sizes only, not on the number of samples.
  double iter_bytes = 0.0;
  for (const auto& h : out.history)
    if (auto it = h.metrics.find("comm_bytes"); it != h.metrics.end()) iter_bytes = std::max(iter_bytes, it->second);
  r["distributed"] = {{"ranks", ctx.ranks()},
                      {"train_samples_per_rank", ctx.per_rank(static_cast<double>(train.size()))},
                      {"comm_bytes_total", ctx.red().bytes_sent()},
                      {"comm_bytes_per_iteration", iter_bytes},
                      {"peak_rss_bytes_per_rank", ctx.per_rank(peak_rss_bytes())},
                      {"cpu_seconds_per_rank", ctx.per_rank(cpu_seconds())}};
  r["seconds_total"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  res.net = std::move(out.net);
  res.history = std::move(out.history);
  return res;
}

}  // namespace spikeforge::pipeline

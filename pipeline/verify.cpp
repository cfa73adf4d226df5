#include "pipeline/verify.hpp"

#include <cstdint>
#include <vector>

#include "core/errors.hpp"
#include "pipeline/dataset.hpp"
#include "rtl_sim/report_json.hpp"

namespace spikeforge::pipeline {
namespace {

/// Sums the report's counts over the ranks (integers, exact in double below 2^53). first_mismatch
/// and seconds stay this rank's.
void sum_over_ranks(rtl_sim::CosimReport& rep, const trainer::Reducer& red) {
  std::uint64_t* fields[] = {&rep.rtl.cycles,          &rep.rtl.synaptic_ops,   &rep.rtl.updates_active,
                             &rep.rtl.updates_idle,    &rep.rtl.catchup_decays, &rep.rtl.spikes,
                             &rep.rtl.weight_reads,    &rep.rtl.state_reads,    &rep.rtl.state_writes,
                             &rep.rtl.u_reads,         &rep.rtl.u_writes,       &rep.rtl.flag_reads,
                             &rep.golden.synaptic_ops, &rep.golden.updates_active, &rep.golden.updates_idle,
                             &rep.golden.catchup_decays, &rep.golden.input_steps, &rep.golden.spikes,
                             &rep.clock_cycles};
  std::vector<double> v = {static_cast<double>(rep.samples), static_cast<double>(rep.matched),
                           static_cast<double>(rep.correct)};
  for (const auto* f : fields) v.push_back(static_cast<double>(*f));
  red.sum(v.data(), v.size());
  rep.samples = static_cast<std::size_t>(v[0]);
  rep.matched = static_cast<std::size_t>(v[1]);
  rep.correct = static_cast<std::size_t>(v[2]);
  for (std::size_t i = 0; i < std::size(fields); ++i) *fields[i] = static_cast<std::uint64_t>(v[3 + i]);
}

double per_sample(std::uint64_t total, std::size_t samples) {
  return samples ? static_cast<double>(total) / static_cast<double>(samples) : 0.0;
}

}  // namespace

std::string VerifyResult::mismatch_text() const {
  if (spike_exact()) return {};
  // Sharded: sample numbers in the description count from this rank's first sample.
  std::string where = "the mismatches are on other ranks";
  if (local_mismatch) {
    where = "first mismatch";
    if (ranks > 1) where += " (in the block from sample " + std::to_string(first_global) + ")";
    where += ": " + report.first_mismatch->describe();
  }
  return std::to_string(report.samples - report.matched) + " of " + std::to_string(report.samples) +
         " samples differ; " + where;
}

VerifyResult verify(const quantizer::FixedNetwork& net, const core::DatasetSpec& spec, rtl_sim::CosimOptions opt,
                    const Context& ctx) {
  if (ctx.ranks() > 1 && !opt.core.fst_path.empty())
    throw core::ConfigError("verify: --fst needs a single process (not mpirun -np > 1)");
  opt.validate();
  const ShardedSpec sh = shard_spec(spec, ctx, "verify");
  VerifyResult r;
  r.spec = sh.spec;
  r.first_global = sh.first_global;
  r.ranks = ctx.ranks();
  r.image_loaded = opt.image.has_value();
  const core::SpikeBatch batch = core::load_spikes(r.spec);
  if (batch.inputs() != net.inputs())
    throw core::ConfigError("verify: dataset " + r.spec.name + " has " + std::to_string(batch.inputs()) +
                            " inputs but the network expects " + std::to_string(net.inputs()));
  r.steps = batch.steps();
  ctx.done(0.0, "loaded " + std::to_string(batch.size()) + " samples of " + r.spec.name + "/" + r.spec.split +
                    ", T = " + std::to_string(batch.steps()) + "; loading the core");
  r.report = rtl_sim::verify_samples(net, batch, 0, batch.size(), opt,
                                     [&ctx](std::size_t done, std::size_t total, std::size_t matched) {
                                       ctx.done(total ? static_cast<double>(done) / static_cast<double>(total) : 1.0,
                                                std::to_string(done) + "/" + std::to_string(total) + " samples, " +
                                                    std::to_string(matched) + " matched");
                                     });
  r.local_mismatch = r.report.first_mismatch.has_value();
  if (ctx.ranks() > 1) sum_over_ranks(r.report, ctx.red());
  return r;
}

nlohmann::json to_json(const VerifyResult& r) {
  const rtl_sim::CosimReport& rep = r.report;
  return {{"dataset", r.spec.name},
          {"split", r.spec.split},
          {"steps", r.steps},
          {"samples", rep.samples},
          {"matched", rep.matched},
          {"spike_exact", rep.all_matched()},
          {"accuracy", rep.samples ? static_cast<double>(rep.correct) / static_cast<double>(rep.samples) : 0.0},
          {"cycles", rep.rtl.cycles},
          {"cycles_per_sample", per_sample(rep.rtl.cycles, rep.samples)},
          {"clock_cycles_simulated", rep.clock_cycles},
          {"seconds", rep.seconds},
          {"cycles_per_second", rep.cycles_per_second()},
          {"threads", rep.threads},
          {"image", r.image_loaded ? "loaded from an exported directory" : "built from the network"},
          {"counters", rtl_sim::to_json(rep.rtl)},
          {"golden_counts", rtl_sim::to_json(rep.golden)},
          {"first_mismatch", rep.first_mismatch ? rtl_sim::to_json(*rep.first_mismatch) : nlohmann::json()}};
}

}  // namespace spikeforge::pipeline

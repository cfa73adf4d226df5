#include "pipeline/dataset.hpp"

#include <algorithm>

#include "core/errors.hpp"

namespace spikeforge::pipeline {

core::DatasetSpec resolve_spec(const DataRequest& r, const core::EncodingInfo& enc, const std::string& command,
                               const std::string& net_path) {
  core::DatasetSpec s;
  s.name = r.dataset.value_or(enc.dataset);
  if (s.name.empty())
    throw core::ConfigError(command + ": no --dataset given and " + net_path + " names no dataset in its encoding info");
  s.data_dir = r.data_dir;
  s.split = r.split;
  if (r.encoding) {
    s.encoding = *r.encoding;
  } else if (enc.encoding == "rate" || enc.encoding == "latency") {
    s.encoding = enc.encoding;
  }
  s.steps = r.steps.value_or(enc.steps);
  s.seed = r.seed.value_or(enc.seed);
  s.offset = r.offset;
  s.max_samples = r.samples;
  s.bin_us = enc.bin_us;
  s.latency_cutoff = r.latency_cutoff.value_or(enc.latency_cutoff);
  return s;
}

ShardedSpec shard_spec(core::DatasetSpec spec, const Context& ctx, const std::string& command) {
  ShardedSpec out;
  out.first_global = spec.offset;
  if (ctx.ranks() > 1) {
    const core::DatasetInfo info = core::describe_dataset(spec.name, spec.data_dir);
    const std::size_t split = spec.split == "train" ? info.train : info.test;
    if (spec.offset >= split)
      throw core::ConfigError(command + ": --offset = " + std::to_string(spec.offset) + " is past the " +
                              std::to_string(split) + " samples of the " + spec.split + " split");
    out.total = spec.max_samples > 0 ? std::min(spec.max_samples, split - spec.offset) : split - spec.offset;
    const trainer::SampleShard sh = ctx.shard(out.total, command + ": --samples");
    spec.offset += sh.first;
    spec.max_samples = sh.count;
    out.first_global = spec.offset;
  }
  out.spec = std::move(spec);
  return out;
}

}  // namespace spikeforge::pipeline

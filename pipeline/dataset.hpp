// Which samples a stage runs on. A command that runs a trained network on data (eval, verify,
// energy, the iCE40 cycle samples) asks for a dataset split; every field it leaves unset comes
// from the network's own encoding info (core::EncodingInfo), so `eval --net net.q.json` runs on
// the data the network was trained for. Under an MPI job each rank then takes its block of the
// samples (shard_spec), and the stage sums its counts over the ranks.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/dataset.hpp"
#include "core/network.hpp"
#include "pipeline/context.hpp"

namespace spikeforge::pipeline {

/// A request for data; an unset optional takes the network's value.
struct DataRequest {
  std::optional<std::string> dataset;
  std::optional<std::string> encoding;  ///< rate | latency.
  std::optional<int> steps;
  std::optional<std::uint64_t> seed;
  std::optional<double> latency_cutoff;  ///< Latency encoding: pixels at or below it never spike.
  std::string split = "test";
  std::string data_dir;      ///< "" = installed location.
  std::size_t samples = 0;   ///< 0 = the whole split.
  std::size_t offset = 0;    ///< First sample of the split.
};

/// The spec to load. ConfigError naming `command` and `net_path` if no dataset is requested and
/// the network names none.
core::DatasetSpec resolve_spec(const DataRequest& r, const core::EncodingInfo& enc, const std::string& command,
                               const std::string& net_path);

/// One rank's part of a spec.
struct ShardedSpec {
  core::DatasetSpec spec;         ///< This rank's block (offset and max_samples narrowed).
  std::size_t total = 0;          ///< Samples over all ranks (known after loading when one process).
  std::size_t first_global = 0;   ///< Split index of this rank's first sample.
};

/// With one process: `spec` unchanged (total is set by the caller from the loaded batch). With K
/// ranks: the split's samples from spec.offset (at most spec.max_samples) cut into K blocks.
/// ConfigError if the offset is past the split or a rank would get no sample.
ShardedSpec shard_spec(core::DatasetSpec spec, const Context& ctx, const std::string& command);

}  // namespace spikeforge::pipeline

// Dataset options shared by the commands that run a trained network on data (eval, verify,
// energy): any option not given on the command line defaults to the network's own encoding info.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include <CLI/CLI.hpp>

#include "core/dataset.hpp"
#include "core/network.hpp"
#include "pipeline/dataset.hpp"

namespace spikeforge::cli {

struct DatasetArgs {
  std::string dataset;
  std::string split = "test";
  std::string data_dir;
  std::string encoding = "rate";
  std::size_t samples = 100;  ///< 0 = the whole split.
  std::size_t offset = 0;
  int steps = 25;
  std::uint64_t seed = 1;
  // Which of the defaultable options were given on the command line (set when registering them).
  CLI::Option* dataset_opt = nullptr;
  CLI::Option* encoding_opt = nullptr;
  CLI::Option* steps_opt = nullptr;
  CLI::Option* seed_opt = nullptr;
  double latency_cutoff = 0.2;
  CLI::Option* cutoff_opt = nullptr;
};

/// Registers --dataset, --split, --offset, --data-dir, --encoding, --steps, --seed and --latency-cutoff on `cmd`
/// (not --samples: its range differs per command), recording which defaultable ones were given.
void add_dataset_options(CLI::App* cmd, DatasetArgs& a);

/// The options as a pipeline request (the options not given stay unset).
pipeline::DataRequest data_request(const DatasetArgs& a);

/// The spec to load: given options win, the rest come from `enc`. Throws ConfigError naming
/// `command` and `net_path` if no dataset is given and the network names none.
core::DatasetSpec dataset_spec(const DatasetArgs& a, const core::EncodingInfo& enc, const std::string& command,
                               const std::string& net_path);

}  // namespace spikeforge::cli

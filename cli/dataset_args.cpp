#include "cli/dataset_args.hpp"

#include "core/errors.hpp"

namespace spikeforge::cli {

void add_dataset_options(CLI::App* cmd, DatasetArgs& a) {
  a.dataset_opt = cmd->add_option("--dataset", a.dataset, "Dataset name (default: the network's)");
  cmd->add_option("--split", a.split, "Dataset split: test | train")->check(CLI::IsMember({"test", "train"}))->capture_default_str();
  cmd->add_option("--offset", a.offset, "First sample of the split")->capture_default_str();
  cmd->add_option("--data-dir", a.data_dir, "Dataset directory (default: the installed location)");
  a.encoding_opt = cmd->add_option("--encoding", a.encoding, "Image encoding: rate | latency (default: the network's)")
                       ->check(CLI::IsMember({"rate", "latency"}));
  a.steps_opt = cmd->add_option("--steps", a.steps, "Time steps T (default: the network's)")->check(CLI::PositiveNumber);
  a.seed_opt = cmd->add_option("--seed", a.seed, "Encoder seed (default: the network's)");
}

core::DatasetSpec dataset_spec(const DatasetArgs& a, const core::EncodingInfo& enc, const std::string& command,
                               const std::string& net_path) {
  core::DatasetSpec s;
  s.name = a.dataset_opt->count() > 0 ? a.dataset : enc.dataset;
  if (s.name.empty()) {
    throw core::ConfigError(command + ": no --dataset given and " + net_path + " names no dataset in its encoding info");
  }
  s.data_dir = a.data_dir;
  s.split = a.split;
  if (a.encoding_opt->count() > 0) {
    s.encoding = a.encoding;
  } else if (enc.encoding == "rate" || enc.encoding == "latency") {
    s.encoding = enc.encoding;
  }
  s.steps = a.steps_opt->count() > 0 ? a.steps : enc.steps;
  s.seed = a.seed_opt->count() > 0 ? a.seed : enc.seed;
  s.offset = a.offset;
  s.max_samples = a.samples;
  s.bin_us = enc.bin_us;
  return s;
}

}  // namespace spikeforge::cli

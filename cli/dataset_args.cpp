#include "cli/dataset_args.hpp"


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
  a.cutoff_opt = cmd->add_option("--latency-cutoff", a.latency_cutoff,
                                 "Latency encoding: pixels with value/255 <= cutoff never spike, in [0, 1) (default: the network's)");
}

pipeline::DataRequest data_request(const DatasetArgs& a) {
  pipeline::DataRequest r;
  if (a.dataset_opt->count() > 0) r.dataset = a.dataset;
  if (a.encoding_opt->count() > 0) r.encoding = a.encoding;
  if (a.steps_opt->count() > 0) r.steps = a.steps;
  if (a.seed_opt->count() > 0) r.seed = a.seed;
  if (a.cutoff_opt->count() > 0) r.latency_cutoff = a.latency_cutoff;
  r.split = a.split;
  r.data_dir = a.data_dir;
  r.samples = a.samples;
  r.offset = a.offset;
  return r;
}

core::DatasetSpec dataset_spec(const DatasetArgs& a, const core::EncodingInfo& enc, const std::string& command,
                               const std::string& net_path) {
  return pipeline::resolve_spec(data_request(a), enc, command, net_path);
}

}  // namespace spikeforge::cli

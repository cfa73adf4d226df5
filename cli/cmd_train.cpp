// `spikeforge train`: parses the options into a pipeline::TrainJob (the trainers' options come
// from the tables of pipeline/train_fields.hpp), runs pipeline::train, writes net.json
// (exporter::write_network) and an optional report JSON. Progress goes to stderr.
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/job.hpp"
#include "cli/output.hpp"
#include "core/errors.hpp"
#include "core/output_path.hpp"
#include "export/network_json.hpp"
#include "pipeline/train.hpp"
#include "pipeline/train_fields.hpp"

namespace spikeforge::cli {
namespace {

/// What the command line holds before the job is built: the job with every field bound to an
/// option, and which table options were given (so a --variant preset keeps only those).
struct TrainArgs {
  pipeline::TrainJob job;
  std::string hidden_text;
  std::string reset = "subtract";
  std::string variant = "improved";
  std::optional<std::string> init;
  std::string out;
  std::string report;
  std::map<std::string, CLI::Option*> given;  ///< Table key -> its option.
};

std::vector<int> parse_hidden(const std::string& text) {
  std::vector<int> sizes;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) {
    if (item.empty()) continue;
    try {
      std::size_t used = 0;
      const int v = std::stoi(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
      sizes.push_back(v);
    } catch (const std::exception&) {
      throw core::ConfigError("train: --hidden = '" + text + "': '" + item + "' is not an integer");
    }
  }
  if (sizes.empty()) throw core::ConfigError("train: --hidden = '" + text + "' must list at least one layer size");
  return sizes;
}

/// The job from the parsed options: the variant's ADMM preset, then every ADMM option given.
pipeline::TrainJob build_job(const TrainArgs& a) {
  pipeline::TrainJob job = a.job;
  job.hidden = parse_hidden(a.hidden_text);
  job.reset = core::parse_reset_mode(a.reset, "--reset");
  job.use_variant(a.variant);
  pipeline::admm_fields([&](auto field) {
    if (a.given.at(field.key)->count() > 0) job.admm.*field.member = a.job.admm.*field.member;
  });
  if (a.init) job.admm.init = trainer::admm::parse_init(*a.init);
  // --gamma was the readout's ridge too before --readout-gamma existed.
  if (job.method == "readout" && a.given.at("gamma")->count() > 0 && a.given.at("readout_gamma")->count() == 0)
    job.readout.gamma = a.job.admm.gamma;
  return job;  // pipeline::train validates it before loading any data
}

void run_train(const TrainArgs& a) {
  const pipeline::TrainJob job = build_job(a);
  core::check_output_files({{a.out, "train --out"}, {a.report, "train --report"}, {job.checkpoint, "train --checkpoint"}});
  const pipeline::TrainResult r = pipeline::train(job, job_context("train"));
  nlohmann::json report = {{"command", "train"}, {"out", a.out}};
  for (const auto& [k, v] : r.report.items()) report[k] = v;
  write_json_report(a.report, report);
  if (is_root()) exporter::write_network(a.out, r.net);  // main output last; under MPI every rank holds the same network
  std::ostringstream os;
  os << "done: train_acc=" << r.train_acc;
  if (r.val_acc >= 0) os << " val_acc=" << r.val_acc;
  if (r.test_acc >= 0) os << " test_acc=" << r.test_acc;
  os << " in " << r.report["seconds_train"].get<double>() << " s -> " << a.out;
  progress("train", os.str());
}

/// One option per table row, bound to the settings member, showing its default.
template <class S>
auto bind_rows(CLI::App* cmd, S& settings, std::map<std::string, CLI::Option*>& given) {
  return [cmd, &settings, &given](auto field) {
    given[field.key] = cmd->add_option(field.flag, settings.*field.member, field.help)->capture_default_str();
  };
}

}  // namespace

void register_train(CLI::App& app) {
  auto args = std::make_shared<TrainArgs>();
  TrainArgs& a = *args;
  pipeline::TrainJob& j = a.job;
  auto* cmd = app.add_subcommand("train", "Train a spiking network (ADMM, BPTT or the ridge-readout baseline)");
  cmd->add_option("--method", j.method, "admm | bptt | readout")->capture_default_str();
  cmd->add_option("--dataset", j.data.name, "fashion-mnist | nmnist | shd | synthetic")->required();
  cmd->add_option("--data-dir", j.data.data_dir, "Dataset directory (default: the installed location)");
  cmd->add_option("--encoding", j.data.encoding, "rate | latency (image datasets)")->capture_default_str();
  cmd->add_option("--steps", j.data.steps, "Time steps T")->capture_default_str();
  cmd->add_option("--bin-us", j.data.bin_us, "Event binning width [us] (event datasets)");
  cmd->add_option("--latency-cutoff", j.data.latency_cutoff,
                  "Latency encoding: pixels with value/255 <= cutoff never spike, in [0, 1) (fewer input events, less energy)")
      ->capture_default_str();
  cmd->add_option("--hidden", a.hidden_text, "Hidden layer sizes, comma-separated (e.g. 256 or 256,128)")->required();
  cmd->add_option("--train-samples", j.train_samples, "Training samples (0 = whole split)");
  cmd->add_option("--val-samples", j.val_samples, "Validation samples taken from the train split after the training samples");
  cmd->add_option("--test-samples", j.test_samples, "Test samples (-1 = whole test split, 0 = skip)");
  cmd->add_option("--seed", j.seed, "Seed of init, orders and encoding");
  cmd->add_option("--out", a.out, "Output network (net.json)")->required();
  cmd->add_option("--report", a.report, "Report JSON (history, timings, settings, accuracies)");
  cmd->add_option("--threads", j.threads, "Threads (0 = default)");
  cmd->add_option("--spike-budget", j.spike_budget,
                  "Spike budget lambda >= 0: penalty on the mean hidden firing rate (BPTT: in the loss; ADMM: in the A block)")
      ->capture_default_str();
  cmd->add_option("--leak", j.leak, "Membrane leak delta in (0, 1]")->capture_default_str();
  cmd->add_option("--threshold", j.threshold, "Threshold theta > 0")->capture_default_str();
  cmd->add_option("--reset", a.reset, "subtract | zero")->capture_default_str();
  cmd->add_option("--profile", j.profile,
                  "ADMM: train on this chip profile's weight grid (name or .json; weights and biases stay on it)");
  cmd->add_option("--weight-bits", j.weight_bits, "With --profile: weight bits, 2..8 (0 = the profile's maximum)")
      ->capture_default_str();
  cmd->add_option("--max-fan-in", j.max_fan_in, "ADMM: at most K nonzero weights per neuron (0 = no limit)")
      ->capture_default_str();
  cmd->add_option("--fan-in-group", j.fan_in_group,
                  "With --max-fan-in: groups of G consecutive neurons share one set of K inputs (G = the RTL core's lanes lets it skip whole rows)")
      ->capture_default_str();
  cmd->add_option("--variant", a.variant, "ADMM variant (preset of every ADMM option not given): paper | improved")
      ->capture_default_str();
  cmd->add_option("--init", a.init, "ADMM hidden-weight init: zero (paper) | random (improved default)");
  pipeline::admm_fields(bind_rows(cmd, j.admm, a.given));
  pipeline::bptt_fields(bind_rows(cmd, j.bptt, a.given));
  pipeline::readout_fields(bind_rows(cmd, j.readout, a.given));
  cmd->add_option("--checkpoint", j.checkpoint, "Checkpoint file (ADMM, BPTT)");
  cmd->add_option("--checkpoint-every", j.checkpoint_every,
                  "Write the checkpoint every k iterations (ADMM) or epochs (BPTT; 0 = every epoch)");
  cmd->add_flag("--resume", j.resume, "Resume from --checkpoint");
  cmd->callback([args] { run_train(*args); });
}

}  // namespace spikeforge::cli

// `spikeforge run` configuration: every stage's options in one struct, read from a JSON file
// (docs/run-config.md). Unknown keys and bad values are ConfigErrors naming the key
// ("run config: unknown key 'train.foo'"); numbers follow pipeline/json_get.hpp (no fractions for
// integers, no negatives for counts). The effective config (defaults + file + --quick) is
// hashed so that `--resume` refuses a different config.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "pipeline/train_job.hpp"

namespace spikeforge::pipeline::run {

/// The pipeline's stages, in order.
const std::vector<std::string>& stage_names();

struct RunConfig {
  struct Data {
    std::string dataset = "fashion-mnist";
    std::string data_dir;          ///< "" = installed location.
    std::string encoding = "latency";  ///< With steps and train: the lowest-energy point within 1 point of the best (docs/bench/energy-sweep.md).
    int steps = 10;
    std::uint64_t seed = 1;
    double latency_cutoff = 0.2;   ///< Latency encoding: pixels with value/255 <= cutoff never spike.
    std::size_t train_samples = 20000;
    std::size_t val_samples = 1000;  ///< Taken from the train split after the training samples.
    std::size_t test_samples = 0;    ///< 0 = whole test split.
  } data;
  /// The train stage's job (its data fields come from `data` when the stage runs). Keys of the
  /// "train" object: pipeline/train_job.hpp (method, hidden, leak, ... and every trainer table key).
  pipeline::TrainJob train = default_train();
  static pipeline::TrainJob default_train();
  struct Quantize {
    std::vector<std::string> profiles = {"spikeforge-core", "loihi"};  ///< The first one is exported/verified.
    bool allow_reset_change = true;
    int weight_bits = 0;
    std::size_t samples = 0;  ///< Golden-model evaluation samples of the test split (0 = data.test_samples).
  } quantize;
  struct Export {
    std::vector<std::string> formats = {"lava", "netx", "nir", "rtl"};
    double nir_dt = 1e-4;
  } export_;
  struct Verify {
    std::size_t samples = 50;
  } verify;
  struct Energy {
    std::string source = "rtl";  ///< rtl: the verify stage's co-simulated counters; golden: golden-model counts.
    std::size_t samples = 0;     ///< golden source only: samples (0 = verify.samples).
    std::vector<std::string> constants;  ///< Constant sets (empty = all).
  } energy;
  struct Report {
    std::size_t raster_sample = 0;  ///< Test sample shown in the spike raster.
    bool synth = false;             ///< Run yosys (rtl_sim/synth/run_synth.sh) for the cell count.
  } report;

  /// ConfigError naming the key on the first bad value.
  void validate() const;
  /// Tiny sizes on the synthetic dataset (end-to-end tests in seconds).
  void make_quick();
};

/// Applies a JSON object onto `cfg` (keys absent keep their value). ConfigError naming the key
/// for unknown keys and wrong types.
void apply_json(RunConfig& cfg, const nlohmann::json& doc);
/// Reads a config file (InputError if missing or not JSON) and applies it.
void apply_file(RunConfig& cfg, const std::string& path);
nlohmann::json to_json(const RunConfig& cfg);
/// FNV-1a of the canonical JSON form, as 16 hex digits.
std::string config_hash(const RunConfig& cfg);

}  // namespace spikeforge::pipeline::run

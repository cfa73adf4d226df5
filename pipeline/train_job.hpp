// The train stage's job: which trainer, on which data, with which settings; shared by
// `spikeforge train` and the train stage of `spikeforge run`. Its JSON form is the run config's
// "train" and "data" keys (docs/run-config.md); its defaults are the trainers' own Settings
// defaults (Settings::improved() for ADMM), written once.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/dataset.hpp"
#include "core/network.hpp"
#include "trainer/admm/settings.hpp"
#include "trainer/bptt/settings.hpp"
#include "trainer/readout/readout.hpp"

namespace spikeforge::pipeline {

struct TrainJob {
  std::string method = "admm";     ///< admm | bptt | readout.
  core::DatasetSpec data;          ///< name, data_dir, encoding, steps, bin_us (split/offset/max_samples: set by the stage).
  std::uint64_t seed = 1;          ///< Seeds init, orders and the encoder (data.seed is overwritten with it).
  std::size_t train_samples = 0;   ///< 0 = whole train split.
  std::size_t val_samples = 0;     ///< Taken from the train split after the training samples.
  long long test_samples = -1;     ///< -1 = whole test split, 0 = no test evaluation.
  // Model, common to every method.
  std::vector<int> hidden = {256};
  double leak = 0.95;
  double threshold = 1.0;
  core::ResetMode reset = core::ResetMode::subtract;
  int threads = 0;                 ///< 0 = library default.
  double spike_budget = 0.0;       ///< Weight λ ≥ 0 of the hidden-activity penalty (admm, bptt; 0 = none).
  // Chip constraints during training (admm): the weights and biases stay on `profile`'s grid at
  // `weight_bits` (0 = the profile's maximum) through a scaled-dual splitting W = V, and at most
  // `max_fan_in` nonzero weights per neuron (0 = no limit), shared by groups of `fan_in_group`
  // consecutive neurons (1 = each its own; the RTL core's lanes P let it skip whole rows).
  // "" = unconstrained float training.
  std::string profile;
  int weight_bits = 0;
  int max_fan_in = 0;
  int fan_in_group = 1;
  // Per method (pipeline/train_fields.hpp lists their options); the common fields above win.
  trainer::admm::Settings admm;    ///< Settings::improved() unless a variant preset was applied.
  trainer::BpttSettings bptt;
  trainer::readout::Settings readout;
  // Checkpoints (admm, bptt).
  std::string checkpoint;          ///< "" = none.
  int checkpoint_every = 0;        ///< ADMM: every k iterations (0 = never); BPTT: 0 = every epoch when checkpoint is set.
  bool resume = false;

  /// Replaces the ADMM settings by the preset of `variant` ("paper" | "improved"); call before
  /// setting single ADMM fields.
  void use_variant(const std::string& variant);

  /// The trainer's settings with the common fields applied (not validated).
  [[nodiscard]] trainer::admm::Settings admm_settings() const;
  [[nodiscard]] trainer::BpttSettings bptt_settings() const;
  [[nodiscard]] trainer::readout::Settings readout_settings() const;

  /// ConfigError naming the field and value on the first bad setting (the method's settings
  /// included); `where` prefixes messages ("train", "run config").
  void validate(const std::string& where = "train") const;
};

/// The job as the run config's JSON ({"method", "hidden", ..., and the method's table keys}).
nlohmann::json train_to_json(const TrainJob& job);
/// Applies the "train" object of a run config onto `job` (absent keys keep their value). ConfigError
/// "run config: train.<key> ..." for unknown keys, wrong types, fractions, negatives and overflows.
/// A "variant" key applies that preset before the other keys.
void apply_train_json(TrainJob& job, const nlohmann::json& train);

}  // namespace spikeforge::pipeline

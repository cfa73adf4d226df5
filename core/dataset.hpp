// One entry point from a dataset name to spikes: every CLI command and trainer loads data here.
// Implementations live in core/datasets/*.cpp (readers) and core/encoders/*.cpp (encoders).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/spikes.hpp"

namespace spikeforge::core {

/// What to load and how to encode it. Validated by load_spikes() (ConfigError on bad values).
struct DatasetSpec {
  std::string name;               ///< "fashion-mnist" | "nmnist" | "shd" | "synthetic".
  std::string data_dir;           ///< "" = the default location (Debian package for Fashion-MNIST).
  std::string split = "train";    ///< "train" | "test".
  std::string encoding = "rate";  ///< "rate" | "latency" for images; event data is always binned.
  int steps = 25;                 ///< T, number of time steps.
  std::uint64_t seed = 1;         ///< Encoder / synthetic-task seed.
  std::size_t offset = 0;         ///< First sample of the split to take.
  std::size_t max_samples = 0;    ///< 0 = all remaining samples.
  double bin_us = 1000.0;         ///< Event binning width Δt in µs (N-MNIST, SHD).
  bool polarity_channels = true;  ///< N-MNIST: separate ON/OFF channels (2·34·34 inputs) or merge them.
  double latency_cutoff = 0.2;    ///< Latency encoding: pixels with value/255 <= cutoff never spike; [0, 1).
};
// What the fields mean per dataset (details in core/datasets/*.hpp and core/encoders/*.hpp):
//   fashion-mnist  784 inputs, 10 classes; encoding "rate" (seeded Bernoulli, p = pixel/255)
//                  or "latency" (one spike at round((1 − x)(T − 1)) for x > latency_cutoff).
//   nmnist         2312 inputs (1156 if !polarity_channels), 10 classes; events binned by bin_us.
//   shd            700 inputs, 20 classes; events binned by bin_us. bin_us is used as given: the
//                  recordings last ~1 s, so use DatasetInfo::default_bin_us (10000) with 100 steps.
//   synthetic      32 inputs, 4 classes; seed varies the jitter/noise, not the task.
// steps and bin_us are used as given for every dataset; DatasetInfo::default_steps and
// default_bin_us are the values a caller should fill in when the user gives none.

/// Loads `spec.split` of dataset `spec.name` and encodes it as spikes (T = spec.steps).
/// Throws InputError (missing/corrupt files; the message says how to install a missing dataset)
/// or ConfigError (unknown name, split, encoding, non-positive steps).
SpikeBatch load_spikes(const DatasetSpec& spec);

/// Sizes and balance of a dataset, without encoding it (reads only labels and headers).
/// Throws like load_spikes() (ConfigError for an unknown name, InputError for missing files).
struct DatasetInfo {
  std::string name;
  std::size_t train = 0;
  std::size_t test = 0;
  int features = 0;      ///< Input channels after encoding.
  int classes = 0;
  int default_steps = 0;
  double default_bin_us = 0.0;  ///< Event datasets' usual bin width (µs); 0 for image/synthetic data.
  std::vector<std::size_t> train_per_class;
  std::vector<std::size_t> test_per_class;
};
DatasetInfo describe_dataset(const std::string& name, const std::string& data_dir);

/// The dataset names load_spikes() accepts.
std::vector<std::string> dataset_names();

}  // namespace spikeforge::core

#include "core/dataset.hpp"

#include <cmath>

#include "core/datasets/fashion_mnist.hpp"
#include "core/datasets/nmnist.hpp"
#include "core/datasets/shd.hpp"
#include "core/datasets/synthetic.hpp"
#include "core/encoders/latency.hpp"
#include "core/encoders/rate.hpp"
#include "core/errors.hpp"

namespace spikeforge::core {
namespace {

std::string names_text() {
  std::string s;
  for (const std::string& n : dataset_names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void check_name(const std::string& name) {
  for (const std::string& n : dataset_names()) {
    if (n == name) return;
  }
  throw ConfigError("dataset: unknown dataset '" + name + "'; valid names: " + names_text());
}

void validate(const DatasetSpec& spec) {
  check_name(spec.name);
  if (spec.split != "train" && spec.split != "test") {
    throw ConfigError("dataset: split = '" + spec.split + "' must be 'train' or 'test'");
  }
  if (spec.encoding != "rate" && spec.encoding != "latency") {
    throw ConfigError("dataset: encoding = '" + spec.encoding + "' must be 'rate' or 'latency'");
  }
  if (spec.steps <= 0) throw ConfigError("dataset: steps = " + std::to_string(spec.steps) + " must be > 0");
  if (!(spec.bin_us > 0.0) || !std::isfinite(spec.bin_us)) {
    throw ConfigError("dataset: bin_us = " + std::to_string(spec.bin_us) + " must be a positive number of microseconds");
  }
  if (!(spec.latency_cutoff >= 0.0 && spec.latency_cutoff < 1.0)) {
    throw ConfigError("dataset: latency_cutoff = " + std::to_string(spec.latency_cutoff) + " must be in [0, 1)");
  }
}

std::vector<std::size_t> per_class(const std::vector<int>& labels, int classes) {
  std::vector<std::size_t> counts(static_cast<std::size_t>(classes), 0);
  for (int l : labels) ++counts[static_cast<std::size_t>(l)];
  return counts;
}

}  // namespace

std::vector<std::string> dataset_names() { return {"fashion-mnist", "nmnist", "shd", "synthetic"}; }

SpikeBatch load_spikes(const DatasetSpec& spec) {
  validate(spec);
  if (spec.name == "fashion-mnist") {
    const ImageSet images = load_fashion_mnist(spec.data_dir, spec.split, spec.offset, spec.max_samples);
    if (spec.encoding == "latency") return latency_encode(images, spec.steps, spec.latency_cutoff);
    return rate_encode(images, spec.steps, spec.seed, spec.split == "train" ? kRateStreamTrain : kRateStreamTest);
  }
  if (spec.name == "nmnist") {
    return load_nmnist(spec.data_dir, spec.split, spec.steps, spec.bin_us, spec.polarity_channels, spec.offset,
                       spec.max_samples);
  }
  if (spec.name == "shd") {
    return load_shd(spec.data_dir, spec.split, spec.steps, spec.bin_us, spec.offset, spec.max_samples);
  }
  return load_synthetic(spec.split, spec.steps, spec.seed, spec.offset, spec.max_samples);
}

DatasetInfo describe_dataset(const std::string& name, const std::string& data_dir) {
  check_name(name);
  DatasetInfo info;
  info.name = name;
  std::vector<int> train;
  std::vector<int> test;
  if (name == "fashion-mnist") {
    train = load_fashion_mnist_labels(data_dir, "train");
    test = load_fashion_mnist_labels(data_dir, "test");
    info.features = kFashionMnistSide * kFashionMnistSide;
    info.classes = kFashionMnistClasses;
    info.default_steps = 25;
  } else if (name == "nmnist") {
    train = list_nmnist(data_dir, "train").labels;
    test = list_nmnist(data_dir, "test").labels;
    info.features = nmnist_inputs(true);
    info.classes = kNmnistClasses;
    info.default_steps = 300;
    info.default_bin_us = 1000.0;
  } else if (name == "shd") {
    train = load_shd_labels(data_dir, "train");
    test = load_shd_labels(data_dir, "test");
    info.features = kShdChannels;
    info.classes = kShdClasses;
    info.default_steps = 100;
    info.default_bin_us = 10000.0;
  } else {
    train = synthetic_labels("train");
    test = synthetic_labels("test");
    info.features = kSyntheticInputs;
    info.classes = kSyntheticClasses;
    info.default_steps = kSyntheticDefaultSteps;
  }
  info.train = train.size();
  info.test = test.size();
  info.train_per_class = per_class(train, info.classes);
  info.test_per_class = per_class(test, info.classes);
  return info;
}

}  // namespace spikeforge::core

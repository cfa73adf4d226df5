#include "core/dataset.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/datasets/fashion_mnist.hpp"
#include "core/datasets/synthetic.hpp"
#include "core/errors.hpp"
#include "data_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge::core;
using spikeforge::test::TempDir;
namespace fx = spikeforge::test;
namespace fs = std::filesystem;

TEST_CASE("dataset: names and validation", "[dataset]") {
  CHECK(dataset_names() == std::vector<std::string>{"fashion-mnist", "nmnist", "shd", "synthetic"});
  DatasetSpec spec;
  spec.name = "cifar";
  CHECK_THROWS_WITH(load_spikes(spec), Catch::Contains("unknown dataset 'cifar'") &&
                                           Catch::Contains("fashion-mnist, nmnist, shd, synthetic"));
  CHECK_THROWS_AS(describe_dataset("cifar", ""), ConfigError);
  spec.name = "synthetic";
  spec.split = "valid";
  CHECK_THROWS_AS(load_spikes(spec), ConfigError);
  spec.split = "train";
  spec.encoding = "phase";
  CHECK_THROWS_AS(load_spikes(spec), ConfigError);
  spec.encoding = "rate";
  spec.steps = 0;
  CHECK_THROWS_WITH(load_spikes(spec), "dataset: steps = 0 must be > 0");
  spec.steps = 10;
  spec.bin_us = -1.0;
  CHECK_THROWS_AS(load_spikes(spec), ConfigError);
  spec.bin_us = 1000.0;
  spec.latency_cutoff = 1.0;
  CHECK_THROWS_AS(load_spikes(spec), ConfigError);
}

TEST_CASE("dataset: load_spikes dispatches to readers and encoders", "[dataset]") {
  TempDir dir;
  fx::write_fake_fashion(dir.path(), "train", 12);
  fx::write_fake_fashion(dir.path(), "t10k", 5);
  DatasetSpec spec;
  spec.name = "fashion-mnist";
  spec.data_dir = dir.path().string();
  spec.steps = 6;
  spec.seed = 3;
  const SpikeBatch rate = load_spikes(spec);
  CHECK(rate.size() == 12);
  CHECK(rate.inputs() == 784);
  CHECK(rate.steps() == 6);
  spec.offset = 4;
  spec.max_samples = 3;
  CHECK(load_spikes(spec) == rate.slice(4, 3));  // subset == slice (seeded per global index)
  spec.split = "test";
  CHECK_FALSE(load_spikes(spec).slice(0, 1) == rate.slice(4, 1));  // splits use distinct streams
  spec.encoding = "latency";
  const SpikeBatch lat = load_spikes(spec);
  CHECK(lat.size() == 1);  // offset 4 of 5 test images
  CHECK(lat.total_spikes() <= 784);

  DatasetSpec syn;
  syn.name = "synthetic";
  syn.steps = 40;
  syn.max_samples = 10;
  CHECK(load_spikes(syn) == load_synthetic("train", 40, 1, 0, 10));

  fs::create_directories(dir / "nm" / "Train" / "4");
  fx::write_bytes(dir / "nm" / "Train" / "4" / "a.bin", fx::nmnist_bytes({{2, 3, false, 2500}}));
  DatasetSpec nm;
  nm.name = "nmnist";
  nm.data_dir = (dir / "nm").string();
  nm.steps = 3;
  const SpikeBatch n = load_spikes(nm);
  REQUIRE(n.size() == 1);
  CHECK(n.label(0) == 4);
  CHECK(n.active(0, 2)[0] == 3 * 34 + 2);

  fx::write_fake_shd((dir / "shd_train.h5").string(), {{0.002F}}, {{5}}, {3});
  DatasetSpec shd;
  shd.name = "shd";
  shd.data_dir = dir.path().string();
  shd.steps = 3;
  const SpikeBatch s = load_spikes(shd);  // bin_us = 1000 as given: 2 ms -> step 2
  CHECK(s.active(0, 2)[0] == 5);
}

TEST_CASE("dataset: describe_dataset counts samples and classes", "[dataset]") {
  TempDir dir;
  fx::write_fake_fashion(dir.path(), "train", 25);
  fx::write_fake_fashion(dir.path(), "t10k", 10);
  const DatasetInfo fm = describe_dataset("fashion-mnist", dir.path().string());
  CHECK(fm.train == 25);
  CHECK(fm.test == 10);
  CHECK(fm.features == 784);
  CHECK(fm.classes == 10);
  CHECK(fm.default_steps == 25);
  CHECK(fm.train_per_class == std::vector<std::size_t>{3, 3, 3, 3, 3, 2, 2, 2, 2, 2});
  CHECK(fm.test_per_class == std::vector<std::size_t>(10, 1));

  const DatasetInfo syn = describe_dataset("synthetic", "");
  CHECK(syn.train == 2000);
  CHECK(syn.test == 500);
  CHECK(syn.features == 32);
  CHECK(syn.classes == 4);
  CHECK(syn.test_per_class == std::vector<std::size_t>(4, 125));

  fx::write_fake_shd((dir / "shd_train.h5").string(), {{}, {}}, {{}, {}}, {1, 19});
  fx::write_fake_shd((dir / "shd_test.h5").string(), {{}}, {{}}, {1});
  const DatasetInfo shd = describe_dataset("shd", dir.path().string());
  CHECK(shd.train == 2);
  CHECK(shd.features == 700);
  CHECK(shd.classes == 20);
  CHECK(shd.default_steps == 100);
  CHECK(shd.default_bin_us == 10000.0);
  CHECK(shd.train_per_class[19] == 1);

  CHECK_THROWS_WITH(describe_dataset("nmnist", ""), Catch::Contains("--data-dir"));
  CHECK_THROWS_WITH(describe_dataset("fashion-mnist", (dir / "none").string()),
                    Catch::Contains("apt-get install dataset-fashion-mnist"));
}

TEST_CASE("dataset: the installed Fashion-MNIST is described as 60000/10000/784/10", "[dataset][installed]") {
  if (!fs::exists(std::string(kFashionMnistDefaultDir) + "/train-labels-idx1-ubyte.gz")) {
    WARN("dataset-fashion-mnist not installed; skipped");
    return;
  }
  const DatasetInfo info = describe_dataset("fashion-mnist", "");
  CHECK(info.train == 60000);
  CHECK(info.test == 10000);
  CHECK(info.features == 784);
  CHECK(info.classes == 10);
  CHECK(info.train_per_class == std::vector<std::size_t>(10, 6000));
}

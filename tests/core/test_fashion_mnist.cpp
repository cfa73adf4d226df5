#include "core/datasets/fashion_mnist.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "data_fixtures.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge::core;
using spikeforge::test::TempDir;
namespace fx = spikeforge::test;

TEST_CASE("fashion-mnist: loads a split and sample ranges from gzip or plain files", "[fashion-mnist]") {
  for (const bool gz : {true, false}) {
    TempDir dir;
    fx::write_fake_fashion(dir.path(), "train", 23, gz);
    fx::write_fake_fashion(dir.path(), "t10k", 7, gz);
    const ImageSet train = load_fashion_mnist(dir.path().string(), "train");
    REQUIRE(train.size() == 23);
    CHECK(train.rows == 28);
    CHECK(train.cols == 28);
    CHECK(train.classes == 10);
    CHECK(train.features() == 784);
    CHECK(train.pixels == fx::fake_fashion_pixels(23));
    CHECK(train.labels[13] == 3);
    CHECK(load_fashion_mnist(dir.path().string(), "test").size() == 7);

    const ImageSet part = load_fashion_mnist(dir.path().string(), "train", 5, 4);
    REQUIRE(part.size() == 4);
    CHECK(part.first_index == 5);
    CHECK(part.labels == std::vector<int>{5, 6, 7, 8});
    CHECK(std::vector<std::uint8_t>(part.image(0).begin(), part.image(0).end()) ==
          std::vector<std::uint8_t>(train.image(5).begin(), train.image(5).end()));
    CHECK(load_fashion_mnist(dir.path().string(), "train", 20, 100).size() == 3);  // clipped
    CHECK_THROWS_AS(load_fashion_mnist(dir.path().string(), "train", 23), ConfigError);
    CHECK(load_fashion_mnist_labels(dir.path().string(), "test") == std::vector<int>{0, 1, 2, 3, 4, 5, 6});
  }
}

TEST_CASE("fashion-mnist: missing dataset says how to install it", "[fashion-mnist]") {
  TempDir dir;
  CHECK_THROWS_AS(load_fashion_mnist((dir / "nothing").string(), "train"), InputError);
  CHECK_THROWS_WITH(load_fashion_mnist((dir / "nothing").string(), "train"),
                    Catch::Contains("apt-get install dataset-fashion-mnist") && Catch::Contains("--data-dir"));
  fx::write_fake_fashion(dir.path(), "train", 3);
  std::filesystem::remove(dir / "train-labels-idx1-ubyte.gz");
  CHECK_THROWS_WITH(load_fashion_mnist_labels(dir.path().string(), "train"),
                    Catch::Contains("train-labels-idx1-ubyte"));
}

TEST_CASE("fashion-mnist: bad files are InputErrors naming the file", "[fashion-mnist]") {
  TempDir dir;
  const std::string d = dir.path().string();
  const std::string images = (dir / "train-images-idx3-ubyte.gz").string();
  const std::string labels = (dir / "train-labels-idx1-ubyte.gz").string();
  fx::write_fake_fashion(dir.path(), "train", 4);

  SECTION("wrong magic") {
    fx::write_gz(images, fx::idx_bytes(0x802, {4, 28, 28}, fx::fake_fashion_pixels(4)));
    CHECK_THROWS_WITH(load_fashion_mnist(d, "train"),
                      "fashion-mnist: " + images + ": wrong IDX magic 0x00000802, expected 0x00000803");
  }
  SECTION("wrong image size") {
    fx::write_gz(images, fx::idx_bytes(0x803, {4, 27, 29}, fx::fake_fashion_pixels(4)));
    CHECK_THROWS_WITH(load_fashion_mnist(d, "train"), Catch::Contains(images) && Catch::Contains("27 x 29"));
  }
  SECTION("image and label counts differ") {
    fx::write_gz(labels, fx::idx_bytes(0x801, {3}, {0, 1, 2}));
    CHECK_THROWS_WITH(load_fashion_mnist(d, "train"), Catch::Contains("4 images") && Catch::Contains("3 labels"));
  }
  SECTION("label out of range") {
    fx::write_gz(labels, fx::idx_bytes(0x801, {4}, {0, 1, 10, 2}));
    CHECK_THROWS_WITH(load_fashion_mnist(d, "train"),
                      Catch::Contains(labels) && Catch::Contains("label 10 of item 2"));
  }
  SECTION("truncated payload") {
    auto px = fx::fake_fashion_pixels(4);
    px.resize(px.size() - 100);
    fx::write_gz(images, fx::idx_bytes(0x803, {4, 28, 28}, px));
    CHECK_THROWS_WITH(load_fashion_mnist(d, "train"), Catch::Contains(images) && Catch::Contains("truncated"));
  }
  SECTION("truncated gzip") {
    fx::write_gz(images, fx::idx_bytes(0x803, {4, 28, 28}, fx::noise_bytes(4 * 784)), 1000);
    CHECK_THROWS_WITH(load_fashion_mnist(d, "train"), Catch::Contains(images) && Catch::Contains("gzip"));
  }
}

TEST_CASE("fashion-mnist: the installed dataset loads completely and fast", "[fashion-mnist][installed]") {
  if (!std::filesystem::exists(std::string(kFashionMnistDefaultDir) + "/train-images-idx3-ubyte.gz")) {
    WARN("dataset-fashion-mnist not installed; skipped");
    return;
  }
  const ImageSet test = load_fashion_mnist("", "test");
  CHECK(test.size() == 10000);
  CHECK(test.pixels.size() == 10000U * 784U);
  CHECK(load_fashion_mnist_labels("", "train").size() == 60000);
}

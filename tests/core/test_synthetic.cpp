#include "core/datasets/synthetic.hpp"

#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"

using namespace spikeforge::core;

namespace {

// Nearest-centroid test accuracy on features computed per sample by `feature` (dims entries).
template <class F>
double nearest_centroid_accuracy(const SpikeBatch& train, const SpikeBatch& test, std::size_t dims, F feature) {
  const auto classes = static_cast<std::size_t>(train.classes());
  std::vector<std::vector<double>> centroid(classes, std::vector<double>(dims, 0.0));
  std::vector<double> n(classes, 0.0);
  std::vector<double> f(dims);
  for (std::size_t s = 0; s < train.size(); ++s) {
    feature(train, s, f);
    const auto c = static_cast<std::size_t>(train.label(s));
    for (std::size_t k = 0; k < dims; ++k) centroid[c][k] += f[k];
    n[c] += 1.0;
  }
  for (std::size_t c = 0; c < classes; ++c) {
    for (double& v : centroid[c]) v /= n[c];
  }
  std::size_t correct = 0;
  for (std::size_t s = 0; s < test.size(); ++s) {
    feature(test, s, f);
    std::size_t best = 0;
    double best_d = 1e300;
    for (std::size_t c = 0; c < classes; ++c) {
      double d = 0.0;
      for (std::size_t k = 0; k < dims; ++k) d += (f[k] - centroid[c][k]) * (f[k] - centroid[c][k]);
      if (d < best_d) {
        best_d = d;
        best = c;
      }
    }
    correct += best == static_cast<std::size_t>(test.label(s)) ? 1 : 0;
  }
  return static_cast<double>(correct) / static_cast<double>(test.size());
}

}  // namespace

TEST_CASE("synthetic: sizes, balance and templates", "[synthetic]") {
  CHECK(synthetic_size("train") == 2000);
  CHECK(synthetic_size("test") == 500);
  CHECK_THROWS_AS(synthetic_size("valid"), ConfigError);
  const std::vector<int> labels = synthetic_labels("train");
  std::vector<int> count(4, 0);
  for (int l : labels) ++count[static_cast<std::size_t>(l)];
  CHECK(count == std::vector<int>{500, 500, 500, 500});
  CHECK(labels != std::vector<int>(labels.size(), labels[0]));
  CHECK_FALSE((labels[0] == 0 && labels[1] == 1 && labels[2] == 2 && labels[3] == 3));  // shuffled
  for (int c = 0; c < 4; ++c) {
    for (int steps : {3, 40, 200}) {
      const auto tpl = synthetic_template(c, steps);
      REQUIRE(tpl.size() == 32);
      for (std::size_t i = 0; i < tpl.size(); ++i) {
        CHECK(tpl[i].channel == i);  // every input fires exactly once
        CHECK(tpl[i].step >= 1);     // room for the -1 jitter
        CHECK(tpl[i].step <= steps - 2);
      }
    }
  }
  CHECK(synthetic_template(0, 40) != synthetic_template(1, 40));
}

TEST_CASE("synthetic: deterministic per seed, and subsets equal slices", "[synthetic]") {
  const SpikeBatch all = load_synthetic("test", 20, 5);
  CHECK(all.size() == 500);
  CHECK(all.inputs() == 32);
  CHECK(all.classes() == 4);
  CHECK(all == load_synthetic("test", 20, 5));
  CHECK_FALSE(all == load_synthetic("test", 20, 6));
  CHECK(load_synthetic("test", 20, 5, 100, 50) == all.slice(100, 50));
  CHECK(load_synthetic("test", 20, 6).labels() == all.labels());  // the task does not depend on the seed
  CHECK_THROWS_AS(load_synthetic("test", 20, 5, 500), ConfigError);
  CHECK_THROWS_AS(load_synthetic("test", 0, 5), ConfigError);
}

TEST_CASE("synthetic: learnable from timing, not from spike counts", "[synthetic]") {
  constexpr int kSteps = 40;
  const SpikeBatch train = load_synthetic("train", kSteps, 1);
  const SpikeBatch test = load_synthetic("test", kSteps, 1);
  const auto counts = [](const SpikeBatch& b, std::size_t s, std::vector<double>& f) {
    std::fill(f.begin(), f.end(), 0.0);
    for (int t = 0; t < b.steps(); ++t) {
      for (std::uint32_t i : b.active(s, t)) f[i] += 1.0;
    }
  };
  const auto raster = [](const SpikeBatch& b, std::size_t s, std::vector<double>& f) {
    std::fill(f.begin(), f.end(), 0.0);
    for (int t = 0; t < b.steps(); ++t) {
      for (std::uint32_t i : b.active(s, t)) f[i * static_cast<std::size_t>(b.steps()) + static_cast<std::size_t>(t)] = 1.0;
    }
  };
  // Chance is 0.25; with counts carrying no class information a count classifier stays near it
  // (0.40 leaves room for sampling noise on 500 test samples, std ≈ 0.02).
  constexpr double kCountCeiling = 0.40;
  // A plain template matcher on the raster should be essentially perfect (jitter ±1, 5% drops).
  constexpr double kTimingFloor = 0.97;
  const double by_counts = nearest_centroid_accuracy(train, test, 32, counts);
  const double by_timing = nearest_centroid_accuracy(train, test, 32 * kSteps, raster);
  CHECK(by_counts < kCountCeiling);
  CHECK(by_timing > kTimingFloor);
}

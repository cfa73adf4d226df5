// Sparsity projection (trainer/projection.hpp): keep_largest_per_row against a sort-based twin,
// the composition with a grid is idempotent and keeps at most K nonzeros per neuron, bad K is a
// ConfigError naming the field, and the default ADMM method trains under the fan-in limit.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/projection.hpp"

using namespace spikeforge;

namespace {

Eigen::MatrixXf random_matrix(int rows, int cols, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> n(0.0F, 1.0F);
  return Eigen::MatrixXf::NullaryExpr(rows, cols, [&] { return n(rng); });
}

/// Twin: sort each row's magnitudes, keep every entry at least as large as the K-th.
Eigen::MatrixXf keep_largest_twin(const Eigen::MatrixXf& w, int k) {
  Eigen::MatrixXf out = Eigen::MatrixXf::Zero(w.rows(), w.cols());
  for (Eigen::Index r = 0; r < w.rows(); ++r) {
    std::vector<float> mags;
    for (Eigen::Index c = 0; c < w.cols(); ++c) mags.push_back(std::abs(w(r, c)));
    std::sort(mags.rbegin(), mags.rend());
    const float kth = mags[static_cast<std::size_t>(k - 1)];
    for (Eigen::Index c = 0; c < w.cols(); ++c)
      if (std::abs(w(r, c)) >= kth) out(r, c) = w(r, c);
  }
  return out;
}

constexpr float kStep = 0.125F;  // toy grid: multiples of 1/8, exact in float

trainer::WeightProjection toy_grid() {
  trainer::WeightProjection p;
  p.project = [](std::size_t, Eigen::MatrixXf& w, Eigen::VectorXf& b) {
    w = (w / kStep).array().round() * kStep;
    b = (b / kStep).array().round() * kStep;
  };
  return p;
}

}  // namespace

TEST_CASE("keep_largest_per_row equals the sort-based twin", "[projection][sparsity]") {
  for (const int k : {1, 3, 7, 12}) {
    Eigen::MatrixXf w = random_matrix(6, 12, static_cast<std::uint64_t>(k));  // no ties among normal draws
    const Eigen::MatrixXf expected = keep_largest_twin(w, k);
    trainer::keep_largest_per_row(w, k);
    CHECK(w == expected);
    CHECK(trainer::nonzeros_per_neuron(w).max == k);
    CHECK(trainer::nonzeros_per_neuron(w).mean == Approx(k));
  }
  // Ties go to the lower column.
  Eigen::MatrixXf tie(1, 4);
  tie << 1.0F, -2.0F, 2.0F, 0.5F;
  trainer::keep_largest_per_row(tie, 1);
  CHECK(tie(0, 1) == -2.0F);
  CHECK(tie(0, 2) == 0.0F);
}

TEST_CASE("max_fan_in composed with a grid: at most K nonzeros, idempotent; K < 1 is a ConfigError", "[projection][sparsity]") {
  const trainer::WeightProjection p = trainer::with_max_fan_in(toy_grid(), 4);
  Eigen::MatrixXf w = random_matrix(5, 20, 9);
  Eigen::VectorXf b = Eigen::VectorXf::Constant(5, 0.3F);
  p.project(0, w, b);
  CHECK(trainer::nonzeros_per_neuron(w).max <= 4);
  Eigen::MatrixXf w2 = w;
  Eigen::VectorXf b2 = b;
  p.project(0, w2, b2);
  CHECK(w2 == w);
  CHECK(b2 == b);
  CHECK_THROWS_WITH(trainer::with_max_fan_in(toy_grid(), 0), Catch::Contains("max_fan_in = 0"));
  Eigen::MatrixXf m = random_matrix(2, 3, 1);
  CHECK_THROWS_AS(trainer::keep_largest_per_row(m, -1), core::ConfigError);
}

TEST_CASE("grouped fan-in: each group of neurons keeps the K inputs that lose the least (brute force)", "[projection][sparsity]") {
  // 7 neurons in groups of 3 (3, 3, 1), 6 inputs, K = 2: every group's best column pair by
  // enumeration of all 15 pairs (the residual ||W − X||² of the rows outside the pair).
  constexpr int kRows = 7, kCols = 6, kK = 2, kGroup = 3;
  for (std::uint64_t seed : {21U, 22U, 23U}) {
    const Eigen::MatrixXf w = random_matrix(kRows, kCols, seed);
    Eigen::MatrixXf got = w;
    trainer::keep_largest_per_row(got, kK, kGroup);
    for (int r0 = 0; r0 < kRows; r0 += kGroup) {
      const int rows = std::min(kGroup, kRows - r0);
      double best = 1e300;
      Eigen::MatrixXf want;
      for (int a = 0; a < kCols; ++a) {
        for (int b = a + 1; b < kCols; ++b) {
          Eigen::MatrixXf x = Eigen::MatrixXf::Zero(rows, kCols);
          x.col(a) = w.block(r0, a, rows, 1);
          x.col(b) = w.block(r0, b, rows, 1);
          const double loss = static_cast<double>((w.middleRows(r0, rows) - x).squaredNorm());
          if (loss < best) {
            best = loss;
            want = x;
          }
        }
      }
      INFO("seed " << seed << " group at row " << r0);
      CHECK(got.middleRows(r0, rows) == want);
      // The group shares one support of at most K inputs.
      const Eigen::Index used = (got.middleRows(r0, rows).cwiseAbs().colwise().sum().array() > 0.0F).count();
      CHECK(used <= kK);
    }
  }
  // G = 1 is the per-neuron projection.
  const Eigen::MatrixXf w = random_matrix(5, 9, 24);
  Eigen::MatrixXf one = w;
  Eigen::MatrixXf plain = w;
  trainer::keep_largest_per_row(one, 3, 1);
  trainer::keep_largest_per_row(plain, 3);
  CHECK(one == plain);
  Eigen::MatrixXf m = w;
  CHECK_THROWS_WITH(trainer::keep_largest_per_row(m, 3, 0), Catch::Contains("fan_in_group = 0"));
}

TEST_CASE("the default ADMM method trains under a fan-in limit", "[projection][sparsity][train]") {
  core::DatasetSpec spec;
  spec.name = "fashion-mnist";
  spec.steps = 8;
  spec.max_samples = 300;
  const auto data = core::load_spikes(spec);
  trainer::admm::Settings s = trainer::admm::Settings::improved();
  s.hidden = {16};
  s.iterations = 4;
  trainer::FineTune ft;
  ft.projection = trainer::with_max_fan_in({}, 32);  // sparsity only: 32 of 784 inputs per hidden neuron
  const auto r = trainer::admm::train(s, data, nullptr, {}, {}, trainer::local_reducer(), {}, ft);
  CHECK(trainer::nonzeros_per_neuron(r.net.layers[0].weights).max <= 32);
  CHECK(trainer::nonzeros_per_neuron(r.net.layers[0].weights).max > 0);
  CHECK(r.history.back().metrics.at("grid_train_acc") > 0.3);  // chance is 0.1
}

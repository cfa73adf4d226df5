// Sparse-input kernels of ADMM's first layer against their dense reference twins.
#include <catch2/catch.hpp>

#include "trainer/admm/input.hpp"
#include "trainer/admm_fixtures.hpp"

using namespace spikeforge;

namespace {
// Float sums of ≤ 10² terms of O(1) values in different orders.
constexpr float kSumTol = 1e-4F;
}  // namespace

TEST_CASE("input_product matches W times the dense step matrix", "[admm][input]") {
  const auto x = test::random_batch(9, 3, 11, 2, 0.3, 41);
  Eigen::MatrixXf w = Eigen::MatrixXf::Random(5, 11);
  for (int t = 0; t < 3; ++t) {
    Eigen::MatrixXf fast, ref;
    trainer::admm::input_product(x, t, w, fast);
    trainer::admm::input_product_reference(x, t, w, ref);
    CHECK((fast - ref).cwiseAbs().maxCoeff() < kSumTol);
  }
}

TEST_CASE("input_cross accumulates P x_t^T", "[admm][input]") {
  const auto x = test::random_batch(9, 3, 11, 2, 0.3, 42);
  Eigen::MatrixXf p = Eigen::MatrixXf::Random(5, 9);
  Eigen::MatrixXf fast = Eigen::MatrixXf::Ones(5, 11), ref = Eigen::MatrixXf::Ones(5, 11);
  for (int t = 0; t < 3; ++t) {
    trainer::admm::input_cross(x, t, p, fast);
    trainer::admm::input_cross_reference(x, t, p, ref);
  }
  CHECK((fast - ref).cwiseAbs().maxCoeff() < kSumTol);
}

TEST_CASE("input_gram counts co-activations exactly", "[admm][input]") {
  const auto x = test::random_batch(13, 4, 9, 2, 0.4, 43);
  const Eigen::MatrixXd fast = trainer::admm::input_gram(x);
  const Eigen::MatrixXd ref = trainer::admm::input_gram_reference(x);
  CHECK(fast == ref);
  CHECK(fast.trace() == static_cast<double>(x.total_spikes()));
}

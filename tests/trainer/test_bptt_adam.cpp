// Tests of trainer/bptt/adam.cpp against hand-computed Adam steps.
#include <catch2/catch.hpp>

#include <cmath>

#include "trainer/bptt/adam.hpp"

using namespace spikeforge::trainer::bptt;

namespace {
// The update is computed in float; the hand computation in double. Relative float round-off of a
// few operations: 1e-6 of the step size.
constexpr double kFloatTolerance = 1e-6;
}  // namespace

TEST_CASE("bptt adam: two steps match the formulas, biases frozen on request", "[bptt]") {
  Model<float> m;
  m.weights = {Model<float>::Matrix::Constant(2, 3, 0.5F)};
  m.biases = {Model<float>::Vector::Constant(2, -1.0F)};
  Grads<float> g;
  g.weights = {Model<float>::Matrix::Zero(2, 3)};
  g.weights[0] << 0.1F, -2.0F, 0.0F, 3.0F, 1e-3F, -0.5F;
  g.biases = {Model<float>::Vector::Constant(2, 0.7F)};
  const AdamSettings s{0.01F, 0.9F, 0.999F, 1e-8F};
  AdamState st;
  st.init(m);
  adam_step(s, st, m, g, false);
  CHECK(st.step == 1);
  // Step 1: m̂ = g, v̂ = g², so p ← p − lr·g/(|g| + ε).
  for (Eigen::Index i = 0; i < 6; ++i) {
    const double gi = static_cast<double>(g.weights[0].data()[i]);
    const double expect = 0.5 - 0.01 * gi / (std::abs(gi) + 1e-8);
    CHECK(std::abs(static_cast<double>(m.weights[0].data()[i]) - expect) <= kFloatTolerance);
  }
  CHECK(m.biases[0](0) == -1.0F);  // frozen
  // Step 2 with gradient 2g, by the formulas in double.
  const Model<float>::Matrix before = m.weights[0];
  g.weights[0] *= 2.0F;
  adam_step(s, st, m, g, true);
  for (Eigen::Index i = 0; i < 6; ++i) {
    const double g1 = static_cast<double>(g.weights[0].data()[i]) / 2.0;
    const double g2 = 2.0 * g1;
    const double m2 = 0.9 * 0.1 * g1 + 0.1 * g2;
    const double v2 = 0.999 * 0.001 * g1 * g1 + 0.001 * g2 * g2;
    const double mh = m2 / (1.0 - 0.81);
    const double vh = v2 / (1.0 - 0.999 * 0.999);
    const double expect = static_cast<double>(before.data()[i]) - 0.01 * mh / (std::sqrt(vh) + 1e-8);
    CHECK(std::abs(static_cast<double>(m.weights[0].data()[i]) - expect) <= kFloatTolerance);
  }
  // Biases: first step of their own moments (m, v were zero): b ← b − lr·g/(|g|·√((1−β2)/(1−β2²))... )
  CHECK(m.biases[0](0) < -1.0F);
}

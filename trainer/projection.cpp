// Sparsity projection (trainer/projection.hpp).
#include "trainer/projection.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>
#include <vector>

#include "core/errors.hpp"

namespace spikeforge::trainer {
namespace {

void check_fan_in(int max_fan_in) {
  if (max_fan_in < 1) throw core::ConfigError("projection: max_fan_in = " + std::to_string(max_fan_in) + " must be >= 1");
}

}  // namespace

void keep_largest_per_row(Eigen::MatrixXf& w, int max_fan_in) {
  check_fan_in(max_fan_in);
  const auto k = static_cast<Eigen::Index>(max_fan_in);
  if (k >= w.cols()) return;
  std::vector<Eigen::Index> order(static_cast<std::size_t>(w.cols()));
  for (Eigen::Index r = 0; r < w.rows(); ++r) {
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    // The first k of the order (|w| descending, then column ascending) stay.
    std::nth_element(order.begin(), order.begin() + k, order.end(), [&](Eigen::Index a, Eigen::Index b) {
      const float wa = std::abs(w(r, a));
      const float wb = std::abs(w(r, b));
      return wa != wb ? wa > wb : a < b;
    });
    for (auto it = order.begin() + k; it != order.end(); ++it) w(r, *it) = 0.0F;
  }
}

WeightProjection with_max_fan_in(WeightProjection inner, int max_fan_in) {
  check_fan_in(max_fan_in);
  WeightProjection p;
  p.project = [inner = std::move(inner), max_fan_in](std::size_t layer, Eigen::MatrixXf& w, Eigen::VectorXf& bias) {
    keep_largest_per_row(w, max_fan_in);
    if (inner.enabled()) inner.project(layer, w, bias);
  };
  return p;
}

FanIn nonzeros_per_neuron(const Eigen::MatrixXf& w) {
  FanIn f;
  if (w.rows() == 0) return f;
  double total = 0.0;
  for (Eigen::Index r = 0; r < w.rows(); ++r) {
    const Eigen::Index n = (w.row(r).array() != 0.0F).count();
    f.max = std::max(f.max, n);
    total += static_cast<double>(n);
  }
  f.mean = total / static_cast<double>(w.rows());
  return f;
}

}  // namespace spikeforge::trainer

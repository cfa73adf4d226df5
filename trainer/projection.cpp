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

void keep_largest_per_row(Eigen::MatrixXf& w, int max_fan_in, int group) {
  check_fan_in(max_fan_in);
  if (group < 1) throw core::ConfigError("projection: fan_in_group = " + std::to_string(group) + " must be >= 1");
  const auto k = static_cast<Eigen::Index>(max_fan_in);
  if (k >= w.cols()) return;
  std::vector<Eigen::Index> order(static_cast<std::size_t>(w.cols()));
  std::vector<double> score(static_cast<std::size_t>(w.cols()));
  for (Eigen::Index r0 = 0; r0 < w.rows(); r0 += group) {
    const Eigen::Index rows = std::min<Eigen::Index>(group, w.rows() - r0);
    // A column's score: |w| for one row, Σ w² over the group's rows otherwise (same order for G = 1).
    for (Eigen::Index c = 0; c < w.cols(); ++c) {
      double s = 0.0;
      for (Eigen::Index r = r0; r < r0 + rows; ++r) s += static_cast<double>(w(r, c)) * static_cast<double>(w(r, c));
      score[static_cast<std::size_t>(c)] = s;
    }
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    // The first k of the order (score descending, then column ascending) stay.
    std::nth_element(order.begin(), order.begin() + k, order.end(), [&](Eigen::Index a, Eigen::Index b) {
      const double sa = score[static_cast<std::size_t>(a)];
      const double sb = score[static_cast<std::size_t>(b)];
      return sa != sb ? sa > sb : a < b;
    });
    for (auto it = order.begin() + k; it != order.end(); ++it) w.block(r0, *it, rows, 1).setZero();
  }
}

WeightProjection with_max_fan_in(WeightProjection inner, int max_fan_in, int group) {
  check_fan_in(max_fan_in);
  if (group < 1) throw core::ConfigError("projection: fan_in_group = " + std::to_string(group) + " must be >= 1");
  WeightProjection p;
  p.project = [inner = std::move(inner), max_fan_in, group](std::size_t layer, Eigen::MatrixXf& w, Eigen::VectorXf& bias) {
    keep_largest_per_row(w, max_fan_in, group);
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

#include "trainer/admm/input.hpp"

#include <algorithm>

#include <omp.h>

namespace spikeforge::trainer::admm {
namespace {

/// [begin, end) of part `k` of `parts` equal slices of n.
std::pair<Eigen::Index, Eigen::Index> slice(Eigen::Index n, int k, int parts) {
  return {n * k / parts, n * (k + 1) / parts};
}

}  // namespace

void input_product(const core::SpikeBatch& x, int t, const Eigen::MatrixXf& w, Eigen::MatrixXf& out) {
  const auto n = static_cast<Eigen::Index>(x.size());
  out.resize(w.rows(), n);
#pragma omp parallel for schedule(static)
  for (Eigen::Index c = 0; c < n; ++c) {
    auto col = out.col(c);
    col.setZero();
    for (const auto j : x.active(static_cast<std::size_t>(c), t)) col += w.col(static_cast<Eigen::Index>(j));
  }
}

void input_cross(const core::SpikeBatch& x, int t, const Eigen::MatrixXf& p, Eigen::MatrixXf& acc) {
  const auto n = static_cast<Eigen::Index>(x.size());
  const Eigen::Index rows = p.rows();
#pragma omp parallel
  {
    const int parts = omp_get_num_threads();
    const auto [r0, r1] = slice(rows, omp_get_thread_num(), parts);
    if (r1 > r0) {
      for (Eigen::Index c = 0; c < n; ++c) {
        const auto src = p.col(c).segment(r0, r1 - r0);
        for (const auto j : x.active(static_cast<std::size_t>(c), t))
          acc.col(static_cast<Eigen::Index>(j)).segment(r0, r1 - r0) += src;
      }
    }
  }
}

Eigen::MatrixXd input_gram(const core::SpikeBatch& x) {
  const Eigen::Index m = x.inputs();
  // Integer counts in int64: exact for any data size.
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> g = Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>::Zero(m, m);
#pragma omp parallel
  {
    const int parts = omp_get_num_threads();
    const auto [c0, c1] = slice(m, omp_get_thread_num(), parts);
    for (std::size_t s = 0; s < x.size(); ++s) {
      for (int t = 0; t < x.steps(); ++t) {
        const auto act = x.active(s, t);
        for (const auto i : act) {
          const auto ci = static_cast<Eigen::Index>(i);
          if (ci < c0 || ci >= c1) continue;
          std::int64_t* col = g.col(ci).data();
          for (const auto j : act) ++col[j];
        }
      }
    }
  }
  return g.cast<double>();
}

namespace {
Eigen::MatrixXf dense_step(const core::SpikeBatch& x, int t) {
  Eigen::MatrixXf d;
  x.dense_step(t, 0, x.size(), d);
  return d;
}
}  // namespace

void input_product_reference(const core::SpikeBatch& x, int t, const Eigen::MatrixXf& w, Eigen::MatrixXf& out) {
  out = w * dense_step(x, t);
}

void input_cross_reference(const core::SpikeBatch& x, int t, const Eigen::MatrixXf& p, Eigen::MatrixXf& acc) {
  acc += p * dense_step(x, t).transpose();
}

Eigen::MatrixXd input_gram_reference(const core::SpikeBatch& x) {
  Eigen::MatrixXd g = Eigen::MatrixXd::Zero(x.inputs(), x.inputs());
  for (int t = 0; t < x.steps(); ++t) {
    const Eigen::MatrixXd d = dense_step(x, t).cast<double>();
    g += d * d.transpose();
  }
  return g;
}

}  // namespace spikeforge::trainer::admm

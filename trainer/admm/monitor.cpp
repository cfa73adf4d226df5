#include "trainer/admm/monitor.hpp"

#include <cmath>
#include <vector>

#include "trainer/admm/blocks.hpp"

namespace spikeforge::trainer::admm {
namespace {

double squared_norm(const Matrix& m) { return m.cast<double>().squaredNorm(); }

double spike_mismatch(const Problem& p, const Matrix& a, const Matrix& z) {
  return (a.cast<double>().array() - (z.array() > p.theta).cast<double>()).matrix().squaredNorm();
}

}  // namespace

double augmented_lagrangian(const Settings& s, const Problem& p, const State& st) {
  const std::size_t H = st.hidden_layers();
  const int T = p.steps();
  double constraints = 0.0;
  double spikes = 0.0;
  for (std::size_t l = 0; l <= H; ++l)
    for (int t = 0; t < T; ++t) {
      constraints += squared_norm(residual(p, st, l, t));
      if (l < H) spikes += spike_mismatch(p, st.a[l][static_cast<std::size_t>(t)], st.z[l][static_cast<std::size_t>(t)]);
    }
  const Matrix& zT = st.z[H][static_cast<std::size_t>(T - 1)];
  const double loss = squared_norm(zT - p.y);
  const double dual = st.lambda.cast<double>().cwiseProduct(residual(p, st, H, T - 1).cast<double>()).sum();
  double sums[4] = {constraints, spikes, loss, dual};  // over this rank's samples → over all ranks
  p.reduce().sum(sums, 4);
  double ridge = 0.0;  // weights are the same on every rank: not summed
  for (const auto& w : st.w) ridge += squared_norm(w);
  return sums[2] + sums[3] + 0.5 * st.rho * sums[0] + 0.5 * st.beta * sums[1] + 0.5 * st.rho * s.gamma * ridge;
}

std::map<std::string, double> residual_metrics(const Settings& s, const Problem& p, const State& st) {
  std::map<std::string, double> m;
  const std::size_t H = st.hidden_layers();
  const int T = p.steps();
  const double n = p.total_samples();
  // Sums over this rank's samples: per layer (dyn, spk), then loss and primal; summed over ranks at once.
  std::vector<double> sums(2 * (H + 1) + 2, 0.0);
  for (std::size_t l = 0; l <= H; ++l) {
    double dyn = 0.0;
    double spk = 0.0;
    for (int t = 0; t < T; ++t) {
      dyn += squared_norm(residual(p, st, l, t));
      if (l < H) spk += spike_mismatch(p, st.a[l][static_cast<std::size_t>(t)], st.z[l][static_cast<std::size_t>(t)]);
    }
    sums[2 * l] = dyn;
    sums[2 * l + 1] = spk;
  }
  const Matrix& zT = st.z[H][static_cast<std::size_t>(T - 1)];
  sums[2 * (H + 1)] = squared_norm(zT - p.y);
  sums[2 * (H + 1) + 1] = squared_norm(residual(p, st, H, T - 1));
  p.reduce().sum(sums.data(), sums.size());
  for (std::size_t l = 0; l <= H; ++l) {
    const double cells = n * T * static_cast<double>(st.z[l].front().rows());
    const std::string k = std::to_string(l + 1);
    m["dyn_res_l" + k] = std::sqrt(sums[2 * l] / cells);
    if (l < H) m["spike_res_l" + k] = std::sqrt(sums[2 * l + 1] / cells);
  }
  m["loss"] = sums[2 * (H + 1)] / n;
  m["primal_res"] = std::sqrt(sums[2 * (H + 1) + 1] / (n * static_cast<double>(zT.rows())));
  m["lagrangian"] = augmented_lagrangian(s, p, st) / n;
  return m;
}

}  // namespace spikeforge::trainer::admm

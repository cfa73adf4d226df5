#include "trainer/bptt/reference.hpp"

#include <cmath>
#include <vector>

namespace spikeforge::trainer::bptt {

namespace {
using Vec = std::vector<double>;
}  // namespace

double reference_sample_grad(const Model<double>& model, const KernelOptions& options, const Eigen::MatrixXd& input,
                             int label, double grad_scale, Grads<double>& grads, int* prediction) {
  const std::size_t L = model.depth();
  const auto T = static_cast<int>(input.rows());
  const double k = options.surrogate_slope;
  auto n_of = [&](std::size_t layer) {  // neurons of layer `layer` (0 = input)
    return static_cast<std::size_t>(layer == 0 ? model.weights[0].cols() : model.weights[layer - 1].rows());
  };
  // s[l][t][j] (l = 0: input), v[l][t][j] for l = 1..L.
  std::vector<std::vector<Vec>> s(L + 1, std::vector<Vec>(static_cast<std::size_t>(T)));
  std::vector<std::vector<Vec>> v(L + 1, std::vector<Vec>(static_cast<std::size_t>(T)));
  for (int t = 0; t < T; ++t) {
    const auto tu = static_cast<std::size_t>(t);
    s[0][tu].resize(n_of(0));
    for (std::size_t i = 0; i < n_of(0); ++i) s[0][tu][i] = input(t, static_cast<Eigen::Index>(i));
    for (std::size_t l = 1; l <= L; ++l) {
      const auto& W = model.weights[l - 1];
      const double d = model.leak[l - 1];
      const double th = model.v_thresh[l - 1];
      const bool subtract = model.reset[l - 1] == core::ResetMode::subtract;
      v[l][tu].assign(n_of(l), 0.0);
      s[l][tu].assign(n_of(l), 0.0);
      for (std::size_t j = 0; j < n_of(l); ++j) {
        double i = model.biases[l - 1](static_cast<Eigen::Index>(j));
        for (std::size_t q = 0; q < n_of(l - 1); ++q) {
          i += W(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(q)) * s[l - 1][tu][q];
        }
        const double v_prev = t > 0 ? v[l][tu - 1][j] : 0.0;
        const double s_prev = t > 0 ? s[l][tu - 1][j] : 0.0;
        if (l == L) {
          v[l][tu][j] = d * v_prev + i;
        } else {
          v[l][tu][j] = subtract ? d * v_prev + i - th * s_prev : d * (1.0 - s_prev) * v_prev + i;
          s[l][tu][j] = spike_value(options.spike, v[l][tu][j], th, k);
        }
      }
    }
  }
  // Spike budget: λ × this sample's mean hidden firing rate (hidden layers 1..L-1).
  double hidden_neurons = 0.0;
  double hidden_spikes = 0.0;
  for (std::size_t l = 1; l < L; ++l) {
    hidden_neurons += static_cast<double>(n_of(l));
    for (int t = 0; t < T; ++t) {
      for (double x : s[l][static_cast<std::size_t>(t)]) hidden_spikes += x;
    }
  }
  const double budget_units = hidden_neurons * static_cast<double>(T);
  const double spike_grad = budget_units > 0.0 ? options.spike_budget / budget_units : 0.0;
  // Loss on v_{L,T}.
  const Vec& out = v[L][static_cast<std::size_t>(T - 1)];
  const std::size_t K = out.size();
  std::size_t best = 0;
  for (std::size_t c = 1; c < K; ++c) {
    if (out[c] > out[best]) best = c;
  }
  if (prediction != nullptr) *prediction = static_cast<int>(best);
  Vec dout(K);
  double loss = 0.0;
  const auto y = static_cast<std::size_t>(label);
  if (options.loss == Loss::cross_entropy) {
    double z = 0.0;
    for (std::size_t c = 0; c < K; ++c) z += std::exp(out[c] - out[best]);
    loss = out[best] + std::log(z) - out[y];
    for (std::size_t c = 0; c < K; ++c) dout[c] = std::exp(out[c] - out[best]) / z - (c == y ? 1.0 : 0.0);
  } else {
    for (std::size_t c = 0; c < K; ++c) {
      dout[c] = out[c] - (c == y ? 1.0 : 0.0);
      loss += 0.5 * dout[c] * dout[c];
    }
  }
  loss += spike_grad * hidden_spikes;
  // Backward, time outer: nu[l] holds ν_{l,t+1} while step t is processed.
  std::vector<Vec> nu_next(L + 1);
  for (std::size_t l = 1; l <= L; ++l) nu_next[l].assign(n_of(l), 0.0);
  for (int t = T - 1; t >= 0; --t) {
    const auto tu = static_cast<std::size_t>(t);
    Vec up;  // dLoss/ds_{l,t} from the layer above
    for (std::size_t l = L; l >= 1; --l) {
      const double d = model.leak[l - 1];
      const double th = model.v_thresh[l - 1];
      const bool subtract = model.reset[l - 1] == core::ResetMode::subtract;
      Vec nu(n_of(l), 0.0);
      for (std::size_t j = 0; j < n_of(l); ++j) {
        if (l == L) {
          nu[j] = (t == T - 1 ? dout[j] : 0.0) + d * nu_next[l][j];
          continue;
        }
        double eps = up[j] + spike_grad;
        if (!options.detach_reset) eps += subtract ? -th * nu_next[l][j] : -d * v[l][tu][j] * nu_next[l][j];
        const double x = std::abs(v[l][tu][j] - th);
        const double sg = 1.0 / ((k * x + 1.0) * (k * x + 1.0));
        nu[j] = eps * sg + (subtract ? d : d * (1.0 - s[l][tu][j])) * nu_next[l][j];
      }
      auto& gW = grads.weights[l - 1];
      Vec up_below(n_of(l - 1), 0.0);
      for (std::size_t j = 0; j < n_of(l); ++j) {
        grads.biases[l - 1](static_cast<Eigen::Index>(j)) += grad_scale * nu[j];
        for (std::size_t q = 0; q < n_of(l - 1); ++q) {
          gW(static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(q)) += grad_scale * nu[j] * s[l - 1][tu][q];
          up_below[q] += model.weights[l - 1](static_cast<Eigen::Index>(j), static_cast<Eigen::Index>(q)) * nu[j];
        }
      }
      nu_next[l] = nu;
      up = up_below;
    }
  }
  return loss;
}

}  // namespace spikeforge::trainer::bptt

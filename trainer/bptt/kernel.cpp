#include "trainer/bptt/kernel.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/errors.hpp"

namespace spikeforge::trainer::bptt {

namespace {

/// argmax over a column, ties -> lowest index.
template <typename Derived>
int argmax_column(const Eigen::MatrixBase<Derived>& col) {
  int best = 0;
  for (Eigen::Index k = 1; k < col.size(); ++k) {
    if (col(k) > col(best)) best = static_cast<int>(k);
  }
  return best;
}

}  // namespace

template <typename Scalar>
Model<Scalar> model_from_network(const core::FloatNetwork& net) {
  net.validate();
  if (net.layers.back().neuron.spiking) {
    throw core::ConfigError("bptt: the output layer must be a non-spiking integrator (readout v_{L,T})");
  }
  Model<Scalar> m;
  for (const core::Layer& l : net.layers) {
    m.weights.push_back(l.weights.template cast<Scalar>());
    m.biases.push_back(l.bias.template cast<Scalar>());
    m.leak.push_back(static_cast<Scalar>(l.neuron.leak));
    m.v_thresh.push_back(static_cast<Scalar>(l.neuron.v_thresh));
    m.reset.push_back(l.neuron.reset);
  }
  return m;
}

void store_model(const Model<float>& model, core::FloatNetwork& net) {
  if (net.layers.size() != model.depth()) throw core::ConfigError("bptt: model and network depths differ");
  for (std::size_t l = 0; l < model.depth(); ++l) {
    net.layers[l].weights = model.weights[l];
    net.layers[l].bias = model.biases[l];
  }
}

template <typename Scalar>
void load_inputs(const core::SpikeBatch& batch, std::span<const std::size_t> samples, Tape<Scalar>& tape) {
  const int T = batch.steps();
  const auto N = static_cast<Eigen::Index>(samples.size());
  tape.steps = T;
  tape.samples = N;
  tape.spikes.resize(1);
  auto& x = tape.spikes[0];
  x.setZero(batch.inputs(), static_cast<Eigen::Index>(T) * N);
  for (Eigen::Index n = 0; n < N; ++n) {
    for (int t = 0; t < T; ++t) {
      const Eigen::Index col = static_cast<Eigen::Index>(t) * N + n;
      for (std::uint32_t i : batch.active(samples[static_cast<std::size_t>(n)], t)) {
        x(static_cast<Eigen::Index>(i), col) = Scalar(1);
      }
    }
  }
}

template <typename Scalar>
void forward(const Model<Scalar>& model, const KernelOptions& options, Tape<Scalar>& tape) {
  using Matrix = typename Model<Scalar>::Matrix;
  using Vector = typename Model<Scalar>::Vector;
  const std::size_t L = model.depth();
  const int T = tape.steps;
  const Eigen::Index N = tape.samples;
  const auto slope = static_cast<Scalar>(options.surrogate_slope);
  tape.spikes.resize(L);
  tape.potentials.resize(L);
  for (std::size_t l = 1; l < L; ++l) {
    Matrix& V = tape.potentials[l];
    Matrix& S = tape.spikes[l];
    V.noalias() = model.weights[l - 1] * tape.spikes[l - 1];  // i_t for every t, in place of v_t
    V.colwise() += model.biases[l - 1];
    S.resize(V.rows(), V.cols());
    const Scalar d = model.leak[l - 1];
    const Scalar th = model.v_thresh[l - 1];
    const bool subtract = model.reset[l - 1] == core::ResetMode::subtract;
    const Eigen::Index n_l = V.rows();
#pragma omp parallel for num_threads(options.threads) schedule(static)
    for (Eigen::Index n = 0; n < N; ++n) {
      Vector v = Vector::Zero(n_l);
      Vector s = Vector::Zero(n_l);
      for (int t = 0; t < T; ++t) {
        const Eigen::Index col = static_cast<Eigen::Index>(t) * N + n;
        for (Eigen::Index j = 0; j < n_l; ++j) {
          const Scalar i = V(j, col);
          const Scalar vt = subtract ? d * v(j) + i - th * s(j) : d * (Scalar(1) - s(j)) * v(j) + i;
          const Scalar st = spike_value(options.spike, vt, th, slope);
          V(j, col) = vt;
          S(j, col) = st;
          v(j) = vt;
          s(j) = st;
        }
      }
    }
  }
  Matrix I = model.weights[L - 1] * tape.spikes[L - 1];
  I.colwise() += model.biases[L - 1];
  const Scalar d = model.leak[L - 1];
  tape.output.setZero(I.rows(), N);
  for (int t = 0; t < T; ++t) {
    tape.output = d * tape.output + I.middleCols(static_cast<Eigen::Index>(t) * N, N);
  }
}

template <typename Scalar>
LossStats output_loss(const typename Model<Scalar>::Matrix& output, std::span<const int> labels, Loss loss,
                      double grad_scale, typename Model<Scalar>::Matrix* grad) {
  if (static_cast<std::size_t>(output.cols()) != labels.size()) {
    throw core::ConfigError("bptt: " + std::to_string(labels.size()) + " labels for " +
                            std::to_string(output.cols()) + " outputs");
  }
  const Eigen::Index K = output.rows();
  if (grad != nullptr) grad->resize(K, output.cols());
  LossStats stats;
  Eigen::VectorXd v(K);
  Eigen::VectorXd g(K);
  for (Eigen::Index n = 0; n < output.cols(); ++n) {
    v = output.col(n).template cast<double>();
    const int y = labels[static_cast<std::size_t>(n)];
    if (y < 0 || y >= K) throw core::ConfigError("bptt: label " + std::to_string(y) + " outside the output layer");
    if (argmax_column(output.col(n)) == y) ++stats.correct;
    if (loss == Loss::cross_entropy) {
      const double mx = v.maxCoeff();
      g = (v.array() - mx).exp().matrix();
      const double z = g.sum();
      stats.loss_sum += mx + std::log(z) - v(y);
      g /= z;
      g(y) -= 1.0;
    } else {
      g = v;
      g(y) -= 1.0;
      stats.loss_sum += 0.5 * g.squaredNorm();
    }
    if (grad != nullptr) grad->col(n) = (g * grad_scale).template cast<Scalar>();
  }
  return stats;
}

template <typename Scalar>
HiddenActivity hidden_activity(const KernelOptions& options, const Tape<Scalar>& tape) {
  HiddenActivity a;
  const double steps_samples = static_cast<double>(tape.steps) * static_cast<double>(tape.samples);
  double hidden = 0.0;
  double total = 0.0;
  for (std::size_t l = 1; l < tape.spikes.size(); ++l) {  // hidden layers
    const auto& S = tape.spikes[l];
    const double sum = static_cast<double>(S.template cast<double>().sum());
    a.spikes.push_back(sum);
    a.rates.push_back(steps_samples > 0.0 ? sum / (static_cast<double>(S.rows()) * steps_samples) : 0.0);
    hidden += static_cast<double>(S.rows());
    total += sum;
  }
  a.rate = hidden > 0.0 && steps_samples > 0.0 ? total / (hidden * steps_samples) : 0.0;
  a.penalty = options.spike_budget * a.rate;
  return a;
}

template <typename Scalar>
void backward(const Model<Scalar>& model, const KernelOptions& options, const Tape<Scalar>& tape,
              const typename Model<Scalar>::Matrix& grad_output, Grads<Scalar>& grads) {
  using Matrix = typename Model<Scalar>::Matrix;
  using Vector = typename Model<Scalar>::Vector;
  const std::size_t L = model.depth();
  const int T = tape.steps;
  const Eigen::Index N = tape.samples;
  const auto slope = static_cast<Scalar>(options.surrogate_slope);
  grads.weights.resize(L);
  grads.biases.resize(L);
  // Spike budget: d(λ Σ s / (N·T·H))/ds, the same for every hidden spike.
  Eigen::Index hidden = 0;
  for (std::size_t l = 1; l < L; ++l) hidden += model.weights[l - 1].rows();
  const double budget_units = static_cast<double>(N) * static_cast<double>(T) * static_cast<double>(hidden);
  const auto spike_grad =
      static_cast<Scalar>(options.spike_budget > 0.0 && budget_units > 0.0 ? options.spike_budget / budget_units : 0.0);

  // Output integrator: ν_{L,t} = δ_L^{T-t} dLoss/dv_{L,T}.
  Matrix nu(grad_output.rows(), static_cast<Eigen::Index>(T) * N);
  {
    const Scalar d = model.leak[L - 1];
    Scalar power = Scalar(1);
    for (int t = T - 1; t >= 0; --t) {
      nu.middleCols(static_cast<Eigen::Index>(t) * N, N) = power * grad_output;
      power *= d;
    }
  }
  grads.weights[L - 1].noalias() = nu * tape.spikes[L - 1].transpose();
  grads.biases[L - 1] = nu.rowwise().sum();

  for (std::size_t l = L - 1; l >= 1; --l) {
    Matrix up = model.weights[l].transpose() * nu;  // ε_t from the layer above, becomes ν_t in place
    const Matrix& V = tape.potentials[l];
    const Matrix& S = tape.spikes[l];
    const Scalar d = model.leak[l - 1];
    const Scalar th = model.v_thresh[l - 1];
    const bool subtract = model.reset[l - 1] == core::ResetMode::subtract;
    const Scalar keep_reset = options.detach_reset ? Scalar(0) : Scalar(1);
    const Eigen::Index n_l = up.rows();
#pragma omp parallel for num_threads(options.threads) schedule(static)
    for (Eigen::Index n = 0; n < N; ++n) {
      Vector next = Vector::Zero(n_l);  // ν_{t+1}
      for (int t = T - 1; t >= 0; --t) {
        const Eigen::Index col = static_cast<Eigen::Index>(t) * N + n;
        for (Eigen::Index j = 0; j < n_l; ++j) {
          const Scalar v = V(j, col);
          const Scalar s = S(j, col);
          const Scalar eps = up(j, col) + spike_grad + keep_reset * (subtract ? -th * next(j) : -d * v * next(j));
          const Scalar leak_path = subtract ? d * next(j) : d * (Scalar(1) - s) * next(j);
          const Scalar nu_t = eps * surrogate_grad(v, th, slope) + leak_path;
          up(j, col) = nu_t;
          next(j) = nu_t;
        }
      }
    }
    grads.weights[l - 1].noalias() = up * tape.spikes[l - 1].transpose();
    grads.biases[l - 1] = up.rowwise().sum();
    nu.swap(up);
  }
}

std::vector<int> predict(const Model<float>& model, const KernelOptions& options, const core::SpikeBatch& batch,
                         std::size_t chunk) {
  if (chunk == 0) throw core::ConfigError("bptt: predict chunk must be > 0");
  std::vector<int> out(batch.size());
  Tape<float> tape;
  std::vector<std::size_t> idx;
  for (std::size_t first = 0; first < batch.size(); first += chunk) {
    const std::size_t count = std::min(chunk, batch.size() - first);
    idx.resize(count);
    for (std::size_t k = 0; k < count; ++k) idx[k] = first + k;
    load_inputs(batch, idx, tape);
    forward(model, options, tape);
    for (std::size_t k = 0; k < count; ++k) out[first + k] = argmax_column(tape.output.col(static_cast<Eigen::Index>(k)));
  }
  return out;
}

#define SPIKEFORGE_BPTT_INSTANTIATE(S)                                                                              \
  template Model<S> model_from_network<S>(const core::FloatNetwork&);                                                 \
  template void load_inputs<S>(const core::SpikeBatch&, std::span<const std::size_t>, Tape<S>&);                       \
  template void forward<S>(const Model<S>&, const KernelOptions&, Tape<S>&);                                           \
  template LossStats output_loss<S>(const Model<S>::Matrix&, std::span<const int>, Loss, double, Model<S>::Matrix*);  \
  template HiddenActivity hidden_activity<S>(const KernelOptions&, const Tape<S>&);                                 \
  template void backward<S>(const Model<S>&, const KernelOptions&, const Tape<S>&, const Model<S>::Matrix&, Grads<S>&);
SPIKEFORGE_BPTT_INSTANTIATE(float)
SPIKEFORGE_BPTT_INSTANTIATE(double)
#undef SPIKEFORGE_BPTT_INSTANTIATE

}  // namespace spikeforge::trainer::bptt

#include "trainer/bptt/adam.hpp"

#include <cmath>

namespace spikeforge::trainer::bptt {

void AdamState::init(const Model<float>& model) {
  step = 0;
  m_weights.clear();
  v_weights.clear();
  m_biases.clear();
  v_biases.clear();
  for (std::size_t l = 0; l < model.depth(); ++l) {
    m_weights.push_back(Model<float>::Matrix::Zero(model.weights[l].rows(), model.weights[l].cols()));
    v_weights.push_back(m_weights.back());
    m_biases.push_back(Model<float>::Vector::Zero(model.biases[l].size()));
    v_biases.push_back(m_biases.back());
  }
}

namespace {

template <typename P>
void update(const AdamSettings& s, float c1, float c2, Eigen::MatrixBase<P>& p, const Eigen::MatrixBase<P>& g,
            Eigen::MatrixBase<P>& m, Eigen::MatrixBase<P>& v) {
  m.array() = s.beta1 * m.array() + (1.0F - s.beta1) * g.array();
  v.array() = s.beta2 * v.array() + (1.0F - s.beta2) * g.array().square();
  p.array() -= s.lr * (m.array() / c1) / ((v.array() / c2).sqrt() + s.eps);
}

}  // namespace

void adam_step(const AdamSettings& settings, AdamState& state, Model<float>& model, const Grads<float>& grads,
               bool update_biases) {
  ++state.step;
  const auto k = static_cast<double>(state.step);
  const auto c1 = static_cast<float>(1.0 - std::pow(static_cast<double>(settings.beta1), k));
  const auto c2 = static_cast<float>(1.0 - std::pow(static_cast<double>(settings.beta2), k));
  for (std::size_t l = 0; l < model.depth(); ++l) {
    update(settings, c1, c2, model.weights[l], grads.weights[l], state.m_weights[l], state.v_weights[l]);
    if (update_biases) update(settings, c1, c2, model.biases[l], grads.biases[l], state.m_biases[l], state.v_biases[l]);
  }
}

}  // namespace spikeforge::trainer::bptt

// Adam optimizer (Kingma & Ba) over a BPTT model's weights and biases, element-wise, in float:
//   m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²;   p ← p − lr · m̂ / (√v̂ + ε)
//   with m̂ = m / (1 − β1^k), v̂ = v / (1 − β2^k), k = number of steps taken (1, 2, ...).
// Deterministic: no reductions, the same arithmetic for every element.
#pragma once
#include <cstdint>
#include <vector>

#include "trainer/bptt/kernel.hpp"

namespace spikeforge::trainer::bptt {

struct AdamSettings {
  float lr = 1e-3F;       ///< Step size, > 0 (units of the parameters).
  float beta1 = 0.9F;     ///< First-moment decay, in [0, 1).
  float beta2 = 0.999F;   ///< Second-moment decay, in [0, 1).
  float eps = 1e-8F;      ///< Denominator floor, > 0.
};

/// Moments and step count; shapes follow the model (init() sets them to zero).
struct AdamState {
  std::int64_t step = 0;
  std::vector<Model<float>::Matrix> m_weights, v_weights;
  std::vector<Model<float>::Vector> m_biases, v_biases;

  /// Zero moments shaped like `model`, step = 0.
  void init(const Model<float>& model);
};

/// One Adam step on `model` with gradients `grads`. Biases are updated only if `update_biases`.
void adam_step(const AdamSettings& settings, AdamState& state, Model<float>& model, const Grads<float>& grads,
               bool update_biases);

}  // namespace spikeforge::trainer::bptt

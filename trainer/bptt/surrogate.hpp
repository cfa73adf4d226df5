// Spike nonlinearity of the BPTT trainer and its surrogate derivative ("fast sigmoid").
//
// Forward (training and inference):  s = H(v − θ) = 1 if v > θ else 0   (strict >, docs/architecture.md)
// Backward (surrogate):               ds/dv ≈ 1 / (k·|v − θ| + 1)²       k = surrogate slope [1/v]
// Test-only smooth forward:           s = 1/2 + (v − θ) / (1 + k·|v − θ|)
//   whose exact derivative IS the surrogate above, so finite differences of the smooth model
//   check the analytic backward pass (tests/trainer/test_bptt_kernel.cpp).
#pragma once
#include <cmath>

namespace spikeforge::trainer::bptt {

/// Which forward spike function the kernel uses. `smooth` exists only for gradient tests.
enum class SpikeFn { heaviside, smooth };

/// Surrogate derivative ds/dv at potential v (threshold θ, slope k > 0). Dimension: 1/[v].
template <typename Scalar>
inline Scalar surrogate_grad(Scalar v, Scalar v_thresh, Scalar slope) {
  const Scalar d = slope * std::abs(v - v_thresh) + Scalar(1);
  return Scalar(1) / (d * d);
}

/// Forward spike value at potential v.
template <typename Scalar>
inline Scalar spike_value(SpikeFn fn, Scalar v, Scalar v_thresh, Scalar slope) {
  if (fn == SpikeFn::heaviside) return v > v_thresh ? Scalar(1) : Scalar(0);
  const Scalar x = v - v_thresh;
  return Scalar(0.5) + x / (Scalar(1) + slope * std::abs(x));
}

}  // namespace spikeforge::trainer::bptt

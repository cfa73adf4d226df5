#include "quantizer/dense.hpp"

#include <algorithm>
#include <limits>
#include <string>

#include "core/errors.hpp"

namespace spikeforge::quantizer {

int dense_truncation_bits(int num_weight_bits, SignMode mode) {
  if (num_weight_bits < 1 || num_weight_bits > 8) {
    throw core::ConfigError("dense: num_weight_bits = " + std::to_string(num_weight_bits) + " is outside [1, 8]");
  }
  return 8 - num_weight_bits + (mode == SignMode::mixed ? 1 : 0);
}

std::int32_t dense_clip(std::int32_t w, SignMode mode) {
  switch (mode) {
    case SignMode::mixed: return std::clamp<std::int32_t>(w, -256, 255);
    case SignMode::excitatory: return std::clamp<std::int32_t>(w, 0, 255);
    case SignMode::inhibitory: return std::clamp<std::int32_t>(w, -255, 0);
  }
  return w;
}

std::int32_t dense_effective_weight(std::int32_t w, int num_weight_bits, SignMode mode) {
  const int k = dense_truncation_bits(num_weight_bits, mode);
  const std::int32_t c = dense_clip(w, mode);
  // Arithmetic right shift of a negative value floors (C++20 defines >> on negatives as arithmetic).
  if (mode == SignMode::inhibitory) return -(((-c) >> k) * (std::int32_t{1} << k));
  return (c >> k) * (std::int32_t{1} << k);
}

std::int32_t dense_weight_top(int num_weight_bits, SignMode mode) {
  const int k = dense_truncation_bits(num_weight_bits, mode);
  return (255 >> k) << k;
}

SignMode infer_sign_mode(const Eigen::Ref<const Eigen::MatrixXi>& weights) {
  if (weights.size() == 0 || weights.minCoeff() >= 0) return SignMode::excitatory;
  if (weights.maxCoeff() <= 0) return SignMode::inhibitory;
  return SignMode::mixed;
}

WeightMatrix dense_prepare(const Eigen::Ref<const Eigen::MatrixXi>& weights, int num_weight_bits, SignMode mode) {
  WeightMatrix out(weights.rows(), weights.cols());
  for (Eigen::Index c = 0; c < weights.cols(); ++c) {
    for (Eigen::Index r = 0; r < weights.rows(); ++r) {
      const std::int32_t w = dense_effective_weight(weights(r, c), num_weight_bits, mode);
      if (w < std::numeric_limits<std::int16_t>::min() || w > std::numeric_limits<std::int16_t>::max()) {
        throw core::ConfigError("dense: effective weight " + std::to_string(w) + " does not fit int16");
      }
      out(r, c) = static_cast<std::int16_t>(w);
    }
  }
  return out;
}

}  // namespace spikeforge::quantizer

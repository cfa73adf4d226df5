// Lava's Dense weight preparation and input shift (docs/fixed-point.md, "Dense").
//
// Once, before the first step, each integer weight is clipped by sign mode (MIXED [−256, 255],
// EXCITATORY [0, 255], INHIBITORY [−255, 0]) and its k = 8 − num_weight_bits (+1 for MIXED) low
// bits are dropped with an arithmetic shift (MIXED floors negatives: −3 → −4; INHIBITORY shifts
// −w and negates back: −5 → −4 for k = 2). Each step the accumulated input is shifted by
// weight_exp (left if ≥ 0, arithmetic right if < 0).
#pragma once
#include <cstdint>

#include <Eigen/Core>

#include "quantizer/fixed_network.hpp"

namespace spikeforge::quantizer {

/// k: the number of low bits dropped for (num_weight_bits ∈ [1, 8], mode).
int dense_truncation_bits(int num_weight_bits, SignMode mode);

/// Clips `w` to the sign mode's range (no truncation).
std::int32_t dense_clip(std::int32_t w, SignMode mode);

/// Clip then truncate: the weight the chip actually holds.
std::int32_t dense_effective_weight(std::int32_t w, int num_weight_bits, SignMode mode);

/// Largest magnitude a weight can have after clip + truncation on the positive side of
/// MIXED/EXCITATORY or the negative side of INHIBITORY (e.g. 254 for MIXED 8 bits, 255 for
/// EXCITATORY 8 bits).
std::int32_t dense_weight_top(int num_weight_bits, SignMode mode);

/// Lava's inference of the sign mode from a whole matrix: all ≥ 0 → EXCITATORY, all ≤ 0 →
/// INHIBITORY, else MIXED (an all-zero matrix is EXCITATORY).
SignMode infer_sign_mode(const Eigen::Ref<const Eigen::MatrixXi>& weights);

/// Applies dense_effective_weight to every entry. ConfigError if a result does not fit int16
/// (cannot happen for valid num_weight_bits).
WeightMatrix dense_prepare(const Eigen::Ref<const Eigen::MatrixXi>& weights, int num_weight_bits, SignMode mode);

/// a = acc << weight_exp (weight_exp ≥ 0) or acc >> −weight_exp (arithmetic, floors).
inline std::int64_t dense_shift(std::int64_t acc, int weight_exp) {
  // Left shift as multiplication: well defined for negative acc.
  return weight_exp >= 0 ? acc * (std::int64_t{1} << weight_exp) : (acc >> -weight_exp);
}

}  // namespace spikeforge::quantizer

// The chip's fixed-point arithmetic in one place: the widths, scalings and rounding rules of the
// Loihi-family neuron (what Lava's bit-accurate LIF and Dense compute), as named constants and small
// constexpr functions. Every rule, with its formula, is in docs/fixed-point.md; the golden model
// (quantizer/golden.cpp), the mapping, the weight grid and the exporters use these names instead of
// literals. The plain reference twin (quantizer/golden_reference.cpp) deliberately does not: it
// re-derives the rules from their text as an independent check.
//
// Units: "state units" are the units of u and v; a synaptic input a (weight units) enters u as
// a << 6, a threshold mantissa vth is compared as vth << 6, a bias bias_mant << bias_exp is added to
// v directly (already in state units).
#pragma once
#include <algorithm>
#include <cmath>
#include <cstdint>

namespace spikeforge::quantizer {

// ---- Decays (du, dv) -------------------------------------------------------------------------
inline constexpr int kDecayBits = 12;                              ///< du, dv are 12-bit unsigned.
inline constexpr std::int64_t kDecayUnity = std::int64_t{1} << kDecayBits;  ///< 4096: decays are x/4096.
inline constexpr int kDecayMax = (1 << kDecayBits) - 1;            ///< 4095: largest du, dv.
inline constexpr int kCurrentDecayOffset = 1;  ///< u keeps 4096 − (du + 1): Loihi's fixed +1 (du = 0 still decays by 1/4096).
inline constexpr int kDuNoCurrent = kDecayMax;  ///< du = 4095 clears u every step (u' = a << 6): no current state.
inline constexpr int kDvNoLeak = 0;             ///< dv = 0 keeps v undecayed.

// ---- State scaling -----------------------------------------------------------------------------
inline constexpr int kStateShift = 6;  ///< Synaptic input and threshold are MSB-aligned by 6 bits: a << 6, vth << 6.
inline constexpr std::int64_t kStateScale = std::int64_t{1} << kStateShift;  ///< 64 state units per weight unit.

// ---- State widths ------------------------------------------------------------------------------
inline constexpr int kStateBits = 24;  ///< u and v are 24-bit signed.
inline constexpr std::int64_t kWrapHigh = std::int64_t{1} << (kStateBits - 1);  ///< 2^23: u' > 2^23 wraps down, u' ≤ −2^23 up.
inline constexpr std::int64_t kWrapSpan = std::int64_t{1} << kStateBits;        ///< 2^24: the size of one wrap.
inline constexpr std::int64_t kStateMax = kWrapHigh - 1;  ///< 2^23 − 1: v saturates to ±kStateMax.
/// Largest worst-case one-step input |a| (weight units) for which Loihi's single wrap keeps u in
/// (−2^23, 2^23] whatever u and du were: |trunc12(u·keep)| < 2^23 and |a << 6| ≤ 2^24, so one wrap
/// suffices and every intermediate stays below 2^31 (the golden model, the RTL core and Lava's
/// int32 arithmetic then agree). A net.q.json is checked against it on load (quantizer/profile_check.hpp).
inline constexpr std::int64_t kInputMaxSingleWrap = kWrapSpan / kStateScale;  ///< 2^18.
/// Largest one-step input |a| the mapping allows, so that u never wraps at all: |a << 6| < 2^23.
inline constexpr std::int64_t kInputMaxNoWrap = kWrapHigh / kStateScale;      ///< 2^17 (exclusive).

// ---- Format ranges of spikeforge.fixed/1 (Loihi widths; a profile may be narrower) ------------
inline constexpr int kWeightBitsMax = 8;                       ///< num_weight_bits ∈ [1, 8].
inline constexpr int kWeightMin = -256, kWeightMax = 255;      ///< Effective weights (8 bits + sign for MIXED).
inline constexpr int kWeightExpMin = -8, kWeightExpMax = 7;    ///< weight_exp (Loihi 2's Dense range).
inline constexpr int kVthBits = 17;                            ///< Threshold mantissa width (unsigned).
inline constexpr std::int32_t kVthMax = (1 << kVthBits) - 1;   ///< vth ∈ [0, 2^17 − 1].
inline constexpr int kBiasMantBits = 13;                       ///< bias_mant is 13-bit signed.
inline constexpr std::int32_t kBiasMantMin = -(1 << (kBiasMantBits - 1)), kBiasMantMax = (1 << (kBiasMantBits - 1)) - 1;
inline constexpr int kBiasExpBits = 3;                         ///< bias_exp is 3-bit unsigned.
inline constexpr int kBiasExpMin = 0, kBiasExpMax = (1 << kBiasExpBits) - 1;

// ---- Rules -------------------------------------------------------------------------------------

/// x / 4096 rounded toward zero (the decays' truncation: sign(x) · (|x| >> 12)).
constexpr std::int64_t trunc12(std::int64_t x) { return x >= 0 ? (x >> kDecayBits) : -((-x) >> kDecayBits); }

/// The factor u keeps per step: 4096 − (du + 1).
constexpr std::int64_t current_keep(int du) { return kDecayUnity - (static_cast<std::int64_t>(du) + kCurrentDecayOffset); }
/// The factor v keeps per step: 4096 − dv.
constexpr std::int64_t voltage_keep(int dv) { return kDecayUnity - static_cast<std::int64_t>(dv); }

/// Decayed current trunc12(u · (4096 − (du + 1))).
constexpr std::int64_t decay_current(std::int64_t u, int du) { return trunc12(u * current_keep(du)); }
/// Decayed voltage trunc12(v · (4096 − dv)).
constexpr std::int64_t decay_voltage(std::int64_t v, int dv) { return trunc12(v * voltage_keep(dv)); }

/// A synaptic input (weight units) in state units: a << 6 (as a product: defined for negative a).
constexpr std::int64_t input_to_state(std::int64_t a) { return a * kStateScale; }
/// A threshold mantissa in state units: vth << 6.
constexpr std::int64_t threshold_to_state(std::int64_t vth) { return vth * kStateScale; }
/// The bias added to v each step: bias_mant · 2^bias_exp (bias_exp ≥ 0; not scaled by 64).
constexpr std::int64_t bias_value(std::int64_t bias_mant, int bias_exp) {
  return bias_mant * (std::int64_t{1} << bias_exp);
}

/// Loihi's single 24-bit wrap of u: > 2^23 → −2^24, ≤ −2^23 → +2^24, applied once (so +2^23 stays
/// and −2^23 becomes +2^23).
constexpr std::int64_t wrap24(std::int64_t u) {
  if (u > kWrapHigh) return u - kWrapSpan;
  if (u <= -kWrapHigh) return u + kWrapSpan;
  return u;
}
/// v's 24-bit saturation to [−(2^23 − 1), 2^23 − 1].
constexpr std::int64_t sat24(std::int64_t v) { return std::clamp(v, -kStateMax, kStateMax); }

/// A float leak δ (v ← δ·v per step) as the nearest dv = round(4096 (1 − δ)), clamped to [0, 4095].
inline int leak_to_dv(double leak) {
  return static_cast<int>(std::clamp(std::nearbyint(static_cast<double>(kDecayUnity) * (1.0 - leak)), 0.0,
                                     static_cast<double>(kDecayMax)));
}
/// The leak a dv stands for, before trunc12: 1 − dv/4096.
constexpr double dv_to_leak(int dv) { return 1.0 - static_cast<double>(dv) / static_cast<double>(kDecayUnity); }
/// The per-step current decay a du stands for, before trunc12: α = 1 − (du + 1)/4096 (0 for du = 4095).
constexpr double du_to_current_decay(int du) {
  return 1.0 - static_cast<double>(du + kCurrentDecayOffset) / static_cast<double>(kDecayUnity);
}

}  // namespace spikeforge::quantizer

#include "export/netx_dense.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "quantizer/dense.hpp"
#include "quantizer/fixed_point.hpp"
#include "quantizer/profile.hpp"

namespace spikeforge::exporter {
namespace {

using quantizer::SignMode;

constexpr int kNetxMixedMax = 254;  // netx clips a MIXED matrix to [−256, 254] before scaling

std::string at(Eigen::Index r, Eigen::Index c) { return "weights[" + std::to_string(r) + "," + std::to_string(c) + "]"; }

// Lava's Dense: clip by sign mode, drop k low bits (k may be 0 when netx asks for 9 bits).
std::int64_t lava_dense_weight(std::int64_t w, int num_weight_bits, SignMode mode) {
  const int k = quantizer::kWeightBitsMax - num_weight_bits + (mode == SignMode::mixed ? 1 : 0);
  const std::int64_t c = quantizer::dense_clip(static_cast<std::int32_t>(std::clamp<std::int64_t>(w, INT32_MIN, INT32_MAX)), mode);
  if (mode == SignMode::inhibitory) return -(((-c) >> k) << k);
  return (c >> k) * (std::int64_t{1} << k);
}

}  // namespace

double NetxDense::effective(Eigen::Index r, Eigen::Index c) const { return std::ldexp(static_cast<double>(weights(r, c)), -shift); }

NetxDense netx_dense(const Eigen::MatrixXi& stored) {
  NetxDense d;
  d.weights = stored;
  if (stored.size() == 0) return d;
  const auto note = [&](Eigen::Index r, Eigen::Index c, const std::string& why) {
    ++d.changed;
    if (d.first_change.empty()) d.first_change = at(r, c) + " = " + std::to_string(stored(r, c)) + " " + why;
  };
  int mx = stored.maxCoeff();
  int mn = stored.minCoeff();
  if (mx == 0 && mn == 0) {
    d.changed = stored.size();
    d.loadable = false;
    d.first_change = "every weight is 0: lava-dl's weight optimizer divides by the largest weight, netx cannot load it";
    return d;
  }
  // Step 1: netx's sign mode, and its clip of a MIXED matrix.
  Eigen::MatrixXi w = stored;
  const SignMode netx_mode = mx < 0 ? SignMode::inhibitory : mn >= 0 ? SignMode::excitatory : SignMode::mixed;
  const int is_signed = netx_mode == SignMode::mixed ? 1 : 0;
  if (netx_mode == SignMode::mixed) {
    w = w.cwiseMax(quantizer::kWeightMin).cwiseMin(kNetxMixedMax);
    mx = w.maxCoeff();
    mn = w.minCoeff();
  }
  // Step 2: scale up by s bits; num_weight_bits from the shared trailing zeros.
  double scale = 0.0;
  if (netx_mode == SignMode::mixed) {
    const double pos = mx > 0 ? 127.0 / mx : std::numeric_limits<double>::infinity();
    const double neg = mn < 0 ? -128.0 / mn : std::numeric_limits<double>::infinity();
    scale = std::min(pos, neg);
  } else if (netx_mode == SignMode::inhibitory) {
    scale = -256.0 / mn;
  } else {
    scale = 255.0 / mx;
  }
  const int s = static_cast<int>(std::floor(std::log2(scale))) + is_signed;
  int n = 8;
  while (n > 0 && (w.array() - (w.array() / (1 << n)) * (1 << n) != 0).any()) --n;  // C++ % semantics: 0 iff divisible
  n -= is_signed;
  d.shift = s;
  d.num_weight_bits = quantizer::kWeightBitsMax - s - n;
  if (s < 0) {
    // Only for weights beyond Loihi's 8-bit range (EXCITATORY > 255, INHIBITORY < −256).
    d.changed = stored.size();
    d.loadable = false;
    d.first_change = "the matrix lies beyond netx's 8-bit range: lava-dl's optimizer would shift by " + std::to_string(s) + " bits";
    return d;
  }
  Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic> shifted = w.cast<std::int64_t>() * (std::int64_t{1} << s);
  // Step 3: Lava's Dense infers its sign mode from the shifted matrix, clips and truncates.
  const std::int64_t smax = shifted.maxCoeff();
  const std::int64_t smin = shifted.minCoeff();
  d.sign_mode = smin >= 0 ? SignMode::excitatory : smax <= 0 ? SignMode::inhibitory : SignMode::mixed;
  const int k = quantizer::kWeightBitsMax - d.num_weight_bits + (d.sign_mode == SignMode::mixed ? 1 : 0);
  if (k < 0) {
    // netx asked for 9 bits (its MIXED, odd weights) but the Dense reads the matrix as one-signed
    // (e.g. [[0, −255]]): Lava would shift by a negative count.
    d.changed = stored.size();
    d.loadable = false;
    d.first_change = "the matrix makes netx ask for " + std::to_string(d.num_weight_bits) + " weight bits of a " +
                     quantizer::to_string(d.sign_mode) + " Dense: Lava would truncate by " + std::to_string(k) + " bits";
    return d;
  }
  d.weights.resize(stored.rows(), stored.cols());
  for (Eigen::Index c = 0; c < stored.cols(); ++c) {
    for (Eigen::Index r = 0; r < stored.rows(); ++r) {
      const std::int64_t want = static_cast<std::int64_t>(stored(r, c)) * (std::int64_t{1} << s);
      const std::int64_t held = lava_dense_weight(shifted(r, c), d.num_weight_bits, d.sign_mode);
      d.weights(r, c) = static_cast<int>(held);
      if (held != want) {
        note(r, c,
             "is held as " + std::to_string(held) + " >> " + std::to_string(s) + " (lava-dl: " + quantizer::to_string(netx_mode) +
                 ", shift " + std::to_string(s) + ", " + std::to_string(d.num_weight_bits) + " bits; Lava's Dense: " +
                 quantizer::to_string(d.sign_mode) + ")");
      }
    }
  }
  return d;
}

}  // namespace spikeforge::exporter

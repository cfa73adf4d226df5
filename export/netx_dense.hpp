// What lava-dl's netx loader and Lava's Dense make of one layer's stored integer weights, so that
// the netx exporter can tell whether a .net file reproduces a network exactly (docs/formats.md).
//
// Our reading of lava-dl's netx (hdf5.py, utils.py: optimize_weight_bits) and Lava's bit-accurate
// Dense, in order:
//   1. netx reads the stored weights as integers and picks a sign mode from them: all ≥ 0
//      EXCITATORY, all < 0 INHIBITORY, else MIXED; a MIXED matrix is clipped to [−256, 254].
//   2. It scales them up by s bits so that the largest magnitude spans Loihi's 8-bit range
//      (s = ⌊log2 scale⌋ (+1 for MIXED), scale = min(127/max, 128/|min|) for MIXED, 255/max for
//      EXCITATORY, 256/|min| for INHIBITORY), sets weight_exp = −s and num_weight_bits =
//      8 − s − n (n = the trailing zero bits every weight shares, −1 for MIXED).
//   3. Lava's Dense infers its own sign mode from the shifted weights (all ≥ 0 EXCITATORY, all ≤ 0
//      INHIBITORY, else MIXED: a matrix of zeros and negatives differs from step 1), clips and
//      drops the low bits as quantizer/dense.hpp does, and each step sends (Σ weights) >> s.
// The layer computes Σ stored weights exactly iff every shifted weight survives step 3 unchanged.
// It does not for an all-zero matrix (step 2 divides by zero: netx cannot load it), for MIXED
// weights of 255, and for some all-negative matrices (e.g. [[0, −128]]: step 1 says MIXED, s = 1,
// step 3 says INHIBITORY and clips −256 to −255, then truncates it to −128).
#pragma once
#include <cstdint>
#include <string>

#include <Eigen/Core>

#include "quantizer/fixed_network.hpp"

namespace spikeforge::exporter {

struct NetxDense {
  Eigen::MatrixXi weights;   ///< As the Dense holds them (shifted, clipped, truncated); n_out × n_in.
  int shift = 0;             ///< s: the Dense runs with weight_exp = −s.
  int num_weight_bits = 8;   ///< What netx passes to the Dense.
  quantizer::SignMode sign_mode = quantizer::SignMode::mixed;  ///< The Dense's, inferred from the shifted weights.
  std::int64_t changed = 0;  ///< Weights the Dense does not hold as stored · 2^s (0: exact).
  std::string first_change;  ///< Why the first changed weight changes, or why netx cannot load the matrix.
  bool loadable = true;      ///< false: netx fails or Lava's arithmetic is undefined (weights then meaningless).
  [[nodiscard]] bool exact() const { return loadable && changed == 0; }
  /// The weight the layer effectively applies for a stored weight (r, c): weights(r, c) / 2^s.
  [[nodiscard]] double effective(Eigen::Index r, Eigen::Index c) const;
};

/// Emulates steps 1–3 above for `stored` (n_out × n_in integers, as written to /layer/<i>/weight).
NetxDense netx_dense(const Eigen::MatrixXi& stored);

}  // namespace spikeforge::exporter

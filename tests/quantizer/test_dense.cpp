// Lava's Dense weight preparation: clip by sign mode, LSB truncation, inference, shift.
#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "quantizer/dense.hpp"

using namespace spikeforge::quantizer;

TEST_CASE("dense: MIXED clips to [-256, 255] and floors the dropped LSB (Lava vector)") {
  std::vector<int> got;
  for (const int w : {3, -3, 255, -256, 300, -300}) got.push_back(dense_effective_weight(w, 8, SignMode::mixed));
  CHECK(got == std::vector<int>{2, -4, 254, -256, 254, -256});
  CHECK(got[0] + got[1] + got[2] + got[3] == -4);  // what Lava's Dense sends
}

TEST_CASE("dense: EXCITATORY keeps 8 bits and clips negatives to 0") {
  CHECK(dense_effective_weight(3, 8, SignMode::excitatory) == 3);
  CHECK(dense_effective_weight(255, 8, SignMode::excitatory) == 255);
  CHECK(dense_effective_weight(-7, 8, SignMode::excitatory) == 0);
  CHECK(dense_shift(3 + 5 + 255, -1) == 131);  // Lava vector, weight_exp = −1
}

TEST_CASE("dense: INHIBITORY truncates the magnitude (Lava vector)") {
  CHECK(dense_effective_weight(-3, 6, SignMode::inhibitory) == 0);
  CHECK(dense_effective_weight(-5, 6, SignMode::inhibitory) == -4);
  CHECK(dense_effective_weight(0, 6, SignMode::inhibitory) == 0);
  CHECK(dense_effective_weight(-256, 8, SignMode::inhibitory) == -255);
  CHECK(dense_effective_weight(9, 8, SignMode::inhibitory) == 0);
  CHECK(dense_shift(-4, -1) == -2);
}

TEST_CASE("dense: shift is arithmetic (floors) for negative weight_exp") {
  CHECK(dense_shift(-3, -1) == -2);
  CHECK(dense_shift(3, -1) == 1);
  CHECK(dense_shift(-5, 2) == -20);
}

TEST_CASE("dense: truncation bits, top weight and sign-mode inference") {
  CHECK(dense_truncation_bits(8, SignMode::mixed) == 1);
  CHECK(dense_truncation_bits(8, SignMode::excitatory) == 0);
  CHECK(dense_truncation_bits(6, SignMode::inhibitory) == 2);
  CHECK(dense_weight_top(8, SignMode::mixed) == 254);
  CHECK(dense_weight_top(8, SignMode::excitatory) == 255);
  CHECK(dense_weight_top(4, SignMode::excitatory) == 240);
  CHECK_THROWS_AS(dense_truncation_bits(9, SignMode::mixed), spikeforge::core::ConfigError);
  Eigen::MatrixXi w(1, 3);
  w << 1, 0, 2;
  CHECK(infer_sign_mode(w) == SignMode::excitatory);
  w << -1, 0, -2;
  CHECK(infer_sign_mode(w) == SignMode::inhibitory);
  w << -1, 0, 2;
  CHECK(infer_sign_mode(w) == SignMode::mixed);
}

TEST_CASE("dense: every prepared weight is a fixed point of the truncation") {
  for (const SignMode mode : {SignMode::mixed, SignMode::excitatory, SignMode::inhibitory}) {
    for (int bits = 1; bits <= 8; ++bits) {
      for (int w = -300; w <= 300; ++w) {
        const int e = dense_effective_weight(w, bits, mode);
        REQUIRE(dense_effective_weight(e, bits, mode) == e);
        REQUIRE(std::abs(e) <= 256);
      }
    }
  }
}

// netx_dense: what lava-dl's netx loader and Lava's Dense make of stored integer weights. Each case
// is worked out by hand from the rules in export/netx_dense.hpp.
#include "export/netx_dense.hpp"

#include <catch2/catch.hpp>

#include <random>

namespace sf = spikeforge;
using sf::quantizer::SignMode;

namespace {

Eigen::MatrixXi row(std::initializer_list<int> values) {
  Eigen::MatrixXi m(1, static_cast<Eigen::Index>(values.size()));
  Eigen::Index c = 0;
  for (int v : values) m(0, c++) = v;
  return m;
}

}  // namespace

TEST_CASE("netx dense: even MIXED 8-bit weights load unchanged, no shift", "[export][netx]") {
  Eigen::MatrixXi w(2, 3);
  w << 2, -4, 254, 100, 50, 24;
  const auto d = sf::exporter::netx_dense(w);
  // scale = min(127/254, 128/4) = 0.5 → s = −1 + 1 = 0; all even → n = 1 − 1 = 0 → 8 bits.
  CHECK(d.exact());
  CHECK(d.shift == 0);
  CHECK(d.num_weight_bits == 8);
  CHECK(d.sign_mode == SignMode::mixed);
  CHECK(d.weights == w);
}

TEST_CASE("netx dense: small weights are shifted up and the sum shifted back", "[export][netx]") {
  // MIXED {3, −3}: scale = 127/3 → s = 5 + 1 = 6, n = 0 − 1 → 3 bits; 192 survives k = 6.
  auto d = sf::exporter::netx_dense(row({3, -3}));
  CHECK(d.exact());
  CHECK(d.shift == 6);
  CHECK(d.num_weight_bits == 3);
  CHECK(d.weights == row({192, -192}));
  CHECK(d.effective(0, 0) == 3.0);
  // EXCITATORY {1, 2}: scale = 127.5 → s = 6, n = 0 → 2 bits; 64 and 128 survive k = 6.
  d = sf::exporter::netx_dense(row({1, 2}));
  CHECK(d.exact());
  CHECK(d.sign_mode == SignMode::excitatory);
  CHECK(d.weights == row({64, 128}));
  // INHIBITORY {−3, −5}: scale = 256/5 → s = 5, 3 bits; −96 and −160 survive k = 5.
  d = sf::exporter::netx_dense(row({-3, -5}));
  CHECK(d.exact());
  CHECK(d.sign_mode == SignMode::inhibitory);
  CHECK(d.weights == row({-96, -160}));
}

TEST_CASE("netx dense: the matrices netx changes or cannot load", "[export][netx]") {
  // MIXED 255: netx clips a mixed matrix to 254.
  auto d = sf::exporter::netx_dense(row({255, -1}));
  CHECK_FALSE(d.exact());
  CHECK(d.loadable);
  CHECK(d.changed == 1);
  CHECK_THAT(d.first_change, Catch::StartsWith("weights[0,0] = 255"));
  // {0, −128}: netx says MIXED and shifts by 1; Lava's Dense says INHIBITORY, clips −256 to −255 and
  // truncates 7 bits: −128, so the layer applies −64.
  d = sf::exporter::netx_dense(row({0, -128}));
  CHECK_FALSE(d.exact());
  CHECK(d.shift == 1);
  CHECK(d.weights(0, 1) == -128);
  CHECK(d.effective(0, 1) == -64.0);
  CHECK_THAT(d.first_change, Catch::Contains("weights[0,1] = -128") && Catch::Contains("inhibitory"));
  // INHIBITORY {−128, −1}: shifted by 1, −256 clips to −255 and truncates to −254.
  d = sf::exporter::netx_dense(row({-128, -1}));
  CHECK_FALSE(d.exact());
  CHECK(d.weights(0, 0) == -254);
  // All zero: lava-dl divides by the largest weight.
  d = sf::exporter::netx_dense(Eigen::MatrixXi::Zero(2, 2));
  CHECK_FALSE(d.loadable);
  CHECK_THAT(d.first_change, Catch::Contains("every weight is 0"));
  // {0, −255}: netx asks for 9 bits (its MIXED, odd weights), Lava's Dense is INHIBITORY: k = −1.
  d = sf::exporter::netx_dense(row({0, -255}));
  CHECK_FALSE(d.loadable);
  CHECK(d.num_weight_bits == 9);
}

TEST_CASE("netx dense: every even MIXED matrix within [-256, 254] with a positive entry loads exactly", "[export][netx]") {
  // What `quantize --netx-exact` produces for an 8-bit MIXED layer: effective weights are even.
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int> half(-128, 127);
  constexpr int kMatrices = 200;
  for (int k = 0; k < kMatrices; ++k) {
    Eigen::MatrixXi w(5, 7);
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = 2 * half(rng);
    w(0, 0) = 2 + 2 * (k % 100);  // a positive entry: the matrix is MIXED for netx and for Lava
    w(4, 6) = -2 - 2 * (k % 50);
    INFO("matrix " << k);
    CHECK(sf::exporter::netx_dense(w).exact());
  }
}

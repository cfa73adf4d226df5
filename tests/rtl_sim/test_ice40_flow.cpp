// The iCE40 flow's tool-free parts: fitting the core to a network, the SPRAM refusal, the UART load
// stream. (The tool run itself is slow, minutes: bench/ice40_gate_check.sh, figures in docs/bench/fpga.md.)
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>

#include "core/errors.hpp"
#include "export/fixed_json.hpp"
#include "export/rtl_mem.hpp"
#include "rtl_sim/fpga/ice40_flow.hpp"
#include "rtl_fixtures.hpp"

using namespace spikeforge;

namespace {
const std::string kTiny = std::string(SPIKEFORGE_SOURCE_DIR) + "/tests/rtl_sim/data/tiny.q.json";
}

TEST_CASE("ice40: the fitted core limits are the smallest that hold the network") {
  const auto net = exporter::read_fixed_network(kTiny);  // 32-24-4
  const auto b = rtl_sim::fit_ice40_build(net, rtl_sim::Ice40Part::up5k);
  CHECK(b.layer_aw == 1);   // 2 layers
  CHECK(b.neuron_aw == 5);  // 24 neurons -> 32
  CHECK(b.input_aw == 5);   // fan-in 32
  CHECK(b.state_aw == 5);   // 28 neurons
  CHECK(b.weights == 32 * 24 + 24 * 4);
  CHECK(b.weight_aw == 10);  // 864 weights -> 1024
  CHECK(b.out_layer == 1);
  CHECK(b.out_n == 4);
  CHECK(b.weights_in_spram);
  CHECK(b.spram_tiles == 1);
  // The image builds for these limits (the network fits the fitted core).
  CHECK_NOTHROW(exporter::build_rtl_image(net, b.limits()));
  // Every weight survives the SPRAM slot: (w >> shift) fits the slot and no set bit is dropped.
  for (const auto& L : net.layers) {
    for (int n = 0; n < L.outputs(); ++n) {
      for (int i = 0; i < L.inputs(); ++i) {
        const int w = L.weights(n, i);
        const int s = w >> b.weight_shift;
        CHECK((s << b.weight_shift) == w);
        CHECK(s >= -(1 << (b.weight_slot - 1)));
        CHECK(s < (1 << (b.weight_slot - 1)));
      }
    }
  }
  // No accumulator sum of one sign reaches 2^(ACC_W - 1).
  for (const auto& L : net.layers) {
    for (int n = 0; n < L.outputs(); ++n) {
      long pos = 0, neg = 0;
      for (int i = 0; i < L.inputs(); ++i) (L.weights(n, i) > 0 ? pos : neg) += std::abs(L.weights(n, i));
      CHECK(pos < (1L << (b.acc_w - 1)));
      CHECK(neg < (1L << (b.acc_w - 1)));
    }
  }
  const auto h = rtl_sim::fit_ice40_build(net, rtl_sim::Ice40Part::hx8k);
  CHECK_FALSE(h.weights_in_spram);
  CHECK(h.spram_tiles == 0);
}

TEST_CASE("ice40: 8-bit mixed weights (even) pack two per SPRAM word") {
  quantizer::FixedNetwork net;
  net.profile = "spikeforge-core";
  net.layers.push_back(test::make_layer(2, 3, {2, -256, 254, 100, 50, 24}, 4095, 0, 100, 0, 0));
  const auto b = rtl_sim::fit_ice40_build(net, rtl_sim::Ice40Part::up5k);
  CHECK(b.weight_shift == 1);
  CHECK(b.weight_slot == 8);
  // Excitatory 8-bit weights keep their LSB: 255 needs 9 bits, so a 16-bit slot.
  net.layers[0] = test::make_layer(2, 3, {3, 255, 0, 1, 2, 4}, 4095, 0, 100, 0, 0);
  net.layers[0].sign_mode = quantizer::SignMode::excitatory;
  const auto c = rtl_sim::fit_ice40_build(net, rtl_sim::Ice40Part::up5k);
  CHECK(c.weight_shift == 0);
  CHECK(c.weight_slot == 16);
}

TEST_CASE("ice40: weights beyond the UP5K's four SPRAM tiles are refused with the excess") {
  // 3000 x 48 = 144000 excitatory weights of 255: one 16-bit word each = 9 tiles of 16384 words, 5 over.
  quantizer::FixedNetwork net;
  net.profile = "spikeforge-core";
  net.layers.push_back(test::make_layer(48, 3000, std::vector<int>(48 * 3000, 255), 4095, 0, 100, 0, 0));
  net.layers[0].sign_mode = quantizer::SignMode::excitatory;
  REQUIRE_THROWS_AS(rtl_sim::fit_ice40_build(net, rtl_sim::Ice40Part::up5k), core::ConfigError);
  try {
    rtl_sim::fit_ice40_build(net, rtl_sim::Ice40Part::up5k);
  } catch (const core::ConfigError& e) {
    const std::string m = e.what();
    CHECK(m.find("9 SPRAM tiles") != std::string::npos);
    CHECK(m.find("over by 5") != std::string::npos);
  }
}

TEST_CASE("ice40: the UART load stream carries every image word once, little-endian") {
  const auto net = exporter::read_fixed_network(kTiny);
  const auto b = rtl_sim::fit_ice40_build(net, rtl_sim::Ice40Part::up5k);
  const auto img = exporter::build_rtl_image(net, b.limits());
  const auto s = rtl_sim::ice40_load_stream(img);
  // Five 'L' blocks (header 10 bytes): weights and bias 2 bytes a word, the rest 8.
  const std::size_t expect = 5 * 10 + 2 * img.weights.size() + 2 * img.bias.size() + 8 * img.geometry.size() +
                             8 * img.neuron.size() + 8;
  REQUIRE(s.size() == expect);
  CHECK(s[0] == 'L');
  CHECK(s[1] == 0);  // sel: weights
  const std::uint32_t count = s[6] | (s[7] << 8) | (s[8] << 16) | (static_cast<std::uint32_t>(s[9]) << 24);
  CHECK(count == img.weights.size());
  CHECK((s[10] | (s[11] << 8)) == img.weights[0]);
  const std::size_t last = s.size() - 18;  // the config block
  CHECK(s[last] == 'L');
  CHECK(s[last + 1] == 4);
  std::uint64_t cfg = 0;
  for (int i = 0; i < 8; ++i) cfg |= static_cast<std::uint64_t>(s[last + 10 + i]) << (8 * i);
  CHECK(cfg == img.config);
}

TEST_CASE("ice40: unknown part names are refused") {
  CHECK(rtl_sim::parse_ice40_part("up5k") == rtl_sim::Ice40Part::up5k);
  CHECK(rtl_sim::parse_ice40_part("hx8k") == rtl_sim::Ice40Part::hx8k);
  CHECK_THROWS_AS(rtl_sim::parse_ice40_part("ecp5", "--part"), core::ConfigError);
}

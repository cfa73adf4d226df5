// pipeline/quantize.cpp's synapse_memory_json: the RTL image figures are the bits the image of the
// default core build holds, per layer and layout.
#include <catch2/catch.hpp>

#include "export/rtl_mem.hpp"
#include "pipeline/quantize.hpp"
#include "rtl_sim/rtl_fixtures.hpp"

namespace sf = spikeforge;

TEST_CASE("synapse_memory_json reports the RTL image's bits and layout per layer", "[pipeline][quantize]") {
  // Layer 0: 4 inputs -> 32 neurons with one non-zero weight for three inputs (sparse at P = 16:
  // 4 · 23 + 3 · 150 = 542 bits, docs/formats-rtl.md); layer 1: 32 -> 2, no zero (dense, 576 bits).
  std::vector<int> w0(32 * 4, 0);
  w0[3 * 4 + 0] = 6;
  w0[20 * 4 + 1] = 6;
  w0[31 * 4 + 2] = 6;
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(sf::test::make_layer(32, 4, w0, 4095, 0, 10, 0, 0));
  net.layers.push_back(sf::test::make_layer(2, 32, std::vector<int>(64, 2), 4095, 0, 10, 0, 0));
  const auto j = sf::pipeline::synapse_memory_json(net);
  CHECK(j.at("rtl_image_bits").get<long long>() == 542 + 576);
  CHECK(j.at("rtl_image_lanes").get<int>() == 16);
  REQUIRE(j.at("rtl_image_layers").size() == 2);
  CHECK(j.at("rtl_image_layers")[0].at("layout") == "sparse");
  CHECK(j.at("rtl_image_layers")[0].at("bits").get<long long>() == 542);
  CHECK(j.at("rtl_image_layers")[1].at("layout") == "dense");
  CHECK(j.at("layers")[0].at("rtl_image_bits").get<long long>() == 542);
  CHECK(j.at("rtl_image_layout").get<std::string>().rfind("sparse, dense", 0) == 0);
  CHECK(j.at("rtl_image_bits").get<long long>() == sf::exporter::build_rtl_image(net).synapse_bits());
}

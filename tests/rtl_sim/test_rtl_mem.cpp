// RTL memory images (export/rtl_mem.hpp): layout, packing, write/read round trip, atomic
// replacement, limits and validation errors. (The exporter's image code is tested here, beside the
// core that consumes it, because only rtl_sim's tests can load an image into the core.)
#include <catch2/catch.hpp>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <random>
#include <string>

#include "core/errors.hpp"
#include "export/rtl_mem.hpp"
#include "rtl_fixtures.hpp"
#include "support/temp_dir.hpp"

namespace sf = spikeforge;
namespace fs = std::filesystem;

namespace {
std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
void write_text(const fs::path& p, const std::string& s) { std::ofstream(p) << s; }
}  // namespace

TEST_CASE("image layout: column-major weights, packed bases, parameter words", "[rtl_sim][rtl_mem]") {
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(sf::test::make_layer(2, 3, {2, -4, 254, 100, 50, 24}, 1023, 511, 200, 3, 2));
  net.layers.push_back(sf::test::make_layer(1, 2, {-256, 6}, 4095, 0, 0, -7, 1, sf::core::ResetMode::subtract, false));
  net.layers[1].weight_exp = -3;
  const auto img = sf::exporter::build_rtl_image(net);
  // Input 0's column (neurons 0, 1), then input 1's, then input 2's; 9-bit two's complement.
  CHECK(img.weights == std::vector<std::uint16_t>{2, 100, 0x1FC, 50, 254, 24, 0x100, 6});
  CHECK(img.bias == std::vector<std::uint16_t>{3, 3, 0x1FF9});
  REQUIRE(img.layers.size() == 2);
  CHECK(img.layers[1].weight_base == 6);
  CHECK(img.layers[1].state_base == 2);
  CHECK(img.geometry[1] == (1ULL | (6ULL << 16) | (2ULL << 40)));
  // du 4095, dv 0, vth 0, weight_exp −3 (4-bit 0xD), bias_exp 1, subtract, not spiking.
  CHECK(img.neuron[1] == (4095ULL | (0xDULL << 41) | (1ULL << 45) | (1ULL << 48)));
  CHECK(img.neuron[0] == (1023ULL | (511ULL << 12) | (200ULL << 24) | (2ULL << 45) | (1ULL << 49)));
  CHECK(img.config == (2ULL | (3ULL << 16)));
  CHECK(sf::exporter::rtl_sign_extend(0x1FC, 9) == -4);
  CHECK(sf::exporter::rtl_sign_extend(0x0FC, 9) == 252);
}

TEST_CASE("write_rtl_memory / read_rtl_memory round trip and replace atomically", "[rtl_sim][rtl_mem]") {
  std::mt19937_64 rng(42);
  const auto net = sf::test::random_network(rng, {});
  sf::test::TempDir dir;
  const fs::path out = dir / "rtl";
  sf::exporter::write_rtl_memory(out, net);
  CHECK(fs::exists(out / "manifest.json"));
  for (const char* f : {"weights.hex", "bias.hex", "layers_geom.hex", "layers_neuron.hex", "config.hex"}) {
    CHECK(fs::exists(out / "mem" / f));
  }
  const auto back = sf::exporter::read_rtl_memory(out);
  CHECK(back == sf::exporter::build_rtl_image(net));
  // Rewriting replaces the directory as a whole; nothing else is left beside it.
  const auto net2 = sf::test::random_network(rng, {});
  sf::exporter::write_rtl_memory(out, net2);
  CHECK(sf::exporter::read_rtl_memory(out) == sf::exporter::build_rtl_image(net2));
  std::size_t entries = 0;
  for (const auto& e : fs::directory_iterator(dir.path())) {
    (void)e;
    ++entries;
  }
  CHECK(entries == 1);
}

TEST_CASE("a network over the core's limits writes nothing", "[rtl_sim][rtl_mem]") {
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(sf::test::make_layer(2, 1, {2, 2}, 0, 0, 1, 0, 0));
  sf::exporter::RtlCoreLimits small;
  small.neurons_per_layer = 1;
  CHECK_THROWS_AS(sf::exporter::build_rtl_image(net, small), sf::core::ConfigError);
  sf::test::TempDir dir;
  net.layers[0].vth = -1;  // invalid for FixedNetwork::validate
  CHECK_THROWS_AS(sf::exporter::write_rtl_memory(dir / "rtl", net), sf::core::ConfigError);
  CHECK_FALSE(fs::exists(dir / "rtl"));
}

TEST_CASE("read_rtl_memory names the file and value it rejects", "[rtl_sim][rtl_mem]") {
  std::mt19937_64 rng(1);
  const auto net = sf::test::random_network(rng, {});
  sf::test::TempDir dir;
  const fs::path out = dir / "rtl";
  SECTION("missing directory") {
    CHECK_THROWS_AS(sf::exporter::read_rtl_memory(dir / "nope"), sf::core::InputError);
  }
  SECTION("a truncated weight file") {
    sf::exporter::write_rtl_memory(out, net);
    std::string w = read_text(out / "mem/weights.hex");
    w.erase(w.rfind('\n', w.size() - 2) + 1);
    write_text(out / "mem/weights.hex", w);
    CHECK_THROWS_WITH(sf::exporter::read_rtl_memory(out), Catch::Contains("weights.hex") && Catch::Contains("words"));
  }
  SECTION("a word wider than its field") {
    sf::exporter::write_rtl_memory(out, net);
    write_text(out / "mem/bias.hex", "fffff\n" + read_text(out / "mem/bias.hex").substr(5));
    CHECK_THROWS_WITH(sf::exporter::read_rtl_memory(out), Catch::Contains("bias.hex") && Catch::Contains("line 1"));
  }
  SECTION("a wrong format tag") {
    sf::exporter::write_rtl_memory(out, net);
    std::string m = read_text(out / "manifest.json");
    // The previous format (dense only, no lane count) is refused as well as an unknown one.
    for (const char* old : {"spikeforge.rtl-mem/1", "spikeforge.rtl-mem/9"}) {
      std::string m2 = m;
      m2.replace(m2.find("spikeforge.rtl-mem/2"), 20, old);
      write_text(out / "manifest.json", m2);
      CHECK_THROWS_WITH(sf::exporter::read_rtl_memory(out), Catch::Contains("format") && Catch::Contains("manifest.json") &&
                                                                Catch::Contains(old));
    }
  }
  SECTION("parameter words that disagree with the manifest") {
    sf::exporter::write_rtl_memory(out, net);
    write_text(out / "mem/layers_neuron.hex", std::string(16, '0') + "\n" + read_text(out / "mem/layers_neuron.hex").substr(17));
    CHECK_THROWS_AS(sf::exporter::read_rtl_memory(out), sf::core::InputError);
  }
}

namespace {
// 4 inputs -> 32 neurons, the given (neuron, input) weights non-zero (= 6), everything else zero.
sf::quantizer::FixedNetwork net_4x32(const std::vector<std::pair<int, int>>& nonzero) {
  std::vector<int> w(32 * 4, 0);
  for (const auto& [n, i] : nonzero) w[static_cast<std::size_t>(n * 4 + i)] = 6;
  sf::quantizer::FixedNetwork net;
  net.layers.push_back(sf::test::make_layer(32, 4, w, 4095, 0, 10, 0, 0));
  return net;
}
}  // namespace

TEST_CASE("the writer picks the layout with fewer bits at the core's lanes (counted by hand)", "[rtl_sim][rtl_mem][sparse]") {
  // Default build, P = 16: a pointer word is 16 (block number: 2^20 / 16 words) + 7 (count) = 23
  // bits, an index word 6 bits (64 rows), a block 6 + 16 · 9 = 150 bits. Dense: 4 · 32 · 9 = 1152.
  const sf::exporter::RtlCoreLimits lim;
  REQUIRE(lim.pointer_bits() == 23);
  REQUIRE(lim.index_bits() == 6);
  SECTION("one block per input (neurons 3, 20, 31 and none): sparse, 4 · 23 + 3 · 150 = 542 bits") {
    const auto net = net_4x32({{3, 0}, {20, 1}, {31, 2}});
    const auto bits = sf::exporter::rtl_layout_bits(net.layers[0], lim);
    CHECK(bits.dense == 1152);
    CHECK(bits.blocks == 3);
    CHECK(bits.sparse == 542);
    const auto img = sf::exporter::build_rtl_image(net, lim);
    REQUIRE(img.layers[0].layout == sf::exporter::RtlLayout::sparse);
    CHECK(img.layers[0].bits == 542);
    CHECK(img.synapse_bits() == 542);
    CHECK(img.index == std::vector<std::uint32_t>{0, 1, 1});
    // Pointers {start | count << 16}: input 0 block 0, input 1 block 1, input 2 block 2, input 3 none.
    CHECK(img.pointers == std::vector<std::uint64_t>{0 | (1ULL << 16), 1 | (1ULL << 16), 2 | (1ULL << 16), 3});
    REQUIRE(img.weights.size() == 48);
    CHECK(img.weights[3] == 6);        // block 0, lane 3 = neuron 3
    CHECK(img.weights[16 + 4] == 6);   // block 1 (row 1), lane 4 = neuron 20
    CHECK(img.weights[32 + 15] == 6);  // block 2 (row 1), lane 15 = neuron 31
    CHECK(std::count(img.weights.begin(), img.weights.end(), 6) == 3);
    CHECK((img.neuron[0] >> 50 & 1U) == 1U);
  }
  SECTION("every row of every input holds a weight: dense, 4 · 23 + 8 · 150 = 1292 > 1152 bits") {
    const auto net = net_4x32({{0, 0}, {16, 0}, {1, 1}, {17, 1}, {2, 2}, {18, 2}, {3, 3}, {19, 3}});
    CHECK(sf::exporter::rtl_layout_bits(net.layers[0], lim).sparse == 1292);
    const auto img = sf::exporter::build_rtl_image(net, lim);
    CHECK(img.layers[0].layout == sf::exporter::RtlLayout::dense);
    CHECK(img.synapse_bits() == 1152);
    CHECK(img.pointers.empty());
    CHECK((img.neuron[0] >> 50 & 1U) == 0U);
  }
  SECTION("a build without the sparse memories writes dense, and refuses a forced sparse layer") {
    const auto net = net_4x32({{3, 0}});
    sf::exporter::RtlCoreLimits dense_only;
    dense_only.lanes = 1;
    dense_only.sparse = false;
    dense_only.pointer_words = 0;
    CHECK(sf::exporter::build_rtl_image(net, dense_only).layers[0].layout == sf::exporter::RtlLayout::dense);
    CHECK_THROWS_WITH(sf::exporter::build_rtl_image(net, dense_only, sf::exporter::RtlLayoutChoice::sparse),
                      Catch::Contains("layer 0") && Catch::Contains("sparse"));
  }
}

TEST_CASE("a sparse layer after a dense one is aligned to P; the manifest round-trips", "[rtl_sim][rtl_mem][sparse]") {
  std::mt19937_64 rng(8);
  auto net = sf::test::random_network(rng, {});
  while (net.layers.size() < 2) net = sf::test::random_network(rng, {});
  sf::test::sparsify(net, rng, 0.1, 1);
  sf::exporter::RtlCoreLimits lim;
  std::vector<sf::exporter::RtlLayoutChoice> layouts(net.layers.size(), sf::exporter::RtlLayoutChoice::sparse);
  layouts[0] = sf::exporter::RtlLayoutChoice::dense;
  const auto img = sf::exporter::build_rtl_image(net, lim, sf::exporter::RtlLayoutChoice::automatic, layouts);
  const auto& l1 = img.layers[1];
  CHECK(l1.weight_base % 16 == 0);
  CHECK(l1.pad_words == (16 - (net.layers[0].inputs() * net.layers[0].outputs()) % 16) % 16);
  CHECK(img.pointers.size() == static_cast<std::size_t>(l1.inputs + (img.layers.size() > 2 ? img.layers[2].inputs : 0)));
  CHECK(img.pointers[0] >> lim.pointer_start_bits() == 0);  // input 0 has no non-zero weight
  sf::test::TempDir dir;
  sf::exporter::write_rtl_memory(dir / "rtl", img);
  CHECK(sf::exporter::read_rtl_memory(dir / "rtl") == img);
  const std::string m = read_text(dir / "rtl" / "manifest.json");
  CHECK(m.find("\"layout\": \"sparse\"") != std::string::npos);
  CHECK(m.find("\"synapse_memory_bits\": " + std::to_string(img.synapse_bits())) != std::string::npos);
}

TEST_CASE("read_rtl_memory rejects bad sparse images, naming the file, field and value", "[rtl_sim][rtl_mem][sparse]") {
  const auto net = net_4x32({{3, 0}, {20, 1}, {31, 2}});  // sparse: 3 blocks, rows 0, 1, 1
  sf::test::TempDir dir;
  const fs::path out = dir / "rtl";
  sf::exporter::write_rtl_memory(out, net);
  REQUIRE(sf::exporter::read_rtl_memory(out).layers[0].layout == sf::exporter::RtlLayout::sparse);
  const std::string manifest = read_text(out / "manifest.json");
  const std::string index = read_text(out / "mem/index.hex");
  const std::string pointers = read_text(out / "mem/pointers.hex");
  SECTION("a manifest word count that disagrees with the hex file") {
    std::string m = manifest;
    const std::string from = "\"path\": \"mem/index.hex\",\n      \"width\": 6,\n      \"words\": 3";
    REQUIRE(m.find(from) != std::string::npos);
    m.replace(m.find(from), from.size(), "\"path\": \"mem/index.hex\",\n      \"width\": 6,\n      \"words\": 4");
    write_text(out / "manifest.json", m);
    CHECK_THROWS_WITH(sf::exporter::read_rtl_memory(out),
                      Catch::Contains("manifest.json") && Catch::Contains("files.index.words = 4"));
  }
  SECTION("an index file shorter than the manifest says") {
    write_text(out / "mem/index.hex", index.substr(0, index.rfind('\n', index.size() - 2) + 1));
    CHECK_THROWS_WITH(sf::exporter::read_rtl_memory(out), Catch::Contains("index.hex") && Catch::Contains("2 words"));
  }
  SECTION("a block row outside the layer") {
    write_text(out / "mem/index.hex", "00\n02\n01\n");  // 32 neurons at P = 16: rows 0 and 1
    CHECK_THROWS_WITH(sf::exporter::read_rtl_memory(out),
                      Catch::Contains("index.hex word 1") && Catch::Contains("row = 2"));
  }
  SECTION("a pointer past the block list") {
    std::string p = pointers;
    p.replace(p.rfind("000003"), 6, "010003");  // input 3: start 3, count 1 (the layer has blocks 0..2)
    write_text(out / "mem/pointers.hex", p);
    CHECK_THROWS_WITH(sf::exporter::read_rtl_memory(out),
                      Catch::Contains("pointers.hex word 3") && Catch::Contains("start = 3, count = 1"));
  }
  SECTION("a layer's bits that disagree with its words") {
    std::string m = manifest;
    m.replace(m.find("\"bits\": 542"), 11, "\"bits\": 541");
    write_text(out / "manifest.json", m);
    CHECK_THROWS_WITH(sf::exporter::read_rtl_memory(out), Catch::Contains("layers[0]") && Catch::Contains("bits = 541"));
  }
  SECTION("a sparse image is refused by a manifest without sparse memories") {
    std::string m = manifest;
    m.replace(m.find("\"sparse\": true"), 14, "\"sparse\": false");
    write_text(out / "manifest.json", m);
    CHECK_THROWS_AS(sf::exporter::read_rtl_memory(out), sf::core::InputError);
  }
}

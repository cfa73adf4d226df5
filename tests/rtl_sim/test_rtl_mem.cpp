// RTL memory images (export/rtl_mem.hpp): layout, packing, write/read round trip, atomic
// replacement, limits and validation errors. (The exporter's image code is tested here, beside the
// core that consumes it, because only rtl_sim's tests can load an image into the core.)
#include <catch2/catch.hpp>

#include <filesystem>
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
    m.replace(m.find("spikeforge.rtl-mem/1"), 20, "spikeforge.rtl-mem/9");
    write_text(out / "manifest.json", m);
    CHECK_THROWS_WITH(sf::exporter::read_rtl_memory(out), Catch::Contains("format"));
  }
  SECTION("parameter words that disagree with the manifest") {
    sf::exporter::write_rtl_memory(out, net);
    write_text(out / "mem/layers_neuron.hex", std::string(16, '0') + "\n" + read_text(out / "mem/layers_neuron.hex").substr(17));
    CHECK_THROWS_AS(sf::exporter::read_rtl_memory(out), sf::core::InputError);
  }
}

#include "export/netx.hpp"

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "core/h5.hpp"
#include "export/fixed_fixture.hpp"
#include "quantizer/golden.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "support/temp_dir.hpp"

namespace sf = spikeforge;

namespace {

// A network netx can hold exactly: weight_exp 0, bias_exp 6, reset zero.
sf::quantizer::FixedNetwork netx_exact_network() {
  auto net = sf::test::make_fixed_network({8, 6, 5, 3}, sf::core::ResetMode::zero, 21);
  for (auto& l : net.layers) {
    l.weight_exp = 0;
    l.bias_exp = 6;
    for (auto& b : l.bias_mant) b /= 8;  // keep v in a range where spikes still happen
  }
  return net;
}

}  // namespace

TEST_CASE("netx conversion folds weight_exp and bias_exp into netx's convention", "[export][netx]") {
  auto net = sf::test::make_fixed_network({4, 3, 2}, sf::core::ResetMode::zero);
  net.layers[0].weight_exp = 0;
  net.layers[0].bias_exp = 7;
  net.layers[1].weight_exp = -1;  // EXCITATORY 6-bit weights are multiples of 4: halving is exact
  net.layers[1].bias_exp = 6;
  sf::exporter::NetxReport rep;
  const auto layers = sf::exporter::fixed_to_netx(net, {}, &rep);
  REQUIRE(layers.size() == 2);
  CHECK(layers[0].weight(1, 2) == static_cast<float>(net.layers[0].weights(1, 2)));
  CHECK(layers[1].weight(1, 0) == static_cast<float>(net.layers[1].weights(1, 0)) / 2.0F);
  CHECK(layers[0].bias(0) == static_cast<float>(net.layers[0].bias_mant[0] * 2));
  CHECK(layers[0].i_decay == net.layers[0].du + 1);
  CHECK(layers[0].v_decay == net.layers[0].dv);
  CHECK(layers[0].v_th_mant == net.layers[0].vth);
  CHECK(layers[1].v_th_mant == sf::quantizer::kVthMax);  // output integrator
  CHECK(rep.weights_rounded == 0);
  CHECK(rep.biases_rounded == 0);
}

TEST_CASE("netx file round trip keeps every value and the golden behaviour", "[export][netx]") {
  sf::test::TempDir dir;
  const auto net = netx_exact_network();
  const auto path = dir / "net.net";
  const auto rep = sf::exporter::write_netx(path, net);
  CHECK(rep.weights_rounded == 0);
  const auto layers = sf::exporter::read_netx(path);
  const auto expected = sf::exporter::fixed_to_netx(net, {});
  REQUIRE(layers.size() == expected.size());
  for (std::size_t i = 0; i < layers.size(); ++i) {
    CHECK(layers[i].weight == expected[i].weight);
    CHECK(layers[i].bias == expected[i].bias);
    CHECK(layers[i].neuron_type == "CUBA");
    CHECK(layers[i].i_decay == expected[i].i_decay);
    CHECK(layers[i].v_decay == expected[i].v_decay);
    CHECK(layers[i].v_th_mant == expected[i].v_th_mant);
    CHECK(layers[i].ref_delay == 1);
    CHECK_FALSE(layers[i].graded_spike);
  }
  // What netx would build computes what the original computes, in the timing netx runs (lava).
  const auto back = sf::exporter::netx_to_fixed(layers);
  const auto batch = sf::test::make_spikes(20, 8, 0.4, 5);
  const auto a = sf::quantizer::run_golden(net, batch, 0, true, sf::quantizer::Timing::lava);
  const auto b = sf::quantizer::run_golden(back, batch, 0, true, sf::quantizer::Timing::lava);
  CHECK(a.spikes == b.spikes);
  CHECK(a.v == b.v);
  CHECK(a.output_v == b.output_v);
  std::size_t hidden_spikes = 0;
  for (const auto& step : a.spikes[0]) hidden_spikes += step.size();
  CHECK(hidden_spikes > 0);  // the comparison is not between two silent networks
  CHECK(rep.exact());
  CHECK_THAT(rep.notes.front(), Catch::Contains("lava timing") && Catch::Contains("read the output after step 15"));
}

TEST_CASE("netx: a netx-exact mapping exports unrounded and runs identically in the lava timing", "[export][netx]") {
  // A float network with biases (the case the issue found inexact) mapped twice onto loihi.
  const auto flt = sf::test::make_float_network({30, 16, 10, 4}, 0.9F, 17);
  const auto loihi = sf::quantizer::load_profile("loihi");
  // The plain mapping picks weight_exp > 0: netx cannot hold it without rounding.
  const auto plain = sf::quantizer::map_network(flt, loihi).network;
  CHECK_THROWS_WITH(sf::exporter::fixed_to_netx(plain, {}), Catch::Contains("as netx needs") && Catch::Contains("--netx-exact"));
  sf::quantizer::MappingOptions opt;
  opt.netx_exact = true;
  const auto net = sf::quantizer::map_network(flt, loihi, opt).network;
  sf::test::TempDir dir;
  const auto rep = sf::exporter::write_netx(dir / "exact.net", net);
  CHECK(rep.exact());
  CHECK(rep.weights_rounded == 0);
  CHECK(rep.biases_rounded == 0);
  const auto back = sf::exporter::netx_to_fixed(sf::exporter::read_netx(dir / "exact.net"));
  constexpr int kSamples = 12;
  std::size_t differ_immediate = 0;
  for (int s = 0; s < kSamples; ++s) {
    const auto batch = sf::test::make_spikes(25, 30, 0.3, 100 + static_cast<std::uint64_t>(s));
    const auto a = sf::quantizer::run_golden(net, batch, 0, true, sf::quantizer::Timing::lava);
    const auto b = sf::quantizer::run_golden(back, batch, 0, true, sf::quantizer::Timing::lava);
    CHECK(a.spikes == b.spikes);
    CHECK(a.v == b.v);
    CHECK(a.u == b.u);
    differ_immediate += sf::quantizer::run_golden(net, batch, 0).output_v != a.output_v ? 1U : 0U;
  }
  // The biases make the immediate timing a different computation: netx is exact only in lava timing.
  CHECK(differ_immediate > 0);
}

TEST_CASE("netx refuses a layer its loader would change, names the weight", "[export][netx]") {
  auto net = netx_exact_network();
  // All-non-positive MIXED weights whose minimum is −128: netx shifts by 1 and Lava's Dense, reading
  // them as INHIBITORY, clips −256 to −255.
  net.layers[0].weights.setZero();
  net.layers[0].weights(0, 1) = -128;
  REQUIRE_THROWS_AS(sf::exporter::fixed_to_netx(net, {}), sf::core::RangeError);
  REQUIRE_THROWS_WITH(sf::exporter::fixed_to_netx(net, {}),
                      Catch::Contains("layer 0") && Catch::Contains("netx would not load the weights exactly") &&
                          Catch::Contains("weights[0,1] = -128"));
  sf::exporter::NetxOptions opt;
  opt.allow_rounding = true;
  sf::exporter::NetxReport rep;
  (void)sf::exporter::fixed_to_netx(net, opt, &rep);
  CHECK(rep.weights_rounded == 1);
  CHECK_FALSE(rep.exact());
  // An all-zero layer cannot be loaded at all, rounding or not.
  net.layers[0].weights.setZero();
  CHECK_THROWS_WITH(sf::exporter::fixed_to_netx(net, opt), Catch::Contains("netx cannot hold these weights"));
}

TEST_CASE("netx refuses subtract reset unless allowed", "[export][netx]") {
  sf::test::TempDir dir;
  auto net = netx_exact_network();
  for (auto& l : net.layers) l.reset = sf::core::ResetMode::subtract;
  const auto path = dir / "net.net";
  REQUIRE_THROWS_WITH(sf::exporter::write_netx(path, net), Catch::Contains("reset = subtract"));
  CHECK_FALSE(std::filesystem::exists(path));
  sf::exporter::NetxOptions opt;
  opt.allow_reset_change = true;
  const auto rep = sf::exporter::write_netx(path, net, opt);
  CHECK(rep.reset_changed);
  CHECK(std::filesystem::exists(path));
}

TEST_CASE("netx refuses lossy weights and biases unless rounding is allowed", "[export][netx]") {
  auto net = netx_exact_network();
  net.layers[0].weight_exp = -2;  // 2 · 2^-2 = 0.5: not an integer netx weight
  net.layers[0].weights(0, 0) = 2;
  REQUIRE_THROWS_AS(sf::exporter::fixed_to_netx(net, {}), sf::core::RangeError);
  sf::exporter::NetxOptions opt;
  opt.allow_rounding = true;
  sf::exporter::NetxReport rep;
  (void)sf::exporter::fixed_to_netx(net, opt, &rep);
  CHECK(rep.weights_rounded > 0);

  auto net2 = netx_exact_network();
  net2.layers[1].bias_exp = 2;
  net2.layers[1].bias_mant[0] = 3;  // 3 · 2^2 / 64 is not an integer
  REQUIRE_THROWS_WITH(sf::exporter::fixed_to_netx(net2, {}), Catch::Contains("bias_mant[0]"));
}

TEST_CASE("netx writer leaves nothing behind for an out-of-range network", "[export][netx]") {
  sf::test::TempDir dir;
  auto net = netx_exact_network();
  net.layers[1].du = 9999;
  CHECK_THROWS_AS(sf::exporter::write_netx(dir / "bad.net", net), sf::core::ConfigError);
  CHECK(std::filesystem::is_empty(dir.path()));
}

TEST_CASE("netx reader names the file and dataset on bad content", "[export][netx]") {
  sf::test::TempDir dir;
  const auto path = dir / "bad.net";
  {
    auto f = sf::core::h5::File::create(path.string());
    auto g = f.create_group("layer/0");
    g.write_string("type", "conv");
  }
  REQUIRE_THROWS_WITH(sf::exporter::read_netx(path), Catch::Contains("bad.net") && Catch::Contains("conv"));
  CHECK_THROWS_AS(sf::exporter::read_netx(dir / "missing.net"), sf::core::InputError);
}

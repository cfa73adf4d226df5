// A fixed network against its profile: one case per class of field (weight format, exponent,
// decays, threshold, bias, reset, size limits, the input bound of the 24-bit u), each failing with
// the layer, the field, the value and the profile's limit in the message.
#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

#include "core/errors.hpp"
#include "fixed_fixtures.hpp"
#include "quantizer/golden.hpp"
#include "quantizer/profile_check.hpp"

using namespace spikeforge;
using quantizer::ChipProfile;
using quantizer::FixedNetwork;
using quantizer::SignMode;

namespace {

/// A 2-layer network every shipped profile accepts: 3 → 2 (spiking, zero reset) → 2 (integrator).
FixedNetwork good_net() {
  FixedNetwork net;
  net.profile = "spikeforge-core";
  auto hidden = test::fixed_layer({{100, -40, 60}, {-20, 80, 30}}, SignMode::mixed);
  hidden.dv = 410;
  hidden.vth = 100;
  hidden.bias_mant = {3, -2};
  hidden.bias_exp = 2;
  auto out = test::fixed_layer({{50, -30}, {-40, 60}}, SignMode::mixed);
  out.spiking = false;
  out.dv = 128;
  net.layers = {hidden, out};
  return net;
}

struct Case {
  std::string name;
  std::function<void(FixedNetwork&, ChipProfile&)> edit;
  std::string field;  ///< Must appear in the message.
};

}  // namespace

TEST_CASE("profile check: a mapped-style network passes both shipped profiles") {
  const FixedNetwork net = good_net();
  CHECK_NOTHROW(quantizer::check_against_profile(net, quantizer::load_profile("spikeforge-core")));
  CHECK_NOTHROW(quantizer::check_against_profile(net, quantizer::load_profile("loihi")));
}

TEST_CASE("profile check: every field class outside the profile fails naming layer, field and limit") {
  const std::vector<Case> cases = {
      {"weight bits", [](FixedNetwork&, ChipProfile& p) { p.max_weight_bits = 6; }, "layer 0 num_weight_bits = 8"},
      {"sign mode", [](FixedNetwork&, ChipProfile& p) { p.sign_modes = {SignMode::excitatory}; }, "layer 0 sign_mode = mixed"},
      {"weight_exp", [](FixedNetwork& n, ChipProfile& p) { n.layers[1].weight_exp = 3; p.weight_exp_max = 2; }, "layer 1 weight_exp = 3"},
      {"weight_exp range", [](FixedNetwork&, ChipProfile& p) { p.weight_exp_min = 1; }, "layer 0 weight_exp = 0"},
      {"threshold", [](FixedNetwork&, ChipProfile& p) { p.vth_bits = 6; }, "layer 0 vth = 100"},
      {"bias mantissa", [](FixedNetwork&, ChipProfile& p) { p.bias_mant_bits = 2; }, "layer 0 bias_mant[0] = 3"},
      {"bias exponent", [](FixedNetwork&, ChipProfile& p) { p.bias_exp_bits = 1; }, "layer 0 bias_exp = 2"},
      {"reset", [](FixedNetwork& n, ChipProfile&) { n.layers[0].reset = core::ResetMode::subtract; }, "layer 0 reset = subtract"},
      {"layers", [](FixedNetwork&, ChipProfile& p) { p.max_layers = 1; }, "layers = 2"},
      {"neurons", [](FixedNetwork&, ChipProfile& p) { p.max_neurons_per_layer = 1; }, "layer 0 outputs = 2"},
      {"fan-in", [](FixedNetwork&, ChipProfile& p) { p.max_fan_in = 2; }, "layer 0 inputs = 3"},
      {"synapses", [](FixedNetwork&, ChipProfile& p) { p.max_synapses = 9; }, "synapses = 10"},
  };
  for (const Case& c : cases) {
    SECTION(c.name) {
      FixedNetwork net = good_net();
      ChipProfile p = quantizer::load_profile("loihi");  // zero reset only
      c.edit(net, p);
      CHECK_THROWS_AS(quantizer::check_against_profile(net, p), core::ConfigError);
      CHECK_THROWS_WITH(quantizer::check_against_profile(net, p), Catch::Contains(c.field) && Catch::Contains("profile loihi"));
    }
  }
}

TEST_CASE("profile check: worst-case input beyond 2^18 is refused (u could run past 32 bits)") {
  // 8 inputs of 128 at weight_exp 7: a = 1024 · 128 = 2^17 per step fits; weight_exp with 2^18 + 1 does not.
  FixedNetwork net;
  net.profile = "spikeforge-core";
  net.layers.push_back(test::fixed_layer({std::vector<int>(8, 128)}, SignMode::excitatory));
  net.layers[0].vth = 1000;
  const ChipProfile p = quantizer::load_profile("spikeforge-core");
  net.layers[0].weight_exp = 7;
  CHECK(quantizer::worst_case_input(net.layers[0]) == 131072);
  CHECK_NOTHROW(quantizer::check_against_profile(net, p));
  // 2^18 exactly is still one wrap: 16 inputs.
  net.layers[0] = test::fixed_layer({std::vector<int>(16, 128)}, SignMode::excitatory);
  net.layers[0].vth = 1000;
  net.layers[0].weight_exp = 7;
  CHECK(quantizer::worst_case_input(net.layers[0]) == 262144);
  CHECK_NOTHROW(quantizer::check_against_profile(net, p));
  // One more input: refused.
  net.layers[0] = test::fixed_layer({std::vector<int>(17, 128)}, SignMode::excitatory);
  net.layers[0].vth = 1000;
  net.layers[0].weight_exp = 7;
  CHECK_THROWS_WITH(quantizer::check_against_profile(net, p),
                    Catch::Contains("layer 0 worst-case one-step input |a| = 278528") && Catch::Contains("32 bits"));
}

TEST_CASE("profile check: the refused input really drives u past 32 bits with du = 0") {
  // What the bound protects against: 64 inputs of 254 at weight_exp 7 add 254·64·128·64 ≈ 2^27 to u per
  // step; with du = 0 the single wrap cannot keep up and the golden model's 64-bit sum leaves int32
  // within a few dozen steps (so the stored u no longer follows any 24-bit rule).
  auto layer = test::fixed_layer({std::vector<int>(64, 254)}, SignMode::excitatory);
  layer.weight_exp = 7;
  layer.du = 0;
  layer.vth = quantizer::kVthMax;
  const FixedNetwork net = test::one_layer_net(layer);
  CHECK_THROWS_AS(quantizer::check_against_profile(net, quantizer::load_profile("spikeforge-core")), core::ConfigError);
  std::vector<std::vector<std::uint32_t>> active(40);
  for (auto& a : active) {
    for (std::uint32_t i = 0; i < 64; ++i) a.push_back(i);
  }
  const auto run = quantizer::run_golden(net, test::batch_of(64, active), 0, true);
  bool left_24_bits = false;
  bool overflowed_int32 = false;  // u climbed past 2^30, then its 64-bit value no longer fit the stored int32
  for (std::size_t t = 0; t < run.u[0].size(); ++t) {
    const std::int32_t u = run.u[0][t][0];
    left_24_bits = left_24_bits || u > quantizer::kWrapHigh || u <= -quantizer::kWrapHigh;
    if (t > 0) overflowed_int32 = overflowed_int32 || (run.u[0][t - 1][0] > (1 << 30) && u < 0);
  }
  CHECK(left_24_bits);
  CHECK(overflowed_int32);
}

TEST_CASE("profile check: worst_case_input shifts a negative sum by flooring") {
  auto layer = test::fixed_layer({{-3, 0, 2}}, SignMode::mixed);  // effective [-4, 0, 2]
  layer.weight_exp = -1;
  // Positive extreme 2 >> 1 = 1, negative extreme −4 >> 1 = −2: |a| ≤ 2.
  CHECK(quantizer::worst_case_input(layer) == 2);
  layer = test::fixed_layer({{-2, 0, 2}}, SignMode::mixed);
  layer.weight_exp = -2;  // 2 >> 2 = 0, −2 >> 2 = −1
  CHECK(quantizer::worst_case_input(layer) == 1);
}

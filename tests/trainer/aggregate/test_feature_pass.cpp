// The aggregate method's forward pass (trainer/admm/aggregate/feature_pass.hpp) against its plain
// twin: core::simulate with every step's spikes recorded, discounted step by step as
// readout::layer_features does. Same arithmetic, same order of float operations: the test asks
// for equal bits.
#include <catch2/catch.hpp>

#include <random>

#include "trainer/admm_fixtures.hpp"
#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/admm/aggregate/feature_pass.hpp"

using namespace spikeforge;

namespace {

core::Layer layer(int out, int in, float scale, std::uint64_t seed, bool spiking, core::ResetMode reset) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> n(0.0F, 1.0F);
  core::Layer l;
  l.weights = Eigen::MatrixXf::NullaryExpr(out, in, [&] { return scale * n(rng); });
  l.bias = Eigen::VectorXf::NullaryExpr(out, [&] { return 0.05F * n(rng); });
  l.neuron.leak = 0.9F;
  l.neuron.v_thresh = 1.0F;
  l.neuron.spiking = spiking;
  l.neuron.reset = reset;
  return l;
}

/// The twin: core::simulate, then f = δ f + s over the recorded steps.
struct Twin {
  std::vector<Eigen::MatrixXf> f;
  core::SimResult sim;
};
Twin twin(const std::vector<core::Layer>& layers, const core::SpikeBatch& data, float fd) {
  core::FloatNetwork net;
  net.layers = layers;
  core::SimOptions opt;
  opt.record_spikes = true;
  Twin out;
  out.sim = core::simulate(net, data, opt);
  for (std::size_t l = 0; l < layers.size(); ++l) {
    if (!layers[l].neuron.spiking) continue;
    Eigen::MatrixXf acc = Eigen::MatrixXf::Zero(layers[l].outputs(), static_cast<Eigen::Index>(data.size()));
    for (int t = 0; t < data.steps(); ++t) acc = fd * acc + out.sim.spikes[l][static_cast<std::size_t>(t)];
    out.f.push_back(acc);
  }
  return out;
}

void compare(const std::vector<core::Layer>& layers, const core::SpikeBatch& data) {
  const float fd = 0.9F;
  const auto fast = trainer::admm::feature_pass(layers, data, fd);
  const Twin ref = twin(layers, data, fd);
  REQUIRE(fast.features.size() == ref.f.size());
  double spikes = 0.0;
  for (std::size_t l = 0; l < ref.f.size(); ++l) {
    CHECK(fast.features[l] == ref.f[l]);
    CHECK(fast.spike_counts[l] == ref.sim.spike_counts[l]);
    spikes += ref.sim.spike_counts[l].sum();
  }
  CHECK(spikes > 0.0);  // the comparison saw spikes in every configuration
  if (!layers.back().neuron.spiking) {
    CHECK(fast.output == ref.sim.output);
    CHECK(fast.predictions == ref.sim.predictions);
  } else {
    CHECK(fast.output.size() == 0);
  }
}

}  // namespace

TEST_CASE("feature_pass equals core::simulate bit for bit (features, counts, output, predictions)", "[admm][aggregate]") {
  // 70 samples: one full block of 64 and a partial one; 70 and 130 neurons: full tiles of 64 and a remainder.
  const auto data = test::random_batch(70, 9, 50, 4, 0.3, 11);
  SECTION("two hidden layers (subtract) and an integrator output") {
    compare({layer(70, 50, 0.5F, 1, true, core::ResetMode::subtract), layer(130, 70, 0.5F, 2, true, core::ResetMode::subtract),
             layer(4, 130, 0.3F, 3, false, core::ResetMode::subtract)},
            data);
  }
  SECTION("reset to zero, every layer spiking") {
    compare({layer(64, 50, 0.6F, 4, true, core::ResetMode::zero), layer(5, 64, 0.6F, 5, true, core::ResetMode::zero)}, data);
  }
  SECTION("one hidden layer, as the aggregate loop uses it") {
    compare({layer(33, 50, 0.6F, 6, true, core::ResetMode::subtract)}, data);
  }
}

TEST_CASE("feature_pass refuses layers that do not chain or an integrator in the middle", "[admm][aggregate]") {
  const auto data = test::random_batch(3, 4, 10, 2, 0.3, 12);
  CHECK_THROWS_AS(trainer::admm::feature_pass({layer(5, 9, 1.0F, 1, true, core::ResetMode::subtract)}, data, 0.9),
                  core::ConfigError);
  CHECK_THROWS_AS(trainer::admm::feature_pass({layer(5, 10, 1.0F, 1, false, core::ResetMode::subtract),
                                               layer(2, 5, 1.0F, 2, false, core::ResetMode::subtract)},
                                              data, 0.9),
                  core::ConfigError);
}

TEST_CASE("the aggregate loop trains the same network with feature_pass and with its twin", "[admm][aggregate][train]") {
  core::DatasetSpec spec;
  spec.name = "fashion-mnist";
  spec.steps = 10;
  spec.max_samples = 200;
  const auto data = core::load_spikes(spec);
  spec.offset = 200;
  spec.max_samples = 100;
  const auto val = core::load_spikes(spec);
  trainer::admm::Settings s = trainer::admm::Settings::improved();
  s.hidden = {70};  // a full tile of 64 neurons and a remainder
  s.iterations = 3;
  s.val_every = 1;
  const auto fast = trainer::admm::train(s, data, &val, {});
  s.reference_forward = true;
  const auto ref = trainer::admm::train(s, data, &val, {});
  REQUIRE(fast.net.layers.size() == ref.net.layers.size());
  for (std::size_t l = 0; l < ref.net.layers.size(); ++l) {
    CHECK(fast.net.layers[l].weights == ref.net.layers[l].weights);
    CHECK(fast.net.layers[l].bias == ref.net.layers[l].bias);
  }
  REQUIRE(fast.history.size() == ref.history.size());
  for (std::size_t k = 0; k < ref.history.size(); ++k) {
    CHECK(fast.history[k].metrics.at("val_acc") == ref.history[k].metrics.at("val_acc"));
    CHECK(fast.history[k].metrics.at("hidden_rate_0") == ref.history[k].metrics.at("hidden_rate_0"));
  }
}

// Tests of trainer/bptt/bptt.cpp: learns the synthetic timing task, determinism, checkpoint/resume
// equality, progress reports and input checks.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "support/temp_dir.hpp"
#include "trainer/bptt/bptt.hpp"

using namespace spikeforge;

namespace {

// The synthetic task (4 classes, chance 0.25): 64 hidden neurons reach 1.00 test accuracy after one
// epoch (docs/bench/bptt.md); this smaller 32-neuron, 3-epoch run must reach 0.9, which leaves room
// for round-off differences between compilers while failing for a broken trainer.
constexpr double kSyntheticMinAccuracy = 0.9;

core::SpikeBatch synthetic(const std::string& split, std::size_t max_samples) {
  core::DatasetSpec spec;
  spec.name = "synthetic";
  spec.split = split;
  spec.steps = 40;
  spec.max_samples = max_samples;
  return core::load_spikes(spec);
}

trainer::BpttSettings small_settings() {
  trainer::BpttSettings s;
  s.hidden = {16};
  s.epochs = 2;
  s.batch_size = 32;
  s.lr = 5e-3F;
  s.threads = 1;
  return s;
}

bool same_weights(const core::FloatNetwork& a, const core::FloatNetwork& b) {
  if (a.layers.size() != b.layers.size()) return false;
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    if (a.layers[l].weights != b.layers[l].weights || a.layers[l].bias != b.layers[l].bias) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("bptt: learns the synthetic timing task", "[bptt]") {
  const core::SpikeBatch train = synthetic("train", 0);
  const core::SpikeBatch test = synthetic("test", 0);
  trainer::BpttSettings s;
  s.hidden = {32};
  s.epochs = 3;
  s.batch_size = 32;
  s.lr = 5e-3F;
  s.threads = 2;
  s.report_every_batches = 0;  // one report per epoch (the default adds one every 50 batches)
  int reports = 0;
  const trainer::BpttResult r = trainer::train_bptt(s, train, &test, [&](const trainer::TrainProgress& p) {
    ++reports;
    CHECK(p.method == "bptt");
    CHECK(p.iteration == reports);
    CHECK(p.metrics.count("loss") == 1);
  });
  CHECK(reports == 3);
  REQUIRE(r.history.size() == 3);
  CHECK(r.epochs_run == 3);
  CHECK(r.history.back().metrics.at("loss") < r.history.front().metrics.at("loss"));
  CHECK(r.val_acc >= kSyntheticMinAccuracy);
  // The returned network is the float model of docs/architecture.md: core::simulate gives the same accuracy.
  const core::SimResult sim = core::simulate(r.net, test);
  std::size_t ok = 0;
  for (std::size_t i = 0; i < test.size(); ++i) ok += sim.predictions[i] == test.label(i) ? 1U : 0U;
  CHECK(static_cast<double>(ok) / static_cast<double>(test.size()) == Approx(r.val_acc).margin(0.01));
  CHECK_NOTHROW(r.net.validate());
  CHECK(r.net.metadata_json.find("\"trainer\": \"bptt\"") != std::string::npos);
}

TEST_CASE("bptt: a spike budget lowers the reported hidden firing rate", "[bptt]") {
  const core::SpikeBatch train = synthetic("train", 256);
  trainer::BpttSettings s = small_settings();
  const trainer::BpttResult free_run = trainer::train_bptt(s, train, nullptr, {});
  s.spike_budget = 4.0F;
  const trainer::BpttResult budget_run = trainer::train_bptt(s, train, nullptr, {});
  REQUIRE(free_run.hidden_rates.size() == 1);
  REQUIRE(budget_run.hidden_rates.size() == 1);
  const auto& last_free = free_run.history.back().metrics;
  const auto& last_budget = budget_run.history.back().metrics;
  CHECK(last_free.at("hidden_rate") == free_run.hidden_rates[0]);
  CHECK(last_free.at("hidden_rate_l1") == free_run.hidden_rates[0]);
  CHECK(last_free.at("spike_loss") == 0.0);
  CHECK(last_budget.at("spike_loss") == Approx(4.0 * budget_run.hidden_rates[0]));
  CHECK(free_run.hidden_rates[0] > 0.0);
  CHECK(budget_run.hidden_rates[0] < free_run.hidden_rates[0]);
  CHECK(budget_run.net.metadata_json.find("\"spike_budget\": 4") != std::string::npos);
}

TEST_CASE("bptt: the same seed gives identical weights, another seed different ones", "[bptt]") {
  const core::SpikeBatch train = synthetic("train", 300);
  trainer::BpttSettings s = small_settings();
  s.reset = core::ResetMode::zero;
  s.loss = "mse";
  const trainer::BpttResult a = trainer::train_bptt(s, train, nullptr, {});
  const trainer::BpttResult b = trainer::train_bptt(s, train, nullptr, {});
  CHECK(same_weights(a.net, b.net));
  s.seed = 2;
  const trainer::BpttResult c = trainer::train_bptt(s, train, nullptr, {});
  CHECK_FALSE(same_weights(a.net, c.net));
  CHECK(a.val_acc == -1.0);
}

TEST_CASE("bptt: 1 epoch + checkpoint + resume ends bit-identical to 2 epochs straight", "[bptt]") {
  const test::TempDir dir;
  const core::SpikeBatch train = synthetic("train", 300);
  const core::SpikeBatch val = synthetic("test", 100);
  trainer::BpttSettings s = small_settings();
  s.threads = 2;
  const trainer::BpttResult straight = trainer::train_bptt(s, train, &val, {});

  const std::filesystem::path ckpt = dir.path() / "bptt.ckpt";
  trainer::BpttSettings first = s;
  first.epochs = 1;
  trainer::train_bptt(first, train, &val, {}, {.path = ckpt, .every = 1, .resume = false});
  REQUIRE(std::filesystem::exists(ckpt));
  const trainer::BpttResult resumed = trainer::train_bptt(s, train, &val, {}, {.path = ckpt, .every = 1, .resume = true});

  CHECK(same_weights(straight.net, resumed.net));
  CHECK(resumed.epochs_run == 2);
  REQUIRE(resumed.history.size() == 2);
  CHECK(resumed.history[0].metrics.at("loss") == straight.history[0].metrics.at("loss"));
  CHECK(resumed.history[1].metrics.at("loss") == straight.history[1].metrics.at("loss"));
  CHECK(resumed.val_acc == straight.val_acc);

  SECTION("resuming with other settings is a ConfigError") {
    trainer::BpttSettings other = s;
    other.lr = 1e-2F;
    CHECK_THROWS_AS(trainer::train_bptt(other, train, &val, {}, {.path = ckpt, .every = 1, .resume = true}),
                    core::ConfigError);
  }
  SECTION("resuming from a missing file is an InputError") {
    CHECK_THROWS_AS(trainer::train_bptt(s, train, &val, {}, {.path = dir.path() / "none.ckpt", .every = 1, .resume = true}),
                    core::InputError);
  }
}

TEST_CASE("bptt: bad inputs are ConfigErrors", "[bptt]") {
  const core::SpikeBatch train = synthetic("train", 50);
  trainer::BpttSettings s = small_settings();
  s.epochs = 1;
  CHECK_THROWS_AS(trainer::train_bptt(s, core::SpikeBatch(40, 32, 4), nullptr, {}), core::ConfigError);
  const core::SpikeBatch other(20, 32, 4);
  CHECK_THROWS_AS(trainer::train_bptt(s, train, &other, {}), core::ConfigError);
  s.hidden = {};
  CHECK_THROWS_AS(trainer::train_bptt(s, train, nullptr, {}), core::ConfigError);
  CHECK_THROWS_AS(trainer::train_bptt(small_settings(), train, nullptr, {}, {.path = "", .every = 1, .resume = true}),
                  core::ConfigError);
}

TEST_CASE("bptt: zero epochs returns the initial network", "[bptt]") {
  const core::SpikeBatch train = synthetic("train", 50);
  trainer::BpttSettings s = small_settings();
  s.epochs = 0;
  const trainer::BpttResult r = trainer::train_bptt(s, train, nullptr, {});
  CHECK(r.history.empty());
  CHECK(same_weights(r.net, trainer::bptt_initial_network(s, train.inputs(), train.classes())));
}

namespace {

/// A ternary grid per layer, fixed from the start network: {−h_l, 0, h_l} with h_l = max|W_l|
/// (weights beyond ±h_l clip), biases onto the same values. Idempotent.
trainer::WeightProjection coarse_grid(const core::FloatNetwork& start) {
  std::vector<float> h;
  for (const auto& L : start.layers) h.push_back(L.weights.cwiseAbs().maxCoeff());
  trainer::WeightProjection p;
  p.project = [h](std::size_t l, Eigen::MatrixXf& w, Eigen::VectorXf& b) {
    const float step = h[l];
    const auto snap = [step](float x) { return std::clamp(std::nearbyint(x / step), -1.0F, 1.0F) * step; };
    w = w.unaryExpr(snap);
    b = b.unaryExpr(snap);
  };
  return p;
}

double accuracy(const core::FloatNetwork& net, const core::SpikeBatch& data) {
  const core::SimResult sim = core::simulate(net, data);
  std::size_t ok = 0;
  for (std::size_t i = 0; i < data.size(); ++i) ok += sim.predictions[i] == data.label(i) ? 1U : 0U;
  return static_cast<double>(ok) / static_cast<double>(data.size());
}

}  // namespace

TEST_CASE("bptt: straight-through fine-tuning lands on the grid and beats plain projection", "[bptt][finetune]") {
  const core::SpikeBatch train = synthetic("train", 0);
  const core::SpikeBatch test = synthetic("test", 0);
  trainer::BpttSettings s = small_settings();
  s.hidden = {32};
  s.epochs = 3;  // the float network of the "learns the synthetic task" test
  const core::FloatNetwork start = trainer::train_bptt(s, train, nullptr, {}).net;
  const trainer::WeightProjection grid = coarse_grid(start);
  core::FloatNetwork plain = start;
  grid.apply(plain);
  trainer::FineTune ft;
  ft.start = &start;
  ft.projection = grid;
  s.epochs = 2;
  s.lr = 2e-3F;
  const trainer::BpttResult r = trainer::train_bptt(s, train, &test, {}, {}, ft);
  // On the grid: projecting again changes nothing.
  core::FloatNetwork again = r.net;
  grid.apply(again);
  CHECK(same_weights(again, r.net));
  CHECK_FALSE(same_weights(r.net, plain));
  // val_acc is measured on the projected weights, i.e. on the returned network.
  const double tuned = accuracy(r.net, test);
  CHECK(tuned == Approx(r.val_acc).margin(0.01));
  // Fine-tuning recovers accuracy the plain projection lost (it cannot be worse than chance on
  // this separable task either).
  INFO("plain " << accuracy(plain, test) << ", fine-tuned " << tuned << ", float " << accuracy(start, test));
  CHECK(tuned >= accuracy(plain, test));
  CHECK(tuned >= kSyntheticMinAccuracy);
}

TEST_CASE("bptt: fine-tuning starts from the given network", "[bptt][finetune]") {
  const core::SpikeBatch train = synthetic("train", 100);
  trainer::BpttSettings s = small_settings();
  const core::FloatNetwork start = trainer::train_bptt(s, train, nullptr, {}).net;
  trainer::FineTune ft;
  ft.start = &start;
  s.epochs = 0;
  CHECK(same_weights(trainer::train_bptt(s, train, nullptr, {}, {}, ft).net, start));
  // Zero epochs with a projection: the projected start network.
  ft.projection = coarse_grid(start);
  core::FloatNetwork projected = start;
  ft.projection.apply(projected);
  CHECK(same_weights(trainer::train_bptt(s, train, nullptr, {}, {}, ft).net, projected));
  // Deterministic: the same seed gives bit-identical straight-through results.
  s.epochs = 1;
  CHECK(same_weights(trainer::train_bptt(s, train, nullptr, {}, {}, ft).net,
                     trainer::train_bptt(s, train, nullptr, {}, {}, ft).net));
  // Not a BPTT network: a spiking output layer, or data of another shape.
  core::FloatNetwork spiking = start;
  spiking.layers.back().neuron.spiking = true;
  ft.start = &spiking;
  CHECK_THROWS_WITH(trainer::train_bptt(s, train, nullptr, {}, {}, ft), Catch::Contains("output layer spikes"));
  core::FloatNetwork narrow = start;
  narrow.layers.front().weights.conservativeResize(Eigen::NoChange, 8);
  ft.start = &narrow;
  CHECK_THROWS_WITH(trainer::train_bptt(s, train, nullptr, {}, {}, ft), Catch::Contains("8 inputs"));
}

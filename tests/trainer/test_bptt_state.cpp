// Tests of trainer/bptt/state.cpp: the training state round-trips exactly through a checkpoint.
#include <catch2/catch.hpp>

#include <fstream>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"
#include "trainer/bptt/state.hpp"

using namespace spikeforge;
using namespace spikeforge::trainer::bptt;

namespace {
TrainState make_state() {
  TrainState s;
  s.model.weights = {Model<float>::Matrix::Random(3, 4), Model<float>::Matrix::Random(2, 3)};
  s.model.biases = {Model<float>::Vector::Random(3), Model<float>::Vector::Random(2)};
  s.model.leak = {0.9F, 0.8F};
  s.model.v_thresh = {1.0F, 1.0F};
  s.model.reset = {core::ResetMode::zero, core::ResetMode::zero};
  s.adam.init(s.model);
  s.adam.step = 17;
  s.adam.m_weights[0].setConstant(0.25F);
  s.adam.v_biases[1].setConstant(1e-7F);
  s.rng.seed(42);
  s.rng.discard(5);
  s.epoch = 3;
  s.seconds = 12.5;
  s.history = {{1, 0.1, {{"loss", 1.0 / 3.0}, {"train_acc", 0.5}}}, {2, 0.2, {{"val_acc", 0.75}}}};
  return s;
}
}  // namespace

TEST_CASE("bptt state: save then load restores every field exactly", "[bptt]") {
  const test::TempDir dir;
  const TrainState a = make_state();
  save_state(a, "fp", dir / "s.ckpt");
  TrainState b = make_state();
  b.model.weights[0].setZero();
  b.model.biases[1].setZero();
  b.adam.init(b.model);
  b.rng.seed(1);
  b.epoch = 0;
  b.history.clear();
  load_state(dir / "s.ckpt", "fp", b);
  CHECK(b.model.weights[0] == a.model.weights[0]);
  CHECK(b.model.biases[1] == a.model.biases[1]);
  CHECK(b.adam.step == 17);
  CHECK(b.adam.m_weights[0] == a.adam.m_weights[0]);
  CHECK(b.adam.v_biases[1] == a.adam.v_biases[1]);
  CHECK(b.rng == a.rng);
  CHECK(b.epoch == 3);
  CHECK(b.seconds == 12.5);
  REQUIRE(b.history.size() == 2);
  CHECK(b.history[0].metrics.at("loss") == 1.0 / 3.0);
  CHECK(b.history[1].iteration == 2);
  CHECK(b.history[1].metrics.at("val_acc") == 0.75);
}

TEST_CASE("bptt state: wrong fingerprint, shape or file are rejected", "[bptt]") {
  const test::TempDir dir;
  const TrainState a = make_state();
  save_state(a, "fp", dir / "s.ckpt");
  TrainState b = make_state();
  CHECK_THROWS_AS(load_state(dir / "s.ckpt", "other", b), core::ConfigError);
  b.model.weights[1].resize(2, 5);
  CHECK_THROWS_AS(load_state(dir / "s.ckpt", "fp", b), core::InputError);
  CHECK_THROWS_AS(load_state(dir / "missing.ckpt", "fp", b), core::InputError);
  { std::ofstream(dir / "junk.ckpt") << "not a checkpoint"; }
  CHECK_THROWS_AS(load_state(dir / "junk.ckpt", "fp", b), core::InputError);
}

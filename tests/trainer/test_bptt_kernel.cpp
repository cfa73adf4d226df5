// Tests of trainer/bptt/kernel.cpp: analytic gradients vs finite differences of the smooth
// surrogate model, the fast kernel vs its plain reference twin (trainer/bptt/reference.cpp), and
// the kernel's forward pass vs core::simulate.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>
#include <vector>

#include "core/float_sim.hpp"
#include "trainer/bptt/kernel.hpp"
#include "trainer/bptt/reference.hpp"

using namespace spikeforge;
using namespace spikeforge::trainer::bptt;

namespace {

// Central differences in double with h = 1e-6: truncation O(h²) plus round-off ~1e-16/h ≈ 1e-10;
// the smooth spike function is only C¹ at v = θ, which can add O(h) = 1e-6 for a potential that
// sits within h of θ. Compared as |a − n| ≤ abs + rel·|n|.
constexpr double kFdStep = 1e-6;
constexpr double kFdAbsTolerance = 2e-6;
constexpr double kFdRelTolerance = 1e-5;
// Kernel (double, layer-major, GEMMs) vs reference (double, time-major, scalar loops): the same
// arithmetic in another order, so only round-off differs.
constexpr double kTwinTolerance = 1e-10;
// float kernel vs double kernel on a net whose potentials stay away from θ: float round-off
// (~1e-7 relative) accumulated over T steps and a few layers.
constexpr double kFloatTolerance = 1e-4;

struct Problem {
  Model<double> model;
  Eigen::MatrixXd inputs;         // n_0 × T·N, column t·N + n
  std::vector<int> labels;
  int steps = 0;
  Eigen::Index samples = 0;
};

Problem make_problem(const std::vector<int>& sizes, int T, int N, core::ResetMode reset, std::uint64_t seed,
                     double weight_scale) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::bernoulli_distribution spike(0.4);
  Problem p;
  p.steps = T;
  p.samples = N;
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    Eigen::MatrixXd W(sizes[l], sizes[l - 1]);
    for (Eigen::Index i = 0; i < W.size(); ++i) W.data()[i] = weight_scale * u(rng);
    Eigen::VectorXd b(sizes[l]);
    for (Eigen::Index i = 0; i < b.size(); ++i) b(i) = 0.1 * u(rng);
    p.model.weights.push_back(W);
    p.model.biases.push_back(b);
    p.model.leak.push_back(0.9);
    p.model.v_thresh.push_back(0.5);
    p.model.reset.push_back(reset);
  }
  p.inputs.resize(sizes[0], static_cast<Eigen::Index>(T) * N);
  for (Eigen::Index i = 0; i < p.inputs.size(); ++i) p.inputs.data()[i] = spike(rng) ? 1.0 : 0.0;
  for (int n = 0; n < N; ++n) p.labels.push_back(static_cast<int>(rng() % static_cast<std::uint64_t>(sizes.back())));
  return p;
}

template <typename Scalar>
double batch_loss(const Model<Scalar>& model, const KernelOptions& o, const Problem& p, Grads<Scalar>* grads) {
  Tape<Scalar> tape;
  tape.steps = p.steps;
  tape.samples = p.samples;
  tape.spikes = {p.inputs.cast<Scalar>()};
  forward(model, o, tape);
  typename Model<Scalar>::Matrix g;
  const double scale = 1.0 / static_cast<double>(p.samples);
  const LossStats s = output_loss<Scalar>(tape.output, p.labels, o.loss, scale, grads ? &g : nullptr);
  if (grads != nullptr) backward(model, o, tape, g, *grads);
  return s.loss_sum * scale + hidden_activity(o, tape).penalty;
}

Model<float> to_float(const Model<double>& m) {
  Model<float> f;
  for (std::size_t l = 0; l < m.depth(); ++l) {
    f.weights.push_back(m.weights[l].cast<float>());
    f.biases.push_back(m.biases[l].cast<float>());
    f.leak.push_back(static_cast<float>(m.leak[l]));
    f.v_thresh.push_back(static_cast<float>(m.v_thresh[l]));
    f.reset.push_back(m.reset[l]);
  }
  return f;
}

double max_abs_diff(const Grads<double>& a, const Grads<double>& b) {
  double d = 0.0;
  for (std::size_t l = 0; l < a.weights.size(); ++l) {
    d = std::max(d, (a.weights[l] - b.weights[l]).cwiseAbs().maxCoeff());
    d = std::max(d, (a.biases[l] - b.biases[l]).cwiseAbs().maxCoeff());
  }
  return d;
}

Grads<double> reference_grads(const Problem& p, const KernelOptions& o, double* loss) {
  Grads<double> g = zero_grads(p.model);
  double total = 0.0;
  const double scale = 1.0 / static_cast<double>(p.samples);
  for (Eigen::Index n = 0; n < p.samples; ++n) {
    Eigen::MatrixXd x(p.steps, p.inputs.rows());
    for (int t = 0; t < p.steps; ++t) x.row(t) = p.inputs.col(static_cast<Eigen::Index>(t) * p.samples + n).transpose();
    total += reference_sample_grad(p.model, o, x, p.labels[static_cast<std::size_t>(n)], scale, g);
  }
  *loss = total * scale;
  return g;
}

}  // namespace

TEST_CASE("bptt kernel: gradients match finite differences of the smooth surrogate model", "[bptt]") {
  for (const core::ResetMode reset : {core::ResetMode::subtract, core::ResetMode::zero}) {
    for (const Loss loss : {Loss::cross_entropy, Loss::mse}) {
     for (const double budget : {0.0, 3.0}) {
      DYNAMIC_SECTION("reset " << core::to_string(reset) << ", loss " << (loss == Loss::mse ? "mse" : "ce")
                               << ", spike budget " << budget) {
        Problem p = make_problem({5, 4, 3, 3}, 6, 3, reset, 11, 0.6);
        KernelOptions o;
        o.spike = SpikeFn::smooth;
        o.surrogate_slope = 2.0;
        o.loss = loss;
        o.spike_budget = budget;
        Grads<double> g;
        batch_loss(p.model, o, p, &g);
        int checked = 0;
        for (std::size_t l = 0; l < p.model.depth(); ++l) {
          auto check = [&](double& param, double analytic) {
            const double keep = param;
            param = keep + kFdStep;
            const double up = batch_loss<double>(p.model, o, p, nullptr);
            param = keep - kFdStep;
            const double down = batch_loss<double>(p.model, o, p, nullptr);
            param = keep;
            const double numeric = (up - down) / (2.0 * kFdStep);
            INFO("layer " << l << " numeric " << numeric << " analytic " << analytic);
            REQUIRE(std::abs(analytic - numeric) <= kFdAbsTolerance + kFdRelTolerance * std::abs(numeric));
            ++checked;
          };
          for (Eigen::Index i = 0; i < p.model.weights[l].size(); ++i) check(p.model.weights[l].data()[i], g.weights[l].data()[i]);
          for (Eigen::Index i = 0; i < p.model.biases[l].size(); ++i) check(p.model.biases[l].data()[i], g.biases[l].data()[i]);
        }
        CHECK(checked == 5 * 4 + 4 + 4 * 3 + 3 + 3 * 3 + 3);
        // The gradient is not trivially zero (the check above would pass for a dead network).
        CHECK(g.weights[0].cwiseAbs().maxCoeff() > 1e-3);
      }
     }
    }
  }
}

TEST_CASE("bptt kernel: fast kernel equals its reference twin (hard spikes, both resets, detach on/off)", "[bptt]") {
  for (const core::ResetMode reset : {core::ResetMode::subtract, core::ResetMode::zero}) {
    for (const bool detach : {false, true}) {
     for (const double budget : {0.0, 0.7}) {
      DYNAMIC_SECTION("reset " << core::to_string(reset) << ", detach " << detach << ", spike budget " << budget) {
        Problem p = make_problem({7, 6, 5, 4}, 12, 5, reset, 23, 1.2);
        KernelOptions o;
        o.detach_reset = detach;
        o.spike_budget = budget;
        o.surrogate_slope = 5.0;
        Grads<double> fast;
        const double fast_loss = batch_loss(p.model, o, p, &fast);
        double ref_loss = 0.0;
        const Grads<double> ref = reference_grads(p, o, &ref_loss);
        CHECK(std::abs(fast_loss - ref_loss) <= kTwinTolerance);
        CHECK(max_abs_diff(fast, ref) <= kTwinTolerance);
        CHECK(ref.weights[0].cwiseAbs().maxCoeff() > 1e-3);
        // Two threads split the samples: the same numbers exactly.
        o.threads = 2;
        Grads<double> fast2;
        CHECK(batch_loss(p.model, o, p, &fast2) == fast_loss);
        CHECK(max_abs_diff(fast, fast2) == 0.0);
      }
     }
    }
  }
}

TEST_CASE("bptt kernel: the spike budget adds lambda x the hidden firing rate and pushes potentials down", "[bptt]") {
  Problem p = make_problem({7, 6, 5, 4}, 12, 5, core::ResetMode::subtract, 23, 1.2);
  KernelOptions o;
  Tape<double> tape;
  tape.steps = p.steps;
  tape.samples = p.samples;
  tape.spikes = {p.inputs};
  forward(p.model, o, tape);
  const HiddenActivity none = hidden_activity(o, tape);
  CHECK(none.penalty == 0.0);
  REQUIRE(none.spikes.size() == 2);
  // Count the spikes by hand: rates are spikes / (neurons · T · N).
  const double s1 = tape.spikes[1].sum();
  const double s2 = tape.spikes[2].sum();
  REQUIRE(s1 + s2 > 0.0);
  CHECK(none.spikes[0] == s1);
  CHECK(none.rates[1] == s2 / (5.0 * 12.0 * 5.0));
  CHECK(none.rate == (s1 + s2) / (11.0 * 12.0 * 5.0));
  o.spike_budget = 2.0;
  const HiddenActivity priced = hidden_activity(o, tape);
  CHECK(priced.penalty == 2.0 * priced.rate);
  // With a zero output gradient and the reset detached, the last hidden layer's gradient is the
  // budget alone: ν_t = λ/(N·T·H)·σ'(v_t) + δ ν_{t+1} ≥ 0, so every bias gradient is ≥ 0 (a
  // descent step lowers the biases, hence the potentials) and their sum is > 0.
  o.detach_reset = true;
  Grads<double> g;
  const Model<double>::Matrix zero = Model<double>::Matrix::Zero(4, p.samples);
  backward(p.model, o, tape, zero, g);
  CHECK(g.biases[1].minCoeff() >= 0.0);
  CHECK(g.biases[1].sum() > 0.0);
  CHECK(g.biases[2].cwiseAbs().maxCoeff() == 0.0);  // the output integrator has no spikes to price
}

TEST_CASE("bptt kernel: detaching the reset changes the hidden gradients only", "[bptt]") {
  Problem p = make_problem({7, 6, 4}, 12, 5, core::ResetMode::subtract, 5, 1.2);
  KernelOptions o;
  Grads<double> exact;
  Grads<double> detached;
  batch_loss(p.model, o, p, &exact);
  o.detach_reset = true;
  batch_loss(p.model, o, p, &detached);
  CHECK((exact.weights[1] - detached.weights[1]).cwiseAbs().maxCoeff() == 0.0);  // output layer: no reset
  CHECK((exact.weights[0] - detached.weights[0]).cwiseAbs().maxCoeff() > 1e-6);
}

TEST_CASE("bptt kernel: float kernel agrees with the double kernel", "[bptt]") {
  Problem p = make_problem({8, 6, 4}, 10, 4, core::ResetMode::zero, 7, 1.0);
  KernelOptions o;
  Grads<double> gd;
  Grads<float> gf;
  const double ld = batch_loss(p.model, o, p, &gd);
  const double lf = batch_loss(to_float(p.model), o, p, &gf);
  CHECK(std::abs(ld - lf) <= kFloatTolerance * (1.0 + std::abs(ld)));
  for (std::size_t l = 0; l < gd.weights.size(); ++l) {
    CHECK((gd.weights[l] - gf.weights[l].cast<double>()).cwiseAbs().maxCoeff() <= kFloatTolerance);
  }
}

TEST_CASE("bptt kernel: forward pass and predict agree with core::simulate", "[bptt]") {
  for (const core::ResetMode reset : {core::ResetMode::subtract, core::ResetMode::zero}) {
    Problem p = make_problem({9, 8, 3}, 15, 1, reset, 99, 1.0);
    core::FloatNetwork net;
    for (std::size_t l = 0; l < p.model.depth(); ++l) {
      core::Layer layer;
      layer.weights = p.model.weights[l].cast<float>();
      layer.bias = p.model.biases[l].cast<float>();
      layer.neuron.leak = 0.9F;
      layer.neuron.v_thresh = 0.5F;
      layer.neuron.reset = reset;
      layer.neuron.spiking = l + 1 < p.model.depth();
      net.layers.push_back(layer);
    }
    core::SpikeBatch batch(15, 9, 3);
    std::mt19937_64 rng(3);
    for (int n = 0; n < 20; ++n) {
      Eigen::Matrix<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> r(15, 9);
      for (Eigen::Index i = 0; i < r.size(); ++i) r.data()[i] = (rng() % 3 == 0) ? 1 : 0;
      batch.add_dense_sample(r, n % 3);
    }
    const Model<float> model = model_from_network<float>(net);
    KernelOptions o;
    const std::vector<int> ours = predict(model, o, batch, 7);  // chunk 7: exercises a partial last chunk
    const core::SimResult sim = core::simulate(net, batch);
    CHECK(ours == sim.predictions);
    Tape<float> tape;
    std::vector<std::size_t> all(batch.size());
    for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
    load_inputs(batch, all, tape);
    forward(model, o, tape);
    CHECK(static_cast<double>((tape.output - sim.output).cwiseAbs().maxCoeff()) <= kFloatTolerance);
  }
}

// Golden model throughput: event-driven golden model vs its plain reference twin vs the float
// simulator (core::simulate), one thread each, on a 784-256-10 network with Fashion-MNIST rate
// input at T = 25 (test split, first kSamples samples).
//
// The network is random (fixed seed) and mapped onto the spikeforge-core profile; its weights are
// chosen so the hidden layer fires at a plausible rate (printed). Reported per benchmark:
// samples/s and synaptic ops/s (golden-model definition: one per active input × output neuron).
// At the end the program prints each benchmark's samples/s relative to the float simulator.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <random>
#include <string>

#include <omp.h>

#include "core/dataset.hpp"
#include "core/float_sim.hpp"
#include "quantizer/evaluate.hpp"
#include "quantizer/golden.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"

namespace sf = spikeforge;

namespace {

constexpr std::size_t kSamples = 200;
constexpr int kSteps = 25;

struct Fixture {
  sf::core::SpikeBatch batch;
  sf::core::FloatNetwork flt;
  sf::quantizer::FixedNetwork fixed;
  sf::quantizer::EventCounts counts;  // per pass over the batch
  double hidden_rate = 0.0;
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Fixture x;
    sf::core::DatasetSpec spec;
    spec.name = "fashion-mnist";
    spec.split = "test";
    spec.steps = kSteps;
    spec.max_samples = kSamples;
    x.batch = sf::core::load_spikes(spec);
    std::mt19937_64 rng(1);
    std::normal_distribution<float> g1(0.0F, 0.05F), g2(0.0F, 0.3F);
    sf::core::Layer h;
    h.weights = Eigen::MatrixXf(256, 784);
    for (Eigen::Index i = 0; i < h.weights.size(); ++i) h.weights.data()[i] = g1(rng);
    h.bias = Eigen::VectorXf::Zero(256);
    h.neuron = {0.9F, 1.0F, sf::core::ResetMode::subtract, true};
    sf::core::Layer o;
    o.weights = Eigen::MatrixXf(10, 256);
    for (Eigen::Index i = 0; i < o.weights.size(); ++i) o.weights.data()[i] = g2(rng);
    o.bias = Eigen::VectorXf::Zero(10);
    o.neuron = {0.95F, 1.0F, sf::core::ResetMode::subtract, false};
    x.flt.layers = {h, o};
    x.flt.encoding.steps = kSteps;
    x.fixed = sf::quantizer::map_network(x.flt, sf::quantizer::load_profile("spikeforge-core")).network;
    omp_set_num_threads(1);
    const auto r = sf::quantizer::evaluate_fixed(x.fixed, x.batch);
    x.counts = r.counts;
    x.hidden_rate = r.spike_counts[0].sum() / (256.0 * kSteps * static_cast<double>(x.batch.size()));
    std::fprintf(stderr, "bench_golden: %zu samples, T = %d, input spikes/sample/step = %.1f, hidden rate = %.4f spikes/neuron/step, synaptic ops/sample = %.0f\n",
                 x.batch.size(), kSteps, static_cast<double>(x.batch.total_spikes()) / (static_cast<double>(x.batch.size()) * kSteps),
                 x.hidden_rate, static_cast<double>(x.counts.synaptic_ops) / static_cast<double>(x.batch.size()));
    return x;
  }();
  return f;
}

void report(benchmark::State& state, std::size_t samples_per_iter) {
  const Fixture& f = fixture();
  const double ops = static_cast<double>(f.counts.synaptic_ops) * static_cast<double>(samples_per_iter) /
                     static_cast<double>(f.batch.size());
  state.counters["synops_per_s"] = benchmark::Counter(ops, benchmark::Counter::kIsIterationInvariantRate);
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(samples_per_iter), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_golden_event(benchmark::State& state) {
  const Fixture& f = fixture();
  omp_set_num_threads(1);
  sf::quantizer::GoldenModel model(f.fixed);
  for (auto _ : state) {
    for (std::size_t s = 0; s < f.batch.size(); ++s) {
      model.reset();
      for (int t = 0; t < f.batch.steps(); ++t) model.step(f.batch.active(s, t));
      benchmark::DoNotOptimize(model.layer_v(1).data());
    }
  }
  report(state, f.batch.size());
}

void BM_golden_run(benchmark::State& state) {  // run_golden with its per-step spike copies
  const Fixture& f = fixture();
  sf::quantizer::GoldenModel model(f.fixed);
  for (auto _ : state) {
    for (std::size_t s = 0; s < f.batch.size(); ++s) benchmark::DoNotOptimize(sf::quantizer::run_golden(model, f.batch, s).prediction);
  }
  report(state, f.batch.size());
}

void BM_golden_reference(benchmark::State& state) {
  const Fixture& f = fixture();
  constexpr std::size_t kRefSamples = 20;
  for (auto _ : state) {
    for (std::size_t s = 0; s < kRefSamples; ++s) {
      benchmark::DoNotOptimize(sf::quantizer::run_golden_reference(f.fixed, f.batch, s).prediction);
    }
  }
  report(state, kRefSamples);
}

void BM_float_simulate(benchmark::State& state) {
  const Fixture& f = fixture();
  omp_set_num_threads(1);
  for (auto _ : state) benchmark::DoNotOptimize(sf::core::simulate(f.flt, f.batch).predictions.data());
  report(state, f.batch.size());
}

BENCHMARK(BM_float_simulate)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_golden_event)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_golden_run)->Unit(benchmark::kMillisecond)->MinTime(2.0);
BENCHMARK(BM_golden_reference)->Unit(benchmark::kMillisecond)->MinTime(2.0);

/// Console output plus a ratio table against the float simulator measured in the same run.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const auto& r : runs) {
      const auto it = r.counters.find("samples_per_s");
      if (it != r.counters.end()) rates_[r.benchmark_name()] = it->second.value;
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const auto base = rates_.find("BM_float_simulate/min_time:2.000");
    if (base == rates_.end() || base->second <= 0.0) return;
    std::printf("\nsamples/s relative to BM_float_simulate (same run, 1 thread):\n");
    for (const auto& [name, rate] : rates_) std::printf("  %-40s %8.3fx\n", name.c_str(), rate / base->second);
  }

 private:
  std::map<std::string, double> rates_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  fixture();
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}

// Throughput of the verilated LIF core harness (clock cycles simulated per second, one thread)
// on a Fashion-MNIST-sized network (784-128-10, random 8-bit weights, input rate p per step),
// against the golden model on the same samples (the baseline, same run), and with FST tracing.
//   build/<dir>/bench/bench_rtl --benchmark_min_time=2
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "core/spikes.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/harness/core_sim.hpp"
#include "rtl_sim/harness/cosim.hpp"

namespace sf = spikeforge;

namespace {

constexpr int kSteps = 25;
constexpr int kSamples = 4;

sf::quantizer::FixedNetwork bench_network() {
  std::mt19937_64 rng(1);
  std::uniform_int_distribution<int> w(-40, 60);
  sf::quantizer::FixedNetwork net;
  int n_in = 784;
  for (const int n_out : {128, 10}) {
    sf::quantizer::FixedLayer L;
    L.weights.resize(n_out, n_in);
    for (Eigen::Index k = 0; k < L.weights.size(); ++k) {
      L.weights.data()[k] = static_cast<std::int16_t>(sf::quantizer::dense_effective_weight(w(rng), 8, sf::quantizer::SignMode::mixed));
    }
    L.du = 4095;
    L.dv = 200;
    L.vth = 400;
    L.bias_mant.assign(static_cast<std::size_t>(n_out), 0);
    L.reset = sf::core::ResetMode::subtract;
    L.spiking = n_out != 10;
    net.layers.push_back(std::move(L));
    n_in = n_out;
  }
  return net;
}

sf::core::SpikeBatch bench_batch(double p) {
  std::mt19937_64 rng(2);
  std::bernoulli_distribution spike(p);
  sf::core::SpikeBatch b(kSteps, 784, 10);
  std::vector<std::uint32_t> active;
  for (int s = 0; s < kSamples; ++s) {
    b.begin_sample(0);
    for (int t = 0; t < kSteps; ++t) {
      active.clear();
      for (std::uint32_t i = 0; i < 784; ++i) {
        if (spike(rng)) active.push_back(i);
      }
      b.add_step(active);
    }
  }
  return b;
}

void run_core(benchmark::State& state, const std::string& fst) {
  const auto net = bench_network();
  const auto batch = bench_batch(static_cast<double>(state.range(0)) / 100.0);
  sf::rtl_sim::CoreSimOptions opt;
  opt.fst_path = fst;
  sf::rtl_sim::CoreSim sim(opt);
  sim.load(sf::exporter::build_rtl_image(net, sim.limits()));
  std::vector<std::vector<std::uint32_t>> spikes;
  const std::uint64_t c0 = sim.clock_cycles();
  for (auto _ : state) {
    for (std::size_t s = 0; s < batch.size(); ++s) {
      sim.clear();
      for (int t = 0; t < kSteps; ++t) sim.step(batch.active(s, t), spikes);
    }
  }
  const auto cycles = static_cast<double>(sim.clock_cycles() - c0);
  state.counters["cycles_per_s"] = benchmark::Counter(cycles, benchmark::Counter::kIsRate);
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kSamples, benchmark::Counter::kIsRate);
  state.counters["cycles_per_sample"] = static_cast<double>(sim.counters().cycles);
}

void BM_CoreSim(benchmark::State& state) { run_core(state, ""); }

void BM_CoreSimFst(benchmark::State& state) {
  const auto path = std::filesystem::temp_directory_path() / "spikeforge-bench-rtl.fst";
  run_core(state, path.string());
  std::filesystem::remove(path);
}

void BM_Cosim(benchmark::State& state) {
  const auto net = bench_network();
  const auto batch = bench_batch(static_cast<double>(state.range(0)) / 100.0);
  sf::rtl_sim::Cosim cosim(net);
  const std::uint64_t c0 = cosim.clock_cycles();
  for (auto _ : state) {
    for (std::size_t s = 0; s < batch.size(); ++s) benchmark::DoNotOptimize(cosim.run_sample(batch, s));
  }
  state.counters["cycles_per_s"] =
      benchmark::Counter(static_cast<double>(cosim.clock_cycles() - c0), benchmark::Counter::kIsRate);
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kSamples, benchmark::Counter::kIsRate);
}

// Baseline: the golden model on the same samples.
void BM_Golden(benchmark::State& state) {
  const auto net = bench_network();
  const auto batch = bench_batch(static_cast<double>(state.range(0)) / 100.0);
  for (auto _ : state) {
    for (std::size_t s = 0; s < batch.size(); ++s) benchmark::DoNotOptimize(sf::quantizer::run_golden(net, batch, s));
  }
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * kSamples, benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_Golden)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CoreSim)->Arg(2)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_CoreSimFst)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Cosim)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();

// Float simulator throughput (core/float_sim.hpp) on Fashion-MNIST rate input, T = 25, for a
// 784-256-10 network (subtract-reset LIF hidden layer, integrator output) with random weights
// scaled so that the hidden layer fires at a realistic rate (calibrated to ~10 % per step).
//
// Figures (Google Benchmark counters, per second of wall time):
//   samples   samples simulated
//   synops    synaptic events delivered: Σ over samples, steps and layers of
//             (number of spiking inputs of the layer) × (the layer's fan-out n_l)
//   dense_mac the dense-equivalent multiply-accumulates: samples · T · Σ_l n_l · n_{l−1}
// Benchmarks:
//   simulate/threads:k       the library simulator with k OpenMP threads
//   reference                simulate_reference, sample by sample (the baseline; single thread)
//   input_events / input_gemm  the input layer's current only, for blocks of 256 samples, single
//                            thread: event-driven column sums (what the library does) vs a dense
//                            GEMM of W (256 × 784) by the 0/1 step matrix (784 × 256)
// Times and rates are per second of PROCESS CPU time (all threads), because the shared build
// machine is heavily loaded and wall time mostly measures waiting for a core; wall times are
// printed too. After the run, the ratios to the reference (and events vs GEMM) are printed.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <map>
#include <random>
#include <string>

#include <omp.h>

#include "core/dataset.hpp"
#include "core/float_sim.hpp"

namespace sf = spikeforge::core;

namespace {

constexpr int kSteps = 25;
constexpr std::size_t kSamples = 512;
constexpr int kHidden = 256;
constexpr int kClasses = 10;
constexpr float kTargetRate = 0.10F;  // Hidden spikes per neuron per step.

struct Setup {
  sf::SpikeBatch batch;
  sf::FloatNetwork net;
  double synops_per_run = 0.0;
  double dense_mac_per_run = 0.0;
  double hidden_rate = 0.0;
  double input_rate = 0.0;
};

sf::FloatNetwork make_net(float gain) {
  std::mt19937_64 rng(2026);
  std::normal_distribution<float> normal(0.0F, 1.0F);
  sf::FloatNetwork net;
  const int sizes[] = {784, kHidden, kClasses};
  for (int l = 1; l < 3; ++l) {
    sf::Layer layer;
    layer.weights.resize(sizes[l], sizes[l - 1]);
    const float scale = (l == 1 ? gain : 1.0F) / std::sqrt(static_cast<float>(sizes[l - 1]));
    for (Eigen::Index k = 0; k < layer.weights.size(); ++k) layer.weights.data()[k] = scale * normal(rng);
    layer.bias = Eigen::VectorXf::Zero(sizes[l]);
    layer.neuron.leak = 0.9F;
    layer.neuron.v_thresh = 1.0F;
    layer.neuron.spiking = l == 1;
    net.layers.push_back(layer);
  }
  return net;
}

const Setup& setup() {
  static const Setup s = [] {
    Setup out;
    sf::DatasetSpec spec;
    spec.name = "fashion-mnist";
    spec.split = "test";
    spec.encoding = "rate";
    spec.steps = kSteps;
    spec.max_samples = kSamples;
    out.batch = sf::load_spikes(spec);
    // Bisect the hidden layer's weight gain for the target firing rate on 64 samples.
    const sf::SpikeBatch probe = out.batch.slice(0, 64);
    float lo = 0.01F;
    float hi = 20.0F;
    for (int it = 0; it < 25; ++it) {
      const float mid = std::sqrt(lo * hi);
      const sf::SimResult r = sf::simulate(make_net(mid), probe);
      const double rate = r.spike_counts[0].sum() / (64.0 * kHidden * kSteps);
      (rate < static_cast<double>(kTargetRate) ? lo : hi) = mid;
    }
    out.net = make_net(std::sqrt(lo * hi));
    const sf::SimResult r = sf::simulate(out.net, out.batch);
    const double in_spikes = static_cast<double>(out.batch.total_spikes());
    const double hidden_spikes = r.spike_counts[0].sum();
    out.synops_per_run = in_spikes * kHidden + hidden_spikes * kClasses;
    out.dense_mac_per_run = static_cast<double>(kSamples) * kSteps * (784.0 * kHidden + kHidden * kClasses);
    out.hidden_rate = hidden_spikes / (static_cast<double>(kSamples) * kHidden * kSteps);
    out.input_rate = in_spikes / (static_cast<double>(kSamples) * 784 * kSteps);
    std::printf("setup: %zu Fashion-MNIST test samples, T = %d, input rate %.4f, hidden rate %.4f spikes/neuron/step\n",
                kSamples, kSteps, out.input_rate, out.hidden_rate);
    return out;
  }();
  return s;
}

void set_counters(benchmark::State& state, double runs_fraction) {
  const Setup& s = setup();
  const double runs = static_cast<double>(state.iterations()) * runs_fraction;
  state.counters["samples"] = benchmark::Counter(runs * kSamples, benchmark::Counter::kIsRate);
  state.counters["synops"] = benchmark::Counter(runs * s.synops_per_run, benchmark::Counter::kIsRate);
  state.counters["dense_mac"] = benchmark::Counter(runs * s.dense_mac_per_run, benchmark::Counter::kIsRate);
}

void BM_simulate(benchmark::State& state) {
  const Setup& s = setup();
  const int saved = omp_get_max_threads();
  omp_set_num_threads(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    sf::SimResult r = sf::simulate(s.net, s.batch);
    benchmark::DoNotOptimize(r.output.data());
  }
  omp_set_num_threads(saved);
  set_counters(state, 1.0);
}
BENCHMARK(BM_simulate)->Arg(1)->Arg(2)->ArgName("threads")->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_reference(benchmark::State& state) {
  const Setup& s = setup();
  for (auto _ : state) {
    for (std::size_t k = 0; k < kSamples; ++k) {
      Eigen::VectorXf out = sf::simulate_reference(s.net, s.batch, k);
      benchmark::DoNotOptimize(out.data());
    }
  }
  set_counters(state, 1.0);
}
BENCHMARK(BM_reference)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

constexpr std::size_t kBlock = 256;

void BM_input_events(benchmark::State& state) {
  const Setup& s = setup();
  const Eigen::MatrixXf& w = s.net.layers[0].weights;
  Eigen::MatrixXf cur(w.rows(), static_cast<Eigen::Index>(kBlock));
  for (auto _ : state) {
    for (int t = 0; t < kSteps; ++t) {
      for (std::size_t c = 0; c < kBlock; ++c) {
        auto col = cur.col(static_cast<Eigen::Index>(c));
        col.setZero();
        for (std::uint32_t j : s.batch.active(c, t)) col += w.col(static_cast<Eigen::Index>(j));
      }
      benchmark::DoNotOptimize(cur.data());
    }
  }
  state.counters["samples"] = benchmark::Counter(static_cast<double>(state.iterations()) * kBlock, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_input_events)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

void BM_input_gemm(benchmark::State& state) {
  const Setup& s = setup();
  const Eigen::MatrixXf& w = s.net.layers[0].weights;
  Eigen::MatrixXf x;
  Eigen::MatrixXf cur(w.rows(), static_cast<Eigen::Index>(kBlock));
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  for (auto _ : state) {
    for (int t = 0; t < kSteps; ++t) {
      s.batch.dense_step(t, 0, kBlock, x);
      cur.noalias() = w * x;
      benchmark::DoNotOptimize(cur.data());
    }
  }
  omp_set_num_threads(saved);
  state.counters["samples"] = benchmark::Counter(static_cast<double>(state.iterations()) * kBlock, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_input_gemm)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

/// Console output plus the per-run real time of each benchmark, for the ratios printed at the end.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& r : runs) {
      if (r.run_type == Run::RT_Iteration && r.iterations > 0) {
        times_[r.benchmark_name()] = r.GetAdjustedCPUTime();
        wall_[r.benchmark_name()] = r.GetAdjustedRealTime();
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  void print_ratios() const {
    const auto find = [&](const std::string& prefix) {
      for (const auto& [name, t] : times_) {
        if (name.rfind(prefix, 0) == 0) return t;
      }
      return 0.0;
    };
    const double ref = find("BM_reference");
    const double t1 = find("BM_simulate/threads:1");
    const double t2 = find("BM_simulate/threads:2");
    const double ev = find("BM_input_events");
    const double gemm = find("BM_input_gemm");
    if (ref > 0 && t1 > 0) std::printf("CPU-time speed-up vs reference: simulate 1 thread %.2fx", ref / t1);
    if (ref > 0 && t2 > 0) std::printf(", 2 threads (total CPU of both) %.2fx", ref / t2);
    std::printf("\n");
    if (ev > 0 && gemm > 0) std::printf("input layer: event-driven is %.2fx the speed of dense GEMM\n", gemm / ev);
  }

 private:
  std::map<std::string, double> times_;  ///< Process CPU time per iteration.
  std::map<std::string, double> wall_;   ///< Wall time per iteration.
 public:
  void print_wall() const {
    for (const auto& [name, t] : wall_) std::printf("wall time %-40s %.1f ms\n", name.c_str(), t);
  }
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  (void)setup();
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  reporter.print_ratios();
  reporter.print_wall();
  benchmark::Shutdown();
  return 0;
}

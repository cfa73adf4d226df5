// The verilated LIF core: simulation speed (clock cycles per second, one thread and verify's
// threads), cycles per inference for every lane count P, and the event-driven core against the
// all-neuron core it replaced (every neuron updated every step, one synaptic op per cycle),
// whose cycle formula is evaluated on the golden counts of the same samples (the baseline, same
// run). Workloads: a random 8-bit 784-128-10 network with rate-coded (10 % per step) and
// latency-coded (one spike per input, first 80 % of the steps) inputs, or a given network on
// Fashion-MNIST test images:
//   build/release/bench/bench_rtl [--net net.q.json] [--samples N] [benchmark flags]
// Counters per sample: cycles (RTL, or the analytic twin for every P on the image of that P, each
// layer dense or sparse, with its horowitz-45nm energy and SNN/ANN ratios (ANN on the non-zero and
// on all synapses), the all-dense twin's
// cycles and the image's synapse-memory bits), updates (performed), all_neuron_updates (T·N) and all_neuron_cycles (the old
// core's formula).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "pipeline/dataset.hpp"
#include "core/spikes.hpp"
#include "export/fixed_json.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/energy/counts.hpp"
#include "rtl_sim/energy/energy.hpp"
#include "rtl_sim/harness/core_sim.hpp"
#include "rtl_sim/harness/cosim.hpp"

namespace sf = spikeforge;

namespace {

constexpr int kSteps = 25;
constexpr int kSamples = 16;

struct Workload {
  std::string name;
  sf::quantizer::FixedNetwork net;
  sf::core::SpikeBatch batch;
};

sf::quantizer::FixedNetwork random_network() {
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

// Rate coding: each input spikes with probability p at every step.
sf::core::SpikeBatch rate_batch(double p) {
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

// Latency coding: half of the inputs spike once, at a step in the first 80 % of the sample.
sf::core::SpikeBatch latency_batch() {
  std::mt19937_64 rng(3);
  std::bernoulli_distribution fires(0.5);
  std::uniform_int_distribution<int> when(0, kSteps * 4 / 5 - 1);
  sf::core::SpikeBatch b(kSteps, 784, 10);
  for (int s = 0; s < kSamples; ++s) {
    std::vector<std::vector<std::uint32_t>> steps(kSteps);
    for (std::uint32_t i = 0; i < 784; ++i) {
      if (fires(rng)) steps[static_cast<std::size_t>(when(rng))].push_back(i);
    }
    b.begin_sample(0);
    for (const auto& st : steps) b.add_step(st);
  }
  return b;
}

std::vector<Workload> g_workloads;

// Golden counts per layer summed over the batch.
std::vector<sf::quantizer::EventCounts> golden_counts(const Workload& w) {
  std::vector<sf::quantizer::EventCounts> c(w.net.layers.size());
  sf::quantizer::GoldenModel model(w.net);
  for (std::size_t s = 0; s < w.batch.size(); ++s) {
    const auto run = sf::quantizer::run_golden(model, w.batch, s);
    for (std::size_t l = 0; l < c.size(); ++l) c[l] += run.counts[l];
  }
  return c;
}

// The all-neuron core this one replaced: N (clear) + input events + per layer and step
// 3 + 2·events + synaptic ops + n (every neuron updated, one op per cycle), per sample.
double all_neuron_cycles(const Workload& w, const std::vector<sf::quantizer::EventCounts>& c) {
  const double S = static_cast<double>(w.batch.size());
  const double T = w.batch.steps();
  double cycles = 0.0;
  for (std::size_t l = 0; l < c.size(); ++l) {
    const double n = w.net.layers[l].outputs();
    const double events = static_cast<double>(c[l].synaptic_ops) / n;
    if (l == 0) cycles += events;
    cycles += S * T * (3 + n) + 2 * events + static_cast<double>(c[l].synaptic_ops) + S * n;
  }
  return cycles / S;
}

void set_baseline(benchmark::State& state, const Workload& w, const std::vector<sf::quantizer::EventCounts>& c) {
  double neurons = 0.0;
  double updates = 0.0;
  for (std::size_t l = 0; l < c.size(); ++l) {
    neurons += w.net.layers[l].outputs();
    updates += static_cast<double>(c[l].updates_active);
  }
  const double S = static_cast<double>(w.batch.size());
  state.counters["updates"] = updates / S;
  state.counters["all_neuron_updates"] = neurons * w.batch.steps();
  state.counters["all_neuron_cycles"] = all_neuron_cycles(w, c);
}

void BM_Golden(benchmark::State& state, const Workload* w) {
  sf::quantizer::GoldenModel model(w->net);
  for (auto _ : state) {
    for (std::size_t s = 0; s < w->batch.size(); ++s) benchmark::DoNotOptimize(sf::quantizer::run_golden(model, w->batch, s));
  }
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * w->batch.size()), benchmark::Counter::kIsRate);
}

void BM_Core(benchmark::State& state, const Workload* w, int lanes, const std::string& fst) {
  sf::rtl_sim::CoreSimOptions opt;
  opt.lanes = lanes;
  opt.fst_path = fst;
  sf::rtl_sim::CoreSim sim(opt);
  sim.load(sf::exporter::build_rtl_image(w->net, sim.limits()));
  std::vector<std::vector<std::uint32_t>> spikes;
  const std::uint64_t c0 = sim.clock_cycles();
  double cycles = 0.0;
  for (auto _ : state) {
    cycles = 0.0;
    for (std::size_t s = 0; s < w->batch.size(); ++s) {
      sim.clear();
      for (int t = 0; t < w->batch.steps(); ++t) sim.step(w->batch.active(s, t), spikes);
      cycles += static_cast<double>(sim.counters().cycles);
    }
  }
  state.counters["cycles_per_s"] =
      benchmark::Counter(static_cast<double>(sim.clock_cycles() - c0), benchmark::Counter::kIsRate);
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * w->batch.size()), benchmark::Counter::kIsRate);
  state.counters["cycles"] = cycles / static_cast<double>(w->batch.size());
  set_baseline(state, *w, golden_counts(*w));
}

// Cycles and horowitz-45nm energy per inference from the analytic twin (exact:
// tests/rtl_sim/test_counts.cpp), for every P, built or not. The time measured is the golden model's.
void BM_Twin(benchmark::State& state, const Workload* w, int lanes) {
  std::vector<sf::quantizer::EventCounts> c;
  for (auto _ : state) c = golden_counts(*w);
  sf::rtl_sim::EnergyInput in;
  // The image a core with P lanes loads (each layer in its smaller layout), and the all-dense one.
  sf::exporter::RtlCoreLimits lim;
  lim.lanes = lanes;
  const auto image = sf::exporter::build_rtl_image(w->net, lim);
  in.counts = sf::rtl_sim::core_counts(w->net, image, c, sf::rtl_sim::golden_input_events(w->net, w->batch),
                                       w->batch.size(), w->batch.steps());
  const auto dense = sf::rtl_sim::core_counts_from_golden(w->net, c, w->batch.size(), w->batch.steps(), lanes);
  in.inferences = w->batch.size();
  in.synapses = w->net.synapses();
  in.nonzero_synapses = 0;
  for (const auto& l : w->net.layers) in.nonzero_synapses += (l.weights.array() != 0).count();
  in.lanes = lanes;
  in.core.lanes = lanes;
  const auto sets = sf::rtl_sim::load_energy_sets();
  const auto e = sf::rtl_sim::estimate_energy(sf::rtl_sim::find_energy_set(sets, "horowitz-45nm"), in);
  state.counters["cycles"] = static_cast<double>(in.counts.cycles) / static_cast<double>(w->batch.size());
  state.counters["dense_cycles"] = static_cast<double>(dense.cycles) / static_cast<double>(w->batch.size());
  state.counters["image_bits"] = static_cast<double>(image.synapse_bits());
  state.counters["energy_uJ"] = e.energy_per_inference_j * 1e6;
  state.counters["snn_over_ann"] = e.snn_over_ann.value_or(0.0);            // ANN: non-zero synapses
  state.counters["snn_over_ann_dense"] = e.snn_over_ann_dense.value_or(0.0);  // ANN: every synapse
  set_baseline(state, *w, c);
}

void BM_Cosim(benchmark::State& state, const Workload* w, unsigned threads) {
  sf::rtl_sim::CosimOptions opt;
  opt.threads = threads;
  double cycles = 0.0;
  double seconds = 0.0;
  for (auto _ : state) {
    const auto rep = sf::rtl_sim::verify_samples(w->net, w->batch, 0, w->batch.size(), opt);
    if (!rep.all_matched()) state.SkipWithError("co-simulation mismatch");
    cycles += static_cast<double>(rep.clock_cycles);
    seconds += rep.seconds;
  }
  state.counters["cycles_per_s"] = cycles / seconds;  // wall time of the sample loops (no model loading)
  state.counters["samples_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * w->batch.size()), benchmark::Counter::kIsRate);
}

}  // namespace

int main(int argc, char** argv) {
  std::string net_path;
  std::size_t samples = 20;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--net") == 0 && i + 1 < argc) {
      net_path = argv[++i];
    } else if (std::strcmp(argv[i], "--samples") == 0 && i + 1 < argc) {
      samples = std::stoul(argv[++i]);
    } else {
      rest.push_back(argv[i]);
    }
  }
  if (net_path.empty()) {
    g_workloads.push_back({"random784-128-10/rate10", random_network(), rate_batch(0.10)});
    g_workloads.push_back({"random784-128-10/latency", random_network(), latency_batch()});
  } else {
    Workload w;
    w.net = sf::exporter::read_fixed_network(net_path);
    sf::pipeline::DataRequest req;  // the network's own test data and encoding
    if (w.net.encoding.dataset.empty()) req.dataset = "fashion-mnist";
    req.samples = samples;
    const sf::core::DatasetSpec spec = sf::pipeline::resolve_spec(req, w.net.encoding, "bench_rtl", net_path);
    w.batch = sf::core::load_spikes(spec);
    w.name = std::filesystem::path(net_path).filename().string() + "/" + spec.encoding;
    g_workloads.push_back(std::move(w));
  }
  const std::vector<int> builds = sf::rtl_sim::rtl_lane_builds();
  for (const Workload& w : g_workloads) {
    benchmark::RegisterBenchmark(("Golden/" + w.name).c_str(), BM_Golden, &w)->Unit(benchmark::kMillisecond);
    for (const int p : builds) {
      benchmark::RegisterBenchmark(("Core/P" + std::to_string(p) + "/" + w.name).c_str(), BM_Core, &w, p, std::string())
          ->Unit(benchmark::kMillisecond);
    }
    for (const int p : {1, 2, 4, 8, 16, 32, 64}) {
      benchmark::RegisterBenchmark(("Twin/P" + std::to_string(p) + "/" + w.name).c_str(), BM_Twin, &w, p)
          ->Unit(benchmark::kMillisecond)
          ->Iterations(1);
    }
    for (const unsigned threads : {1U, 2U}) {
      benchmark::RegisterBenchmark(("Cosim/threads" + std::to_string(threads) + "/" + w.name).c_str(), BM_Cosim, &w, threads)
          ->Unit(benchmark::kMillisecond)
          ->UseRealTime();
    }
  }
  const auto fst = (std::filesystem::temp_directory_path() / "spikeforge-bench-rtl.fst").string();
  benchmark::RegisterBenchmark(("CoreFst/P" + std::to_string(sf::rtl_sim::rtl_default_lanes()) + "/" + g_workloads.front().name).c_str(),
                               BM_Core, &g_workloads.front(), sf::rtl_sim::rtl_default_lanes(), fst)
      ->Unit(benchmark::kMillisecond)
      ->Iterations(1);
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove(fst);
  return 0;
}

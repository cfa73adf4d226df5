// The input-event lever (issue #13): energy and accuracy of a BPTT latency-coded network against the
// latency encoder's cutoff (pixels with value/255 <= cutoff never spike; the CLI's fixed default is
// 0.2, core/dataset.hpp). Plain program, an experiment for docs/bench/energy-sweep.md:
//   build/ci/bench/latency_cutoff --cutoff 0.5 [--steps 10] [--train-samples 20000] [--epochs 8]
//                                 [--spike-budget 0] [--energy-samples 200] [--threads 2]
// For the given cutoff it trains BPTT (784-256-10, the CLI's defaults otherwise), maps the network
// to spikeforge-core (quantizer::map_network), evaluates float and fixed-point accuracy on the 10000
// test images encoded with the same cutoff, co-simulates --energy-samples test samples on the
// Verilated RTL core (rtl_sim::verify_samples, spike-exact check) and prices the RTL counters with
// horowitz-45nm, like `spikeforge energy`.
#include <cstdio>
#include <cstring>
#include <string>

#include "core/dataset.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "quantizer/evaluate.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "rtl_sim/energy/energy.hpp"
#include "rtl_sim/harness/cosim.hpp"
#include "trainer/bptt/bptt.hpp"

namespace sf = spikeforge;

int main(int argc, char** argv) {
  double cutoff = 0.2;
  int steps = 10;
  std::size_t train_samples = 20000;
  int epochs = 8;
  float budget = 0.0F;
  std::size_t energy_samples = 200;
  int threads = 2;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string k = argv[i];
    const char* v = argv[i + 1];
    if (k == "--cutoff") cutoff = std::stod(v);
    else if (k == "--steps") steps = std::stoi(v);
    else if (k == "--train-samples") train_samples = std::stoul(v);
    else if (k == "--epochs") epochs = std::stoi(v);
    else if (k == "--spike-budget") budget = std::stof(v);
    else if (k == "--energy-samples") energy_samples = std::stoul(v);
    else if (k == "--threads") threads = std::stoi(v);
    else {
      std::fprintf(stderr, "latency_cutoff: unknown option %s\n", k.c_str());
      return 2;
    }
  }
  sf::core::DatasetSpec spec;
  spec.name = "fashion-mnist";
  spec.encoding = "latency";
  spec.steps = steps;
  spec.latency_cutoff = cutoff;
  spec.split = "train";
  spec.max_samples = train_samples;
  const sf::core::SpikeBatch train = sf::core::load_spikes(spec);
  spec.split = "test";
  spec.max_samples = 0;
  const sf::core::SpikeBatch test = sf::core::load_spikes(spec);

  sf::trainer::BpttSettings s;
  s.hidden = {256};
  s.epochs = epochs;
  s.spike_budget = budget;
  s.threads = threads;
  const sf::trainer::BpttResult r = sf::trainer::train_bptt(s, train, nullptr, {});
  sf::core::FloatNetwork net = r.net;
  net.encoding.dataset = "fashion-mnist";
  net.encoding.encoding = "latency";
  net.encoding.steps = steps;

  const sf::quantizer::MappingResult mapped =
      sf::quantizer::map_network(net, sf::quantizer::load_profile("spikeforge-core"));
  const sf::core::SimResult fs = sf::core::simulate(net, test);
  const sf::quantizer::FixedEvalResult xs = sf::quantizer::evaluate_fixed(mapped.network, test);
  const double float_acc = sf::core::accuracy(fs.predictions, test.labels());
  const double fixed_acc = sf::core::accuracy(xs.predictions, test.labels());

  const std::size_t n = std::min(energy_samples, test.size());
  const sf::rtl_sim::CosimReport rep = sf::rtl_sim::verify_samples(mapped.network, test, 0, n);
  if (!rep.all_matched()) {
    std::fprintf(stderr, "RTL mismatch: %s\n", rep.first_mismatch->describe().c_str());
    return 1;
  }
  sf::rtl_sim::EnergyInput in;
  in.counts = rep.rtl;
  in.inferences = n;
  in.synapses = mapped.network.synapses();
  const std::vector<sf::rtl_sim::EnergySet> sets = sf::rtl_sim::load_energy_sets();
  const sf::rtl_sim::EnergyEstimate e =
      sf::rtl_sim::estimate_energy(sf::rtl_sim::find_energy_set(sets, "horowitz-45nm"), in);
  std::printf("| %.2f | %d | %g | %.2f | %.2f | %.4f | %.0f | %.0f | %.3f | %.3f | %.0f |\n", cutoff, steps,
              static_cast<double>(budget), 100.0 * float_acc, 100.0 * fixed_acc,
              r.hidden_rates.empty() ? 0.0 : r.hidden_rates[0],
              static_cast<double>(rep.rtl.spikes) / static_cast<double>(n),
              static_cast<double>(rep.rtl.synaptic_ops) / static_cast<double>(n), e.energy_per_inference_j * 1e6,
              e.snn_over_ann.value_or(0.0), r.seconds);
  std::printf("(cutoff, T, spike budget, float acc %%, fixed acc %% on %zu test images, hidden rate (train), hidden "
              "spikes / inference, synaptic ops / inference, energy uJ (RTL counters, %zu samples, spike-exact), "
              "SNN/ANN, train s)\n",
              test.size(), n);
  return 0;
}

// Early-stop output decision (issue #13.2): how much energy would a chip save by halting a sample
// once the winner cannot change? Plain program (an experiment, not a Google Benchmark):
//   build/release/bench/early_stop_bound --net net.q.json [--samples N]
// For every test sample it steps the golden model (quantizer/golden.hpp) and, after each step t,
// asks two questions:
//   sound rule: with R = T − 1 − t steps left, can the readout argmax v_{L,T} still change whatever
//     the remaining input is? Every hidden neuron can spike at most once per step, so the output
//     layer's input a_k per step lies in [Σ_j min(0, w_kj), Σ_j max(0, w_kj)] (shifted by
//     weight_exp). The output update v' = sat24(trunc12(v·(4096 − dv)) + (a << 6) + bias) (du = 4095)
//     is non-decreasing in v and a, so iterating it R times from the current v with the lowest and the
//     highest a gives exact interval bounds lo_k ≤ v_{k,T} ≤ hi_k. The winner is decided when some
//     class c has lo_c > hi_k (or lo_c = hi_k and c < k: ties go to the lowest index) for every k ≠ c.
//     Networks with du ≠ 4095 or bounds that could wrap u are reported as not analysed.
//   oracle (not sound, an optimistic reference): the first step after which the leader argmax v_{L,t}
//     stays the final winner in this sample's actual continuation.
// Savings = the synaptic ops (and energy: rtl_sim/energy/counts.hpp + horowitz-45nm, same pricing as
// `spikeforge energy --source golden`) of the steps after the halt, against the full run. The
// program checks that the sound rule's winner equals the full run's prediction on every sample
// (it exits 1 otherwise).
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "core/dataset.hpp"
#include "pipeline/dataset.hpp"
#include "core/spikes.hpp"
#include "export/fixed_json.hpp"
#include "quantizer/fixed_point.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/energy/counts.hpp"
#include "rtl_sim/energy/energy.hpp"

namespace sf = spikeforge;
namespace q = spikeforge::quantizer;

namespace {

std::int64_t shift_input(std::int64_t acc, int weight_exp) {
  return weight_exp >= 0 ? acc * (std::int64_t{1} << weight_exp) : acc >> (-weight_exp);
}

/// The output layer's update with input a (du = 4095: u' = a << 6, no reset, no spikes).
std::int64_t output_step(std::int64_t v, std::int64_t a, const q::FixedLayer& L, std::int64_t bias) {
  return q::sat24(q::decay_voltage(v, L.dv) + q::input_to_state(a) + bias);
}

/// Index c whose final v is certain to win after `remaining` more steps, or -1.
int decided_winner(const std::vector<std::int32_t>& v, const q::FixedLayer& L, const std::vector<std::int64_t>& a_lo,
                   const std::vector<std::int64_t>& a_hi, int remaining) {
  const std::size_t K = v.size();
  std::vector<std::int64_t> lo(K), hi(K);
  for (std::size_t k = 0; k < K; ++k) {
    const std::int64_t bias = q::bias_value(L.bias_mant[k], L.bias_exp);
    std::int64_t l = v[k], h = v[k];
    for (int r = 0; r < remaining; ++r) {
      l = output_step(l, a_lo[k], L, bias);
      h = output_step(h, a_hi[k], L, bias);
    }
    lo[k] = l;
    hi[k] = h;
  }
  std::size_t c = 0;
  for (std::size_t k = 1; k < K; ++k) {
    if (lo[k] > lo[c]) c = k;
  }
  for (std::size_t k = 0; k < K; ++k) {
    if (k == c) continue;
    if (!(lo[c] > hi[k] || (lo[c] == hi[k] && c < k))) return -1;
  }
  return static_cast<int>(c);
}

int argmax(const std::vector<std::int32_t>& v) {
  int best = 0;
  for (std::size_t k = 1; k < v.size(); ++k) {
    if (v[k] > v[static_cast<std::size_t>(best)]) best = static_cast<int>(k);
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  std::string net_path;
  std::size_t samples = 1000;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--net") == 0 && i + 1 < argc) net_path = argv[++i];
    else if (std::strcmp(argv[i], "--samples") == 0 && i + 1 < argc) samples = std::stoul(argv[++i]);
    else {
      std::fprintf(stderr, "usage: early_stop_bound --net net.q.json [--samples N]\n");
      return 2;
    }
  }
  if (net_path.empty()) {
    std::fprintf(stderr, "early_stop_bound: --net is required\n");
    return 2;
  }
  const q::FixedNetwork net = sf::exporter::read_fixed_network(net_path);
  sf::pipeline::DataRequest req;  // the network's own test data and encoding
  if (net.encoding.dataset.empty()) req.dataset = "fashion-mnist";
  req.samples = samples;
  const sf::core::DatasetSpec spec = sf::pipeline::resolve_spec(req, net.encoding, "early_stop_bound", net_path);
  const sf::core::SpikeBatch batch = sf::core::load_spikes(spec);
  const q::FixedLayer& out = net.layers.back();
  const int T = batch.steps();
  const std::size_t L = net.layers.size();

  std::vector<std::int64_t> a_lo(static_cast<std::size_t>(out.outputs())), a_hi(a_lo.size());
  bool analysable = out.du == q::kDuNoCurrent && !out.spiking;
  for (Eigen::Index k = 0; k < out.weights.rows(); ++k) {
    std::int64_t neg = 0, pos = 0;
    for (Eigen::Index j = 0; j < out.weights.cols(); ++j) {
      const std::int64_t w = out.weights(k, j);
      (w < 0 ? neg : pos) += w;
    }
    a_lo[static_cast<std::size_t>(k)] = shift_input(neg, out.weight_exp);
    a_hi[static_cast<std::size_t>(k)] = shift_input(pos, out.weight_exp);
    if (q::input_to_state(a_hi[static_cast<std::size_t>(k)]) >= q::kWrapHigh ||
        q::input_to_state(a_lo[static_cast<std::size_t>(k)]) <= -q::kWrapHigh) {
      analysable = false;
    }
  }
  std::printf("network %s: %zu layers, T = %d, encoding %s, output du %d dv %d, %zu samples\n", net_path.c_str(), L, T,
              spec.encoding.c_str(), out.du, out.dv, batch.size());
  if (!analysable) {
    std::printf("not analysed: the output layer keeps a current (du != 4095), spikes, or its bounds could wrap u\n");
    return 0;
  }

  q::GoldenModel model(net);
  std::vector<q::EventCounts> full(L), sound(L), oracle(L);
  std::size_t halted = 0, wrong = 0;
  double halt_step_sum = 0.0, oracle_step_sum = 0.0, margin_sum = 0.0;
  std::vector<std::vector<q::EventCounts>> after_step(static_cast<std::size_t>(T));
  for (std::size_t s = 0; s < batch.size(); ++s) {
    model.reset();
    int sound_step = -1;
    int sound_winner = -1;
    std::vector<int> leader(static_cast<std::size_t>(T));
    for (int t = 0; t < T; ++t) {
      model.step(batch.active(s, t));
      after_step[static_cast<std::size_t>(t)] = model.counts();
      const std::vector<std::int32_t>& v = model.layer_v(L - 1);
      leader[static_cast<std::size_t>(t)] = argmax(v);
      if (sound_step < 0) {
        const int c = decided_winner(v, out, a_lo, a_hi, T - 1 - t);
        if (c >= 0) {
          sound_step = t;
          sound_winner = c;
        }
      }
    }
    const int prediction = leader.back();
    if (sound_step >= 0 && sound_winner != prediction) ++wrong;
    if (sound_step >= 0 && sound_step < T - 1) ++halted;
    {
      std::vector<std::int32_t> sorted = model.layer_v(L - 1);
      std::sort(sorted.begin(), sorted.end());
      margin_sum += static_cast<double>(sorted[sorted.size() - 1]) - static_cast<double>(sorted[sorted.size() - 2]);
    }
    int oracle_step = T - 1;
    while (oracle_step > 0 && leader[static_cast<std::size_t>(oracle_step - 1)] == prediction) --oracle_step;
    const int used_sound = sound_step >= 0 ? sound_step : T - 1;
    halt_step_sum += used_sound;
    oracle_step_sum += oracle_step;
    for (std::size_t l = 0; l < L; ++l) {
      full[l] += after_step.back()[l];
      sound[l] += after_step[static_cast<std::size_t>(used_sound)][l];
      oracle[l] += after_step[static_cast<std::size_t>(oracle_step)][l];
    }
  }
  const std::vector<sf::rtl_sim::EnergySet> sets = sf::rtl_sim::load_energy_sets();
  const sf::rtl_sim::EnergySet& h45 = sf::rtl_sim::find_energy_set(sets, "horowitz-45nm");
  auto price = [&](const std::vector<q::EventCounts>& counts) {
    sf::rtl_sim::EnergyInput in;
    in.inferences = batch.size();
    in.synapses = net.synapses();
    in.counts = sf::rtl_sim::core_counts_from_golden(net, counts, batch.size(), T);
    return sf::rtl_sim::estimate_energy(h45, in);
  };
  auto sops = [](const std::vector<q::EventCounts>& counts) {
    std::uint64_t n = 0;
    for (const auto& c : counts) n += c.synaptic_ops;
    return static_cast<double>(n);
  };
  const double n = static_cast<double>(batch.size());
  const auto e_full = price(full), e_sound = price(sound), e_oracle = price(oracle);
  std::printf("full run:    halt after step %5.2f  synaptic ops %10.0f  energy %.4e J  SNN/ANN %.3f\n",
              static_cast<double>(T - 1), sops(full) / n, e_full.energy_per_inference_j, e_full.snn_over_ann.value_or(0.0));
  std::printf("sound rule:  halt after step %5.2f  synaptic ops %10.0f  energy %.4e J  SNN/ANN %.3f  (%zu of %zu samples halted early; saved %.2f %%)\n",
              halt_step_sum / n, sops(sound) / n, e_sound.energy_per_inference_j, e_sound.snn_over_ann.value_or(0.0),
              halted, batch.size(), 100.0 * (1.0 - e_sound.energy_per_inference_j / e_full.energy_per_inference_j));
  std::printf("oracle:      halt after step %5.2f  synaptic ops %10.0f  energy %.4e J  SNN/ANN %.3f  (saved %.2f %%; not a sound rule)\n",
              oracle_step_sum / n, sops(oracle) / n, e_oracle.energy_per_inference_j, e_oracle.snn_over_ann.value_or(0.0),
              100.0 * (1.0 - e_oracle.energy_per_inference_j / e_full.energy_per_inference_j));
  double reach = 0.0;
  for (std::size_t k = 0; k < a_lo.size(); ++k) reach += static_cast<double>(q::input_to_state(a_hi[k] - a_lo[k]));
  std::printf("final margin (winner's v minus the runner-up's) %.0f on average; one step's input can move a class's v "
              "over a range of %.0f (mean over classes, state units)\n",
              margin_sum / n, reach / static_cast<double>(a_lo.size()));
  if (wrong != 0) {
    std::printf("UNSOUND: %zu samples halted with a winner that differs from the full run\n", wrong);
    return 1;
  }
  std::printf("sound rule's winner = full-run prediction on every halted sample\n");
  return 0;
}

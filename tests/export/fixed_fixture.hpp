// Small FixedNetworks and spike rasters for the exporter tests (deterministic, seeded).
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "core/network.hpp"
#include "core/spikes.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/fixed_network.hpp"

namespace spikeforge::test {

/// A network with layer sizes `sizes` (sizes[0] = inputs): hidden layers spike with `reset`, the
/// last layer is a non-spiking integrator. Weights are random effective weights (MIXED 8 bits for
/// even layers, EXCITATORY 6 bits for odd ones), decays, thresholds and biases in range.
inline quantizer::FixedNetwork make_fixed_network(const std::vector<int>& sizes, core::ResetMode reset,
                                                  std::uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> w_dist(-256, 255), b_dist(-40, 60), d_dist(0, 4095), th_dist(20, 400);
  quantizer::FixedNetwork net;
  net.profile = "spikeforge-core";
  net.encoding.dataset = "synthetic";
  net.encoding.steps = 12;
  net.metadata_json = R"({"test":true})";
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    quantizer::FixedLayer L;
    L.sign_mode = (l % 2 == 1) ? quantizer::SignMode::mixed : quantizer::SignMode::excitatory;
    L.num_weight_bits = (l % 2 == 1) ? 8 : 6;
    L.weights.resize(sizes[l], sizes[l - 1]);
    for (int c = 0; c < sizes[l - 1]; ++c) {
      for (int r = 0; r < sizes[l]; ++r) {
        L.weights(r, c) = static_cast<std::int16_t>(
            quantizer::dense_effective_weight(w_dist(rng), L.num_weight_bits, L.sign_mode));
      }
    }
    L.weight_exp = static_cast<int>(l % 3) - 1;
    L.du = (l == 1) ? 4095 : d_dist(rng);
    L.dv = d_dist(rng) / 4;
    L.vth = th_dist(rng);
    L.bias_exp = static_cast<int>(l % 4);
    for (int n = 0; n < sizes[l]; ++n) L.bias_mant.push_back(b_dist(rng));
    L.reset = reset;
    L.spiking = l + 1 < sizes.size();
    L.scale = 0.01 * static_cast<double>(l);
    net.layers.push_back(std::move(L));
  }
  return net;
}

/// A float network with layer sizes `sizes` (sizes[0] = inputs): zero-reset spiking hidden layers
/// with threshold 1 and leak `leak`, a non-spiking output integrator; normal weights (std 0.5) and
/// biases (std 0.05), T = 25. Random but deterministic.
inline core::FloatNetwork make_float_network(const std::vector<int>& sizes, float leak, std::uint64_t seed = 7) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> w_dist(0.0F, 0.5F), b_dist(0.0F, 0.05F);
  core::FloatNetwork net;
  net.encoding.dataset = "synthetic";
  net.encoding.steps = 25;
  for (std::size_t l = 1; l < sizes.size(); ++l) {
    core::Layer L;
    L.weights.resize(sizes[l], sizes[l - 1]);
    for (Eigen::Index i = 0; i < L.weights.size(); ++i) L.weights.data()[i] = w_dist(rng);
    L.bias.resize(sizes[l]);
    for (Eigen::Index i = 0; i < L.bias.size(); ++i) L.bias(i) = b_dist(rng);
    L.neuron.leak = leak;
    L.neuron.v_thresh = 1.0F;
    L.neuron.reset = core::ResetMode::zero;
    L.neuron.spiking = l + 1 < sizes.size();
    net.layers.push_back(std::move(L));
  }
  return net;
}

/// One sample of T steps over n inputs, each input spiking with probability p.
inline core::SpikeBatch make_spikes(int steps, int inputs, double p, std::uint64_t seed = 3) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution on(p);
  core::SpikeBatch batch(steps, inputs, 2);
  batch.begin_sample(0);
  for (int t = 0; t < steps; ++t) {
    std::vector<std::uint32_t> active;
    for (int i = 0; i < inputs; ++i) {
      if (on(rng)) active.push_back(static_cast<std::uint32_t>(i));
    }
    batch.add_step(active);
  }
  return batch;
}

/// Field-by-field equality of two FixedNetworks (weights, every parameter, metadata).
inline bool same_fixed_network(const quantizer::FixedNetwork& a, const quantizer::FixedNetwork& b) {
  if (a.layers.size() != b.layers.size() || a.profile != b.profile) return false;
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    const auto& x = a.layers[l];
    const auto& y = b.layers[l];
    if (x.weights != y.weights || x.weight_exp != y.weight_exp || x.num_weight_bits != y.num_weight_bits ||
        x.sign_mode != y.sign_mode || x.du != y.du || x.dv != y.dv || x.vth != y.vth ||
        x.bias_mant != y.bias_mant || x.bias_exp != y.bias_exp || x.reset != y.reset ||
        x.spiking != y.spiking || x.scale != y.scale) {
      return false;
    }
  }
  return true;
}

}  // namespace spikeforge::test

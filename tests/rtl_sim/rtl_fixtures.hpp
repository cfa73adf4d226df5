// Small FixedNetworks and spike batches for the RTL tests: hand-built single layers (directed
// vectors) and seeded random networks that stay inside the core's limits.
#pragma once
#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "core/spikes.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/fixed_network.hpp"

namespace spikeforge::test {

/// A layer n_out × n_in with the given effective weights (row-major list) and parameters.
inline quantizer::FixedLayer make_layer(int n_out, int n_in, const std::vector<int>& w_rowmajor, int du, int dv,
                                        int vth, int bias_mant, int bias_exp,
                                        core::ResetMode reset = core::ResetMode::zero, bool spiking = true) {
  quantizer::FixedLayer L;
  L.weights.resize(n_out, n_in);
  for (int r = 0; r < n_out; ++r) {
    for (int c = 0; c < n_in; ++c) L.weights(r, c) = static_cast<std::int16_t>(w_rowmajor[static_cast<std::size_t>(r * n_in + c)]);
  }
  L.num_weight_bits = 8;
  L.sign_mode = quantizer::SignMode::mixed;
  L.du = du;
  L.dv = dv;
  L.vth = vth;
  L.bias_mant.assign(static_cast<std::size_t>(n_out), bias_mant);
  L.bias_exp = bias_exp;
  L.reset = reset;
  L.spiking = spiking;
  return L;
}

/// A batch with one sample whose step t has the inputs listed in steps[t].
inline core::SpikeBatch make_batch(int inputs, const std::vector<std::vector<std::uint32_t>>& steps) {
  core::SpikeBatch b(static_cast<int>(steps.size()), inputs, 1);
  b.begin_sample(0);
  for (const auto& s : steps) b.add_step(s);
  return b;
}

struct RandomNetSpec {
  int max_layers = 3;
  int max_neurons = 24;
  int max_inputs = 24;
  bool big_currents = false;  ///< weight_exp up to 7 and du small: u wraps, v saturates.
};

/// A random valid network (both reset modes, all sign modes, spiking or integrator output).
inline quantizer::FixedNetwork random_network(std::mt19937_64& rng, const RandomNetSpec& spec) {
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  quantizer::FixedNetwork net;
  net.profile = "spikeforge-core";
  const int layers = uni(1, spec.max_layers);
  int n_in = uni(1, spec.max_inputs);
  for (int l = 0; l < layers; ++l) {
    const int n_out = uni(1, spec.max_neurons);
    quantizer::FixedLayer L;
    L.num_weight_bits = uni(1, 8);
    L.sign_mode = static_cast<quantizer::SignMode>(uni(1, 3));
    L.weights.resize(n_out, n_in);
    for (int r = 0; r < n_out; ++r) {
      for (int c = 0; c < n_in; ++c) {
        L.weights(r, c) = static_cast<std::int16_t>(
            quantizer::dense_effective_weight(uni(-256, 255), L.num_weight_bits, L.sign_mode));
      }
    }
    L.weight_exp = spec.big_currents ? uni(0, 7) : uni(-8, 2);
    L.du = spec.big_currents ? uni(0, 64) : uni(0, 4095);
    L.dv = uni(0, 4095);
    L.vth = spec.big_currents ? uni(0, 131071) : uni(0, 2000);
    L.bias_exp = uni(0, 7);
    L.bias_mant.resize(static_cast<std::size_t>(n_out));
    const bool no_bias = uni(0, 3) == 0;
    for (auto& b : L.bias_mant) b = no_bias ? 0 : uni(-4096, 4095) / (spec.big_currents ? 1 : 64);
    L.reset = uni(0, 1) == 0 ? core::ResetMode::zero : core::ResetMode::subtract;
    L.spiking = (l + 1 < layers) || uni(0, 1) == 0;
    net.layers.push_back(std::move(L));
    n_in = n_out;
  }
  net.validate();
  return net;
}

/// Zeroes each weight of `net` with probability 1 − density (a pruned network), then, by `kind`:
/// 1 = input 0 of every layer has no non-zero weight, 2 = the first layer is all zero, 3 = the
/// last layer keeps exactly one non-zero weight (its first one, if it has any).
inline void sparsify(quantizer::FixedNetwork& net, std::mt19937_64& rng, double density, int kind = 0) {
  std::bernoulli_distribution keep(density);
  for (auto& L : net.layers) {
    for (Eigen::Index r = 0; r < L.weights.rows(); ++r) {
      for (Eigen::Index c = 0; c < L.weights.cols(); ++c) {
        if (!keep(rng)) L.weights(r, c) = 0;
      }
    }
    if (kind == 1) L.weights.col(0).setZero();
  }
  if (kind == 2) net.layers.front().weights.setZero();
  if (kind == 3) {
    auto& W = net.layers.back().weights;
    Eigen::Index at = -1;
    for (Eigen::Index k = W.size() - 1; k >= 0; --k) {
      if (W.data()[k] != 0) at = k;
    }
    const std::int16_t keep_w = at >= 0 ? W.data()[at] : std::int16_t{0};
    W.setZero();
    if (at >= 0) W.data()[at] = keep_w;
  }
}

/// `samples` random rasters of T steps with spike probability p per input and step.
inline core::SpikeBatch random_batch(std::mt19937_64& rng, int samples, int steps, int inputs, double p) {
  core::SpikeBatch b(steps, inputs, 1);
  std::bernoulli_distribution spike(p);
  std::vector<std::uint32_t> active;
  for (int s = 0; s < samples; ++s) {
    b.begin_sample(0);
    for (int t = 0; t < steps; ++t) {
      active.clear();
      for (int i = 0; i < inputs; ++i) {
        if (spike(rng)) active.push_back(static_cast<std::uint32_t>(i));
      }
      b.add_step(active);
    }
  }
  return b;
}

}  // namespace spikeforge::test

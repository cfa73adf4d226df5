// Small builders shared by the quantizer tests.
#pragma once
#include <cstdint>
#include <random>
#include <vector>

#include "core/spikes.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/fixed_network.hpp"

namespace spikeforge::test {

/// One layer from raw (pre-truncation) integer weights, n_out rows.
inline quantizer::FixedLayer fixed_layer(const std::vector<std::vector<int>>& raw, quantizer::SignMode mode,
                                         int bits = 8) {
  Eigen::MatrixXi w(static_cast<Eigen::Index>(raw.size()), static_cast<Eigen::Index>(raw.front().size()));
  for (std::size_t r = 0; r < raw.size(); ++r) {
    for (std::size_t c = 0; c < raw[r].size(); ++c) w(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(c)) = raw[r][c];
  }
  quantizer::FixedLayer l;
  l.weights = quantizer::dense_prepare(w, bits, mode);
  l.num_weight_bits = bits;
  l.sign_mode = mode;
  l.bias_mant.assign(raw.size(), 0);
  return l;
}

inline quantizer::FixedNetwork one_layer_net(const quantizer::FixedLayer& l) {
  quantizer::FixedNetwork net;
  net.profile = "test";
  net.layers.push_back(l);
  return net;
}

/// One sample; active[t] lists the spiking inputs at step t (sorted).
inline core::SpikeBatch batch_of(int inputs, const std::vector<std::vector<std::uint32_t>>& active, int classes = 10) {
  core::SpikeBatch b(static_cast<int>(active.size()), inputs, classes);
  b.begin_sample(0);
  for (const auto& a : active) b.add_step(a);
  return b;
}

/// A batch where input 0 spikes at the given steps only (of `steps`).
inline core::SpikeBatch pulse(int inputs, int steps, const std::vector<int>& at_steps) {
  std::vector<std::vector<std::uint32_t>> active(static_cast<std::size_t>(steps));
  for (int t : at_steps) {
    for (int i = 0; i < inputs; ++i) active[static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(i));
  }
  return batch_of(inputs, active);
}

}  // namespace spikeforge::test

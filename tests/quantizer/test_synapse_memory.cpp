// Tests of quantizer/synapse_memory.cpp: the dense and sparse layouts counted by hand.
#include <catch2/catch.hpp>

#include "quantizer/synapse_memory.hpp"

using spikeforge::quantizer::FixedLayer;
using spikeforge::quantizer::FixedNetwork;
using spikeforge::quantizer::synapse_memory;

namespace {
FixedLayer layer(int out, int in, int bits) {
  FixedLayer l;
  l.weights = decltype(l.weights)::Zero(out, in);
  l.num_weight_bits = bits;
  l.bias_mant.assign(static_cast<std::size_t>(out), 0);
  return l;
}
}  // namespace

TEST_CASE("a sparse layer counts its nonzeros, fan-in and both layouts") {
  FixedNetwork net;
  FixedLayer a = layer(3, 100, 4);  // 3 neurons, 100 inputs, 4-bit weights
  a.weights(0, 5) = 2;
  a.weights(0, 99) = -1;
  a.weights(2, 0) = 7;
  net.layers.push_back(a);
  FixedLayer b = layer(2, 3, 8);  // fully dense
  b.weights.setConstant(1);
  net.layers.push_back(b);
  const auto m = synapse_memory(net);
  REQUIRE(m.layers.size() == 2);
  const auto& l0 = m.layers[0];
  CHECK(l0.synapses == 300);
  CHECK(l0.nonzero == 3);
  CHECK(l0.max_fan_in == 2);
  CHECK(l0.dense_bits == 300 * 4);
  // 3 pairs of (7-bit index + 4-bit weight), plus a 7-bit count (0..100) per neuron.
  CHECK(l0.sparse_bits == 3 * (7 + 4) + 3 * 7);
  CHECK(l0.layout() == "sparse");
  const auto& l1 = m.layers[1];
  CHECK(l1.dense_bits == 6 * 8);
  CHECK(l1.sparse_bits == 6 * (2 + 8) + 2 * 2);
  CHECK(l1.layout() == "dense");
  CHECK(m.synapses() == 306);
  CHECK(m.nonzero() == 9);
  CHECK(m.needed_bits() == l0.sparse_bits + l1.dense_bits);
  const auto j = spikeforge::quantizer::to_json(m);
  CHECK(j["layers"][0]["layout"] == "sparse");
  CHECK(j["needed_bits"].get<long long>() == m.needed_bits());
}

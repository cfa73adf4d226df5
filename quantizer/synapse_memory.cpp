#include "quantizer/synapse_memory.hpp"

#include <algorithm>

namespace spikeforge::quantizer {
namespace {

/// ⌈log2 n⌉ for n ≥ 1 (0 for n = 1: one choice needs no bits).
int ceil_log2(std::int64_t n) {
  int b = 0;
  while ((std::int64_t{1} << b) < n) ++b;
  return b;
}

}  // namespace

std::int64_t SynapseMemory::synapses() const {
  std::int64_t s = 0;
  for (const auto& l : layers) s += l.synapses;
  return s;
}
std::int64_t SynapseMemory::nonzero() const {
  std::int64_t s = 0;
  for (const auto& l : layers) s += l.nonzero;
  return s;
}
std::int64_t SynapseMemory::dense_bits() const {
  std::int64_t s = 0;
  for (const auto& l : layers) s += l.dense_bits;
  return s;
}
std::int64_t SynapseMemory::needed_bits() const {
  std::int64_t s = 0;
  for (const auto& l : layers) s += l.needed_bits();
  return s;
}

SynapseMemory synapse_memory(const FixedNetwork& net) {
  SynapseMemory m;
  for (const FixedLayer& fl : net.layers) {
    LayerSynapseMemory l;
    l.inputs = fl.inputs();
    l.outputs = fl.outputs();
    l.weight_bits = fl.num_weight_bits;
    l.synapses = static_cast<std::int64_t>(l.inputs) * l.outputs;
    for (Eigen::Index n = 0; n < fl.weights.rows(); ++n) {
      int fan_in = 0;
      for (Eigen::Index i = 0; i < fl.weights.cols(); ++i) fan_in += fl.weights(n, i) != 0 ? 1 : 0;
      l.nonzero += fan_in;
      l.max_fan_in = std::max(l.max_fan_in, fan_in);
    }
    l.dense_bits = l.synapses * l.weight_bits;
    l.sparse_bits = l.nonzero * (l.weight_bits + ceil_log2(l.inputs)) + static_cast<std::int64_t>(l.outputs) * ceil_log2(l.inputs + 1);
    m.layers.push_back(l);
  }
  return m;
}

nlohmann::json to_json(const SynapseMemory& m) {
  nlohmann::json layers = nlohmann::json::array();
  for (std::size_t k = 0; k < m.layers.size(); ++k) {
    const auto& l = m.layers[k];
    layers.push_back({{"layer", k}, {"inputs", l.inputs}, {"outputs", l.outputs}, {"weight_bits", l.weight_bits},
                      {"synapses", l.synapses}, {"nonzero", l.nonzero}, {"max_fan_in", l.max_fan_in},
                      {"dense_bits", l.dense_bits}, {"sparse_bits", l.sparse_bits}, {"needed_bits", l.needed_bits()},
                      {"layout", l.layout()}});
  }
  return {{"synapses", m.synapses()}, {"nonzero", m.nonzero()}, {"dense_bits", m.dense_bits()},
          {"needed_bits", m.needed_bits()}, {"layers", layers}};
}

}  // namespace spikeforge::quantizer

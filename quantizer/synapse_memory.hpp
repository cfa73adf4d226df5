// Synapse memory a fixed network needs on a chip, per layer and in total [bits].
//
// A chip core stores each neuron's incoming weights. Two layouts:
//   dense   every synapse, zero or not: n_out · n_in · b bits (b = the layer's num_weight_bits);
//           (the spikeforge RTL core's image has its own layouts and word widths: export/rtl_mem.hpp).
//   sparse  per neuron, its nonzero synapses as (input index, weight) pairs plus a count:
//           nnz · (b + ⌈log2 n_in⌉) + n_out · ⌈log2(n_in + 1)⌉ bits (the compressed-row layout
//           of cores with a synapse list per neuron, as fan-in-limited chips use).
// `needed` is the smaller of the two, the figure `train --max-fan-in` lowers.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "quantizer/fixed_network.hpp"

namespace spikeforge::quantizer {

struct LayerSynapseMemory {
  int inputs = 0;
  int outputs = 0;
  int weight_bits = 0;            ///< b: the layer's num_weight_bits.
  std::int64_t synapses = 0;      ///< n_out · n_in.
  std::int64_t nonzero = 0;       ///< Synapses with a nonzero weight.
  int max_fan_in = 0;             ///< Most nonzero synapses of one neuron.
  std::int64_t dense_bits = 0;
  std::int64_t sparse_bits = 0;
  [[nodiscard]] std::int64_t needed_bits() const { return dense_bits < sparse_bits ? dense_bits : sparse_bits; }
  [[nodiscard]] std::string layout() const { return dense_bits <= sparse_bits ? "dense" : "sparse"; }
};

struct SynapseMemory {
  std::vector<LayerSynapseMemory> layers;
  [[nodiscard]] std::int64_t synapses() const;
  [[nodiscard]] std::int64_t nonzero() const;
  [[nodiscard]] std::int64_t dense_bits() const;
  [[nodiscard]] std::int64_t needed_bits() const;   ///< Σ per layer of the smaller layout.
};

SynapseMemory synapse_memory(const FixedNetwork& net);

/// {synapses, nonzero, dense_bits, needed_bits, layers: [{layer, inputs, outputs, weight_bits,
///  synapses, nonzero, max_fan_in, dense_bits, sparse_bits, needed_bits, layout}]}.
nlohmann::json to_json(const SynapseMemory& m);

}  // namespace spikeforge::quantizer

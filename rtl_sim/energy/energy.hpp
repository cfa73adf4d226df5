// Energy per inference from counted events (docs/energy.md):
//   E ≈ N_sop·E_sop + N_upd_active·E_upd_active + N_upd_idle·E_upd_idle + N_spike·E_spike
// priced with a published constant set loaded at run time from rtl_sim/energy/constants.json
// (every set carries its source, process node and voltage). Sets that only publish a per-SOP
// energy price only synaptic ops and say so. `horowitz-45nm` gives building blocks, priced on
// this core's micro-architecture: every counted memory access by the physical array it hits
// (size of the core build, word width; the weight SRAM is P banks of weight_words / P words, and a
// row read enables one bank per synaptic op), every add / multiply by its width. Skipped neurons
// cost nothing beyond the scan's flag-word reads (counted). Not priced: register and flip-flop
// traffic (the per-neuron accumulator-non-zero flags, which stand in for clearing the accumulators,
// the owed-step counters) and clock power. Sparse layers (export/rtl_mem.hpp) add a pointer read
// per input event and an index read per block read. It also prices the equivalent ANN for the
// SNN/ANN ratio on the same table, independent of P: one MAC per non-zero weight per inference
// (int8 multiply + int32 add with an 8-bit weight read, and FP32 MAC with a 32-bit weight read; a
// zero weight's MAC is skipped by either machine), and the dense ANN (one MAC per synapse, zero or
// not) under its own fields.
// Units: joules.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "export/rtl_mem.hpp"
#include "rtl_sim/harness/core_sim.hpp"

namespace spikeforge::rtl_sim {

/// One constant set of constants.json.
struct EnergySet {
  std::string name;
  std::string source;
  std::string node;
  std::string voltage;
  std::string notes;
  std::map<std::string, double> per_event_j;  ///< synaptic_op, update_active, update_idle, spike (J).
  std::map<std::string, double> ops_j;        ///< Building blocks: add8, add32, mult8, mult32, fadd32, fmult32 (J).
  /// SRAM read energy of a 64-bit word by array size: (bytes, J), ascending.
  std::vector<std::pair<double, double>> sram_read_64b_j;
  [[nodiscard]] bool building_blocks() const { return !sram_read_64b_j.empty(); }
  /// Energy of one access of `width_bits` to an array of `bytes` (building-block sets only).
  [[nodiscard]] double sram_access_j(double bytes, int width_bits) const;
};

/// Default table: SPIKEFORGE_ENERGY_CONSTANTS (rtl_sim/energy/constants.json), or
/// $SPIKEFORGE_ENERGY_CONSTANTS if set.
std::filesystem::path default_energy_constants();
/// Loads every set. InputError naming the file and field on a missing file or bad content.
std::vector<EnergySet> load_energy_sets(const std::filesystem::path& path = default_energy_constants());
/// Looks a set up by name; ConfigError listing the names if absent.
const EnergySet& find_energy_set(const std::vector<EnergySet>& sets, const std::string& name);

/// What is priced: counters summed over `inferences` samples, and the network's size.
struct EnergyInput {
  RtlCounters counts;
  std::size_t inferences = 0;
  std::int64_t synapses = 0;             ///< Σ n_in · n_out (the dense ANN does one MAC per synapse).
  /// Synapses with a non-zero weight (the ANN's MACs); < 0: unknown, taken as `synapses`.
  std::int64_t nonzero_synapses = -1;
  exporter::RtlCoreLimits core;          ///< Physical arrays of the core build.
  int lanes = kRtlDefaultLanes;          ///< P of the core build (weight banks).
};

struct EnergyLine {
  std::string item;       ///< e.g. "synaptic_op", "weight_read".
  double count = 0.0;     ///< Per inference.
  double unit_j = 0.0;
  double total_j = 0.0;   ///< Per inference.
};

struct EnergyEstimate {
  std::string set, source, node, voltage, notes;
  double energy_per_inference_j = 0.0;
  std::vector<EnergyLine> breakdown;
  bool sop_only = false;                   ///< Only synaptic ops were priced (the set has nothing else).
  double spikes_per_synapse = 0.0;         ///< Synaptic events per synapse per inference (= SOPs / synapses).
  /// The ANN on the same table, where it can be priced: one int8 MAC per non-zero synapse.
  std::optional<double> ann_energy_per_inference_j;
  std::string ann_basis;
  std::optional<double> ann_fp32_energy_per_inference_j;  ///< FP32 MAC per non-zero synapse.
  std::optional<double> snn_over_ann;      ///< energy_per_inference / ann_energy_per_inference.
  std::int64_t ann_macs = 0;               ///< MACs per inference of the ANN (non-zero synapses).
  std::int64_t ann_dense_macs = 0;         ///< MACs of the dense ANN (every synapse).
  std::optional<double> ann_dense_energy_per_inference_j;       ///< int8 MAC per synapse, zero or not.
  std::optional<double> ann_dense_fp32_energy_per_inference_j;  ///< FP32 MAC per synapse, zero or not.
  std::optional<double> snn_over_ann_dense;  ///< energy_per_inference / ann_dense_energy_per_inference.
};

/// Prices `in` with `set`. ConfigError if inferences == 0.
EnergyEstimate estimate_energy(const EnergySet& set, const EnergyInput& in);

}  // namespace spikeforge::rtl_sim

// Golden model: bit-exact integer simulation of a FixedNetwork = what the chip (and the RTL core)
// computes. Two timings (docs/fixed-point.md, "Timing"):
//   immediate (the chip, the RTL core, lava.json through its loader): no inter-layer delay, layer l
//     sees layer l−1's step-t spikes at step t; T steps.
//   lava (plain Lava and lava-dl netx): every Dense adds one step, so layer l (1-based) sees the
//     input of step t at step t + l, and each layer's bias acts from step 1, l steps before its first
//     input; T + L steps, the input followed by L empty steps, prediction from the output layer after
//     step T + L. Same per-step rules below, only the order of the data changes.
//
// Per step, per layer, per neuron (integers, products in 64 bits; trunc12 rounds toward zero; the
// constants and rule functions are in quantizer/fixed_point.hpp, the rules in docs/fixed-point.md):
//   acc  = Σ weights[n, i] over spiking inputs i;   a = weight_exp ≥ 0 ? acc << weight_exp : acc >> −weight_exp
//   u'   = wrap24(trunc12(u · (4096 − (du + 1))) + (a << 6))        (Lava's single wrap)
//   v'   = sat24(trunc12(v · (4096 − dv)) + u' + bias − (reset==subtract && s_prev ? vth << 6 : 0))
//   s    = spiking && v' > (vth << 6);   reset zero: v' = 0 where s
// Event counts (the RTL core's counters must equal them). The core updates a neuron only when the
// update can change something (event-driven updates); the counts say what it does:
//   synaptic_ops      one per (spiking input, output neuron) pair = Σ_t Σ_l |active inputs| · n_l
//                     (zero weights included: the core reads every weight of an active input's column)
//   updates_active    neuron updates the core performs (state read, LIF datapath, state write), see below
//   updates_idle      neuron-steps it skips (no state access, no datapath activity); every neuron-step is
//                     one or the other: updates_active + updates_idle = Σ_t Σ_l n_l
//   catchup_decays    deferred leak (and bias) steps applied when a neuron is next updated (one v
//                     multiply each)
//   input_steps       steps in which the layer received ≥ 1 input event (E_l,t > 0)
//   spikes            output spikes of spiking layers
// Which neurons are updated: a rule on two flags the core keeps per neuron, set when n is updated
// (bias = bias_mant · 2^bias_exp; "safe" bias: bias · 4096 ≤ (vth << 6) · dv, a static property):
//   dec[n]  = (dv ≠ 0 and v' ≠ 0) or bias ≠ 0           (v may still change without input)
//   live[n] = (bias ≠ 0 and not safe) or (reset==subtract and s) or (du ≠ 4095 and u' ≠ 0) or
//             (dec[n] and (l is the last layer or the layer had no input event this step))
//   after a clear: dec[n] = (bias ≠ 0), live[n] = (bias ≠ 0 and (not safe or l is the last layer)).
// At step t, neuron n of layer l is updated iff live[n], or acc[n] ≠ 0 (a non-zero sum of weights
// reached it), or (dec[n] and the layer has ≥ 1 input event this step); otherwise it is skipped.
// Skipping is exact. A skipped neuron has no input, no pending reset, and u' = 0 (u = 0, or du = 4095
// which multiplies u by 0), so its update is v' = f(v) = sat24(trunc12(v · (4096 − dv)) + bias):
// with dec[n] = 0 that is v itself (v = 0 or dv = 0, and bias = 0); with dec[n] = 1 it cannot spike
// (v ≤ vth << 6 after the last update, else n spiked and was reset or is live, and a safe bias keeps
// f(v) ≤ vth << 6 since vth ≥ 0). Such skipped steps are deferred: they happen only in runs of steps
// without input events to the layer (live keeps a neuron updated through a run once it is updated in
// it), so the core keeps one owed-step counter k per layer, and when n is next updated it first
// iterates v ← f(v) up to k times, stopping early at a fixed point f(v) = v; catchup_decays counts
// those iterations (= the deferred steps at which f changed v). Iterations still owed at the end of a
// sample are dropped (the next sample clears the state); the last layer never defers (its v is the
// readout).
// Arithmetic: every intermediate is 64-bit; u' is wrapped once as above and stored as int32
// (a mapped network never needs the wrap: the mapping keeps |a << 6| < 2^23). Note that +2^23 is
// a legal stored u (25 bits), exactly as in Lava.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/spikes.hpp"
#include "quantizer/fixed_network.hpp"

namespace spikeforge::quantizer {

struct EventCounts {
  std::uint64_t synaptic_ops = 0;
  std::uint64_t updates_active = 0;
  std::uint64_t updates_idle = 0;
  std::uint64_t catchup_decays = 0;
  std::uint64_t input_steps = 0;
  std::uint64_t spikes = 0;
  EventCounts& operator+=(const EventCounts& o);
  friend bool operator==(const EventCounts&, const EventCounts&) = default;
};

/// When a layer sees the spikes of the layer below (see the top of this file).
enum class Timing { immediate, lava };

/// "immediate" | "lava".
const char* to_string(Timing timing);
/// Parses "immediate" | "lava"; ConfigError naming `field` otherwise.
Timing parse_timing(const std::string& text, const std::string& field = "timing");
/// Steps one run takes for a `steps`-step input: steps (immediate) or steps + layers (lava).
int run_steps(Timing timing, int steps, std::size_t layers);
/// The RTL core has no inter-layer delay: ConfigError "<where>: ..." for Timing::lava, explaining
/// that a co-simulation compares the RTL with the immediate timing and what to use instead.
void require_immediate_timing(Timing timing, const std::string& where);

/// One sample's run. spikes[l][t] lists the neurons of layer l spiking at step t (t over the run's
/// steps: T, or T + L in lava timing).
struct GoldenRun {
  int prediction = -1;                       ///< argmax of final output v (ties → lowest index), or spike count.
  std::vector<std::int32_t> output_v;        ///< Output layer's v after the last step.
  std::vector<std::vector<std::vector<std::uint32_t>>> spikes;
  /// With record_state: u[l][t][n], v[l][t][n] after step t.
  std::vector<std::vector<std::vector<std::int32_t>>> u, v;
  std::vector<EventCounts> counts;           ///< Per layer.
};

/// Stateful step-by-step golden model (what a co-simulation harness drives).
class GoldenModel {
 public:
  /// Validates `net` (ConfigError on inconsistent shapes or out-of-range parameters).
  explicit GoldenModel(const FixedNetwork& net, Timing timing = Timing::immediate);
  void reset();
  /// Advances one step with the given input spikes (sorted indices); returns nothing, read state below.
  /// In lava timing every layer (the first included) consumes what the layer below sent one step earlier.
  void step(std::span<const std::uint32_t> input_active);
  [[nodiscard]] const std::vector<std::uint32_t>& layer_spikes(std::size_t layer) const;
  [[nodiscard]] const std::vector<std::int32_t>& layer_u(std::size_t layer) const;
  [[nodiscard]] const std::vector<std::int32_t>& layer_v(std::size_t layer) const;
  /// Neurons of `layer` the core updates at the latest step (ascending; see the rule above).
  [[nodiscard]] const std::vector<std::uint32_t>& layer_updated(std::size_t layer) const;
  [[nodiscard]] const std::vector<EventCounts>& counts() const;
  /// The (validated) network the model runs.
  [[nodiscard]] const FixedNetwork& network() const;
  [[nodiscard]] Timing timing() const;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

/// Runs one sample of `batch` from a zero state (run_steps(timing, T, L) steps).
GoldenRun run_golden(const FixedNetwork& net, const core::SpikeBatch& batch, std::size_t sample,
                     bool record_state = false, Timing timing = Timing::immediate);

/// Same, re-using `model` (reset first; its timing): no per-sample validation or copy of the weights.
GoldenRun run_golden(GoldenModel& model, const core::SpikeBatch& batch, std::size_t sample, bool record_state = false);

/// Plain reference twin of run_golden (scalar loops over every synapse, no event-driven tricks).
GoldenRun run_golden_reference(const FixedNetwork& net, const core::SpikeBatch& batch, std::size_t sample,
                               bool record_state = false, Timing timing = Timing::immediate);

}  // namespace spikeforge::quantizer

// A FixedNetwork checked against the ChipProfile it names: what a net.q.json may hold on that chip.
// FixedNetwork::validate() checks the format's own ranges (Loihi widths); this checks the profile's,
// which may be narrower, plus the one bound that keeps the arithmetic of every implementation equal.
//
// Checked per layer, first failure thrown:
//   num_weight_bits ≤ weights.max_bits; sign_mode ∈ weights.sign_modes;
//   weight_exp ∈ [weights.exp_min, weights.exp_max]; du, dv < 2^du_bits, 2^dv_bits;
//   vth ≤ 2^vth_bits − 1; bias_mant ∈ the signed bias_mant_bits range; bias_exp < 2^bias_exp_bits;
//   reset ∈ neuron.reset_modes (spiking layers: an integrator never resets); layers ≤ max_layers, outputs ≤ max_neurons_per_layer,
//   inputs ≤ max_fan_in, synapses ≤ max_synapses;
//   worst-case one-step input |a| = max over neurons of max(Σ positive, Σ |negative| weights),
//   shifted by weight_exp, ≤ 2^18 (kInputMaxSingleWrap: beyond it the 24-bit u wraps more than
//   once per step and runs past 32 bits, where the golden model, the RTL core and Lava disagree;
//   docs/fixed-point.md, "Why the state cannot run away").
#pragma once
#include <cstdint>

#include "quantizer/fixed_network.hpp"
#include "quantizer/profile.hpp"

namespace spikeforge::quantizer {

/// Throws ConfigError "layer <l> <field> = <value> <why> (profile <name>: <limit>)" on the first
/// value the profile cannot hold (the network's own format ranges are FixedNetwork::validate()'s,
/// which the caller runs first).
void check_against_profile(const FixedNetwork& net, const ChipProfile& profile);

/// The worst-case one-step synaptic input of a layer, in weight units after weight_exp:
/// max over neurons of max(Σ positive weights, Σ |negative weights|) shifted like dense_shift
/// (a negative total floors, so its magnitude may be one more than the shifted positive bound).
std::int64_t worst_case_input(const FixedLayer& layer);

}  // namespace spikeforge::quantizer

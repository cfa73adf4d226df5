// NIR (Neuromorphic Intermediate Representation, neuromorphs/NIR) HDF5 graphs: write a network,
// read a feed-forward graph back into a FloatNetwork (checked against NIR's nir/serialization.py,
// nir/ir/{graph,linear,neuron}.py, NIR 1.0.x).
//
// File layout (datasets only, strings variable-length UTF-8 as h5py's string_dtype() writes them):
//   /version                       "1.0"
//   /node/type                     "NIRGraph"
//   /node/edges                    (n_edges, 2) strings: [source node, target node]
//   /node/metadata/{dt, discretization, steps, dataset, encoding, seed, bin_us, generator}
//                                  (ours, optional on read: the time mapping and the input encoding)
//   /node/nodes/input/{type="Input", shape=int64 [n0]}
//   /node/nodes/<2k>/{type="Affine", weight=float32 (n_out, n_in), bias=float32 (n_out)}
//   /node/nodes/<2k+1>/{type="LIF", tau, r, v_leak, v_threshold, v_reset}   hidden layers (float32 (n))
//              or      {type="IF", r, v_threshold, v_reset}                 hidden, δ = 1
//   /node/nodes/<2k+1>/metadata/reset   "zero" | "subtract" on every spiking node (see Reset)
//   /node/nodes/<2L−1>/{type="LI", tau, r, v_leak}   non-spiking output integrator ("I" with r when δ = 1),
//              or with readout lif {type="LIF" ("IF"), ..., v_threshold unreachable, metadata/readout="potential"}
//   (from net.q.json with a current decay du ≠ 4095: "CubaLIF" / "CubaLI" with tau_syn, tau_mem, r,
//    v_leak, w_in [, v_threshold, v_reset]; see write_nir(FixedNetwork))
//   /node/nodes/output/{type="Output", shape=int64 [n_L]}
// Node names follow snnTorch/Norse ("input", "0", "1", ..., "output"), edges chain them in order.
//
// Time: NIR is continuous (τ dv/dt = (v_leak − v) + R·I); a discrete step of length dt maps to it
//   "euler" (default; what snnTorch and Norse write and read): δ = 1 − dt/τ, τ = dt/(1 − δ), and
//           R = τ/dt so that one step adds exactly (dt/τ)·R·I = W·s + b, like our model.
//   "exp":  δ = exp(−dt/τ), τ = −dt/ln δ, R = 1/(1 − δ) (the exact step of a constant input adds
//           (1 − δ)·R·I = W·s + b).
//   δ = 1 (no leak) has τ = ∞: written as IF / I nodes with R = 1/dt (dv/dt = R·I).
// The writer records dt and the convention in /node/metadata; the reader uses them when present.
//
// Reset: NIR's LIF, IF and CubaLIF reset to v_reset; its core node set has no subtract reset (one
// could build it from an LI node, a Threshold node and a recurrent −θ edge, but the stock importers
// load neither Threshold nodes nor such cycles). So the reset travels as node metadata, which NIR's
// own reader keeps in each node's `metadata` dict: every spiking node carries metadata/reset =
// "zero" | "subtract". A zero-reset layer is plain NIR (v_reset = 0). A subtract-reset layer is
// refused unless allow_reset_change: then it is written as an LIF with v_reset = 0 and
// metadata/reset = "subtract" — `spikeforge import` restores the subtract reset, a tool that ignores
// node metadata runs a zero reset. On import, NirReadOptions::reset overrides what the file says;
// a spiking node that says nothing is read as zero (NIR's semantics) with a warning, because
// snnTorch writes its default subtract-reset Leaky as a plain LIF.
//
// Readout: the output integrator is an LI node by default; stock importers (snnTorch, ...) map LIF
// but not LI, so NirReadout::lif writes it as an LIF (IF when δ = 1; CubaLIF from a current decay)
// whose v_threshold is twice the largest potential its input can reach (readout_bound): it never
// spikes, so it is the same neuron and its v the same readout, and it carries
// metadata/readout = "potential". The reader turns a last spiking node back into the integrator
// when it says so, or when its threshold exceeds readout_bound (δ < 1, or δ = 1 with the file's
// /node/metadata/steps).
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/network.hpp"
#include "quantizer/fixed_network.hpp"

namespace spikeforge::exporter {

enum class NirTime { euler, exp };

/// "euler" | "exp" (ConfigError naming `field` otherwise).
NirTime parse_nir_time(const std::string& text, const std::string& field = "discretization");
const char* to_string(NirTime t);

/// How the output integrator is written: LI (NIR's leaky integrator) or an LIF that never fires.
enum class NirReadout { li, lif };

/// "li" | "lif" (ConfigError naming `field` otherwise).
NirReadout parse_nir_readout(const std::string& text, const std::string& field = "readout");
const char* to_string(NirReadout r);

struct NirWriteOptions {
  double dt = 1e-4;                  ///< Seconds per step (snnTorch's default). Must be > 0 and finite.
  NirTime time = NirTime::euler;
  bool allow_reset_change = false;   ///< Write a subtract-reset layer as an LIF (v_reset = 0) with metadata/reset = "subtract".
  NirReadout readout = NirReadout::li;
  void validate() const;             ///< ConfigError on a bad dt.
};

struct NirReadOptions {
  double dt = 1e-4;                  ///< Used when the file has no /node/metadata/dt.
  NirTime time = NirTime::euler;     ///< Used when the file has no /node/metadata/discretization.
  /// Reset of the spiking nodes, overriding their metadata/reset (a warning where it differs);
  /// unset: the metadata, or zero with a warning for a node that says nothing.
  std::optional<core::ResetMode> reset;
};

/// What an export changed. reset_changed: a tool that ignores node metadata runs a zero reset.
struct NirReport {
  bool reset_changed = false;
  std::vector<std::string> notes;
};

/// What an import assumed: warnings (reset not stated, or overridden) and notes (readout recognized).
struct NirImportReport {
  std::vector<std::string> warnings;
  std::vector<std::string> notes;
};

/// Writes `net` (validated) as a NIR graph, atomically. ConfigError on subtract reset without
/// allow_reset_change or bad options; nothing is written on error.
NirReport write_nir(const std::filesystem::path& path, const core::FloatNetwork& net, const NirWriteOptions& options = {});

/// Writes a fixed network (net.q.json) dequantized through each layer's scale (see dequantize);
/// a layer with a current decay (du ≠ 4095) becomes a CubaLIF (hidden) / CubaLI (output) node with
/// synaptic decay α = 1 − (du + 1)/4096: tau_syn = dt/(1 − α) (exp: −dt/ln α), w_in = 1/(1 − α) so
/// that I' = α·I + W·s, and the layer's bias moved to v_leak = b/(1 − δ) (our bias enters v, not I).
/// ConfigError as write_nir above, or for du ≠ 4095 with dv = 0.
NirReport write_nir(const std::filesystem::path& path, const quantizer::FixedNetwork& net, const NirWriteOptions& options = {});

/// A FixedNetwork in float units through each layer's scale (v_float = v_int · scale / 64):
/// W = W_int · 2^weight_exp · scale, b = bias_mant · 2^bias_exp · scale / 64, θ = vth · scale,
/// δ = 1 − dv/4096. ConfigError if a layer has a current decay (du ≠ 4095: no float equivalent) or a
/// scale that is not finite and > 0.
core::FloatNetwork dequantize(const quantizer::FixedNetwork& net);

/// Reads a feed-forward NIR graph (Input → (Affine|Linear → LIF|CubaLIF|IF|LI|CubaLI|I)+ → Output) into a
/// FloatNetwork: δ from τ and dt; per-neuron gains r·dt/τ and thresholds folded into the weights;
/// v_leak folded into the bias; resets and the readout as described under Reset and Readout above
/// (what it assumed goes to `report`). InputError naming the file, node, field and value on cycles,
/// branches, unknown node types, shape mismatches, missing fields, or values it cannot represent
/// (per-neuron τ that differ, v_reset ≠ 0, CubaLIF with a synaptic time constant ≠ dt, a
/// metadata/reset other than zero or subtract).
core::FloatNetwork read_nir(const std::filesystem::path& path, const NirReadOptions& options = {},
                            NirImportReport* report = nullptr);

/// The largest potential a layer's neurons can reach from v = 0 without firing: per neuron
/// (Σ positive weights + max(bias, 0)) / (1 − δ), times `steps` instead of the 1/(1 − δ) when δ = 1
/// (infinite when steps ≤ 0); the maximum over neurons, or per neuron in `per_neuron`.
double readout_bound(const core::Layer& layer, int steps, std::vector<double>* per_neuron = nullptr);

}  // namespace spikeforge::exporter

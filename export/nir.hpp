// NIR (Neuromorphic Intermediate Representation, neuromorphs/NIR) HDF5 graphs: write a network,
// read a feed-forward graph back into a FloatNetwork (checked against NIR's nir/serialization.py,
// nir/ir/{graph,linear,neuron}.py, NIR 1.0.x).
//
// File layout (datasets only, strings variable-length UTF-8 as h5py's string_dtype() writes them):
//   /version                       "1.0"
//   /node/type                     "NIRGraph"
//   /node/edges                    (n_edges, 2) strings: [source node, target node]
//   /node/metadata/{dt, discretization, generator, reset_original}   (ours, optional on read)
//   /node/nodes/input/{type="Input", shape=int64 [n0]}
//   /node/nodes/<2k>/{type="Affine", weight=float32 (n_out, n_in), bias=float32 (n_out)}
//   /node/nodes/<2k+1>/{type="LIF", tau, r, v_leak, v_threshold, v_reset}   hidden layers (float32 (n))
//              or      {type="IF", r, v_threshold, v_reset}                 hidden, δ = 1
//   /node/nodes/<2L−1>/{type="LI", tau, r, v_leak}   non-spiking output integrator ("I" with r when δ = 1)
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
// Reset: NIR's LIF resets to v_reset; spikeforge's float "subtract" reset has no NIR equivalent and is
// refused unless allow_reset_change (then written as v_reset = 0 and noted in reset_original).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include "core/network.hpp"
#include "quantizer/fixed_network.hpp"

namespace spikeforge::exporter {

enum class NirTime { euler, exp };

/// "euler" | "exp" (ConfigError naming `field` otherwise).
NirTime parse_nir_time(const std::string& text, const std::string& field = "discretization");
const char* to_string(NirTime t);

struct NirWriteOptions {
  double dt = 1e-4;                  ///< Seconds per step (snnTorch's default). Must be > 0 and finite.
  NirTime time = NirTime::euler;
  bool allow_reset_change = false;   ///< Write a subtract-reset network as NIR's reset-to-v_reset.
  void validate() const;             ///< ConfigError on a bad dt.
};

struct NirReadOptions {
  double dt = 1e-4;                  ///< Used when the file has no /node/metadata/dt.
  NirTime time = NirTime::euler;     ///< Used when the file has no /node/metadata/discretization.
};

struct NirReport {
  bool reset_changed = false;
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
/// v_leak folded into the bias. InputError naming the file, node, field and value on cycles,
/// branches, unknown node types, shape mismatches, missing fields, or values it cannot represent
/// (per-neuron τ that differ, v_reset ≠ 0, CubaLIF with a synaptic time constant ≠ dt).
core::FloatNetwork read_nir(const std::filesystem::path& path, const NirReadOptions& options = {});

}  // namespace spikeforge::exporter

// lava-dl netx HDF5 (*.net): the exchange format lava-dl's `netx.hdf5.Network` loads
// (checked against lava-dl src/lava/lib/dl/netx/hdf5.py and utils.py, lava-dl 0.4 / 0.5).
//
// Layout written (datasets only, no attributes; one group per layer, input → output, no 'input'
// layer so spikes enter the first Dense directly):
//   /layer/<i>/type          fixed-length ASCII "dense"
//   /layer/<i>/shape         int64 (1,)         = (n_out,)
//   /layer/<i>/inFeatures    int64 scalar        = n_in
//   /layer/<i>/outFeatures   int64 scalar        = n_out
//   /layer/<i>/weight        float32 (n_out, n_in), integer-valued: W_eff · 2^weight_exp
//   /layer/<i>/bias          float32 (n_out,),  integer-valued: bias_mant · 2^(bias_exp − 6)
//   /layer/<i>/neuron/type   fixed-length ASCII "CUBA"
//   /layer/<i>/neuron/iDecay int64 scalar = du + 1     (netx: du = iDecay − 1)
//   /layer/<i>/neuron/vDecay int64 scalar = dv
//   /layer/<i>/neuron/vThMant int64 scalar = vth (2^17 − 1 for the output integrator)
//   /layer/<i>/neuron/refDelay int64 scalar = 1;  /layer/<i>/neuron/gradedSpike bool = false
// netx rebuilds Dense with its own (num_weight_bits, weight_exp, sign_mode) from the integer weights
// (export/netx_dense.hpp) and LIF(du = iDecay − 1, dv = vDecay, vth = vThMant, bias_mant = bias,
// bias_exp = 6).
//
// What is exact (docs/formats.md): a .net file reproduces the network bit for bit **in the lava
// timing** of the golden model (quantizer/golden.hpp: each layer one step later, biases from step
// 1, T + L steps) — never in the immediate timing when a layer has biases, because a netx block
// cannot hold its bias back until its input arrives — provided
//   - every W_eff · 2^weight_exp is an integer that netx's weight loader keeps (netx_dense: refused
//     otherwise, or counted with allow_rounding); `quantize --netx-exact` maps networks that pass;
//   - every bias_mant · 2^(bias_exp − 6) is an integer in [−4096, 4095] (refused or counted likewise);
//   - the reset is zero (netx's CUBA neuron: subtract is refused unless allow_reset_change);
//   - the output integrator's v stays ≤ (2^17 − 1) << 6 = 8388544: it is written as a CUBA neuron
//     with the largest threshold, which would spike and reset above that (within 63 of v's
//     saturation; the golden model's integrator never does).
#pragma once
#include <filesystem>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "quantizer/fixed_network.hpp"

namespace spikeforge::exporter {

struct NetxOptions {
  bool allow_reset_change = false;  ///< Write a subtract-reset network although netx resets to zero.
  bool allow_rounding = false;      ///< Round weights/biases that the netx convention cannot hold exactly.
};

/// What the export changed. exact(): the file runs the network bit for bit in the lava timing
/// (see the conditions above; the output integrator's bound is the caller's to check).
struct NetxReport {
  int weights_rounded = 0;   ///< Weights netx applies differently (rounded, or changed by its loader).
  int biases_rounded = 0;
  bool reset_changed = false;
  std::vector<std::string> notes;  ///< Human-readable: the timing to run it in, and every change.
  [[nodiscard]] bool exact() const { return weights_rounded == 0 && biases_rounded == 0 && !reset_changed; }
};

/// One layer as stored in the file.
struct NetxLayer {
  std::string type;            ///< "dense".
  Eigen::MatrixXf weight;      ///< n_out × n_in.
  Eigen::VectorXf bias;        ///< n_out (zeros if the file has none).
  bool has_neuron = false;
  std::string neuron_type;     ///< "CUBA".
  std::int64_t i_decay = 0, v_decay = 0, v_th_mant = 0, ref_delay = 1;
  bool graded_spike = false;
};

/// Converts. ConfigError if the network is out of range, RangeError if a loss is not allowed by
/// `options` or netx cannot hold a layer's weights at all (all zero, or a matrix its loader breaks).
std::vector<NetxLayer> fixed_to_netx(const quantizer::FixedNetwork& net, const NetxOptions& options,
                                     NetxReport* report = nullptr);

/// Writes the .net file atomically (temp file + rename); nothing is written on error.
NetxReport write_netx(const std::filesystem::path& path, const quantizer::FixedNetwork& net,
                      const NetxOptions& options = {});

/// Reads a netx file written by write_netx (dense layers; for tests and inspection). InputError
/// naming the file, dataset and value on anything missing, mistyped or inconsistent.
std::vector<NetxLayer> read_netx(const std::filesystem::path& path);

/// The FixedNetwork that computes what netx builds from the layers, for layers netx loads exactly
/// (netx_dense): the stored weights as 8-bit effective weights with the weight_exp that holds them,
/// bias_exp 6, reset zero, profile "loihi"; the last layer non-spiking if its vThMant is 2^17 − 1.
/// Run it in Timing::lava to see what netx computes. ConfigError if a value does not fit
/// spikeforge.fixed/1.
quantizer::FixedNetwork netx_to_fixed(const std::vector<NetxLayer>& layers);

}  // namespace spikeforge::exporter

#include "quantizer/fixed_network.hpp"

#include <sstream>
#include <string>

#include "core/errors.hpp"
#include "quantizer/dense.hpp"

namespace spikeforge::quantizer {

std::int64_t FixedNetwork::synapses() const {
  std::int64_t n = 0;
  for (const auto& l : layers) n += static_cast<std::int64_t>(l.weights.size());
  return n;
}

namespace {
[[noreturn]] void fail(std::size_t layer, const std::string& field, long long value, const std::string& why) {
  std::ostringstream msg;
  msg << "fixed network: layer " << layer << " " << field << " = " << value << " " << why;
  throw core::ConfigError(msg.str());
}

void check_range(std::size_t layer, const std::string& field, long long value, long long lo, long long hi) {
  if (value < lo || value > hi) {
    fail(layer, field, value, "is outside [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
}
}  // namespace

void FixedNetwork::validate() const {
  if (layers.empty()) throw core::ConfigError("fixed network: has no layers");
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const FixedLayer& L = layers[l];
    if (L.weights.rows() == 0 || L.weights.cols() == 0) {
      throw core::ConfigError("fixed network: layer " + std::to_string(l) + " weights are empty (" +
                              std::to_string(L.weights.rows()) + " x " + std::to_string(L.weights.cols()) + ")");
    }
    if (l > 0 && L.inputs() != layers[l - 1].outputs()) {
      fail(l, "inputs", L.inputs(),
           "differs from layer " + std::to_string(l - 1) + "'s outputs " + std::to_string(layers[l - 1].outputs()));
    }
    if (static_cast<Eigen::Index>(L.bias_mant.size()) != L.weights.rows()) {
      fail(l, "bias_mant size", static_cast<long long>(L.bias_mant.size()),
           "differs from outputs " + std::to_string(L.weights.rows()));
    }
    if (l + 1 < layers.size() && !L.spiking) fail(l, "spiking", 0, "but a hidden layer must spike");
    check_range(l, "num_weight_bits", L.num_weight_bits, 1, kWeightBitsMax);
    check_range(l, "weight_exp", L.weight_exp, kWeightExpMin, kWeightExpMax);
    check_range(l, "du", L.du, 0, kDecayMax);
    check_range(l, "dv", L.dv, 0, kDecayMax);
    check_range(l, "vth", L.vth, 0, kVthMax);
    check_range(l, "bias_exp", L.bias_exp, kBiasExpMin, kBiasExpMax);
    for (std::size_t n = 0; n < L.bias_mant.size(); ++n) {
      check_range(l, "bias_mant[" + std::to_string(n) + "]", L.bias_mant[n], kBiasMantMin, kBiasMantMax);
    }
    const int mode = static_cast<int>(L.sign_mode);
    if (mode < 1 || mode > 3) fail(l, "sign_mode", mode, "is not 1 (mixed), 2 (excitatory) or 3 (inhibitory)");
    for (Eigen::Index c = 0; c < L.weights.cols(); ++c) {
      for (Eigen::Index r = 0; r < L.weights.rows(); ++r) {
        const std::int32_t w = L.weights(r, c);
        if (dense_effective_weight(w, L.num_weight_bits, L.sign_mode) == w) continue;
        const std::string field = "weights[" + std::to_string(r) + "][" + std::to_string(c) + "]";
        check_range(l, field, w, kWeightMin, kWeightMax);
        {
          fail(l, field, w,
               "is not representable with num_weight_bits = " + std::to_string(L.num_weight_bits) + " and sign_mode " +
                   std::to_string(mode) + " (clip + LSB truncation changes it)");
        }
      }
    }
  }
}

}  // namespace spikeforge::quantizer

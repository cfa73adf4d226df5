#include "core/network.hpp"

#include <cmath>
#include <sstream>

#include "core/errors.hpp"

namespace spikeforge::core {

ResetMode parse_reset_mode(const std::string& text, const std::string& field) {
  if (text == "subtract") return ResetMode::subtract;
  if (text == "zero") return ResetMode::zero;
  throw ConfigError(field + ": unknown reset mode '" + text + "' (expected 'subtract' or 'zero')");
}

const char* to_string(ResetMode mode) { return mode == ResetMode::subtract ? "subtract" : "zero"; }

std::int64_t FloatNetwork::synapses() const {
  std::int64_t n = 0;
  for (const auto& l : layers) n += static_cast<std::int64_t>(l.weights.size());
  return n;
}

namespace {
template <typename Derived>
void check_finite(const Eigen::MatrixBase<Derived>& m, std::size_t layer, const char* field) {
  for (Eigen::Index c = 0; c < m.cols(); ++c) {
    for (Eigen::Index r = 0; r < m.rows(); ++r) {
      const float x = m(r, c);
      if (!std::isfinite(x)) {
        std::ostringstream msg;
        msg << "network: layer " << layer << " " << field << "[" << r << "," << c << "] = " << x
            << " is not finite";
        throw ConfigError(msg.str());
      }
    }
  }
}
}  // namespace

void FloatNetwork::validate() const {
  if (layers.empty()) throw ConfigError("network: has no layers");
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const Layer& l = layers[i];
    std::ostringstream where;
    where << "network: layer " << i << " ";
    if (l.weights.rows() == 0 || l.weights.cols() == 0) {
      throw ConfigError(where.str() + "weights are empty (" + std::to_string(l.weights.rows()) + " x " +
                        std::to_string(l.weights.cols()) + ")");
    }
    if (i > 0 && l.inputs() != layers[i - 1].outputs()) {
      throw ConfigError(where.str() + "weights have " + std::to_string(l.inputs()) +
                        " columns but layer " + std::to_string(i - 1) + " has " +
                        std::to_string(layers[i - 1].outputs()) + " outputs (shapes do not chain)");
    }
    if (l.bias.size() != l.weights.rows()) {
      throw ConfigError(where.str() + "bias has " + std::to_string(l.bias.size()) + " entries, expected " +
                        std::to_string(l.weights.rows()));
    }
    check_finite(l.weights, i, "weights");
    check_finite(l.bias, i, "bias");
    const float d = l.neuron.leak;
    if (!(d > 0.0F && d <= 1.0F)) {
      std::ostringstream msg;
      msg << where.str() << "leak = " << d << " is outside (0, 1]";
      throw ConfigError(msg.str());
    }
    if (!(std::isfinite(l.neuron.v_thresh) && l.neuron.v_thresh > 0.0F)) {
      std::ostringstream msg;
      msg << where.str() << "v_thresh = " << l.neuron.v_thresh << " must be finite and > 0";
      throw ConfigError(msg.str());
    }
    if (i + 1 < layers.size() && !l.neuron.spiking) {
      throw ConfigError(where.str() + "is a hidden layer but does not spike");
    }
  }
}

}  // namespace spikeforge::core

#include "quantizer/grid.hpp"

#include <cmath>
#include <string>
#include <utility>

#include "core/errors.hpp"
#include "quantizer/fixed_point.hpp"

namespace spikeforge::quantizer {
namespace {

constexpr int kMaxPasses = 8;  // projections settle after 1-2 passes; more means a bug (ConfigError)

bool same(const Eigen::MatrixXf& a, const Eigen::MatrixXf& b) { return a.size() == b.size() && (a.array() == b.array()).all(); }
bool same(const Eigen::VectorXf& a, const Eigen::VectorXf& b) { return a.size() == b.size() && (a.array() == b.array()).all(); }

}  // namespace

DequantizedLayer dequantize_layer(const FixedLayer& layer, double weight_quantum) {
  DequantizedLayer out;
  out.weights.resize(layer.weights.rows(), layer.weights.cols());
  for (Eigen::Index c = 0; c < layer.weights.cols(); ++c) {
    for (Eigen::Index r = 0; r < layer.weights.rows(); ++r) {
      out.weights(r, c) = static_cast<float>(static_cast<double>(layer.weights(r, c)) * weight_quantum);
    }
  }
  const double bias_unit = std::ldexp(1.0, layer.bias_exp) * layer.scale / static_cast<double>(kStateScale);
  out.bias.resize(static_cast<Eigen::Index>(layer.bias_mant.size()));
  for (std::size_t n = 0; n < layer.bias_mant.size(); ++n) {
    out.bias(static_cast<Eigen::Index>(n)) = static_cast<float>(static_cast<double>(layer.bias_mant[n]) * bias_unit);
  }
  return out;
}

WeightGrid::WeightGrid(const core::FloatNetwork& net, ChipProfile profile, MappingOptions options)
    : profile_(std::move(profile)), options_(options) {
  (void)map_network(net, profile_, options_);  // every ConfigError map_network would raise, now
  shape_.encoding = net.encoding;
  for (const core::Layer& L : net.layers) {
    core::Layer s;
    s.neuron = L.neuron;
    shape_.layers.push_back(std::move(s));
    rows_.push_back(L.weights.rows());
    cols_.push_back(L.weights.cols());
  }
}

void WeightGrid::project_layer(std::size_t l, Eigen::MatrixXf& weights, Eigen::VectorXf& bias) const {
  if (l >= shape_.layers.size()) {
    throw core::ConfigError("grid: layer " + std::to_string(l) + " does not exist (the network has " +
                            std::to_string(shape_.layers.size()) + ")");
  }
  if (weights.rows() != rows_[l] || weights.cols() != cols_[l] || bias.size() != rows_[l]) {
    throw core::ConfigError("grid: layer " + std::to_string(l) + " is " + std::to_string(weights.rows()) + " x " +
                            std::to_string(weights.cols()) + " with " + std::to_string(bias.size()) +
                            " biases, expected " + std::to_string(rows_[l]) + " x " + std::to_string(cols_[l]));
  }
  // A one-layer network with this layer's neuron: map_network's choices for a layer depend only on
  // the layer itself (and T), so this is exactly what mapping the whole network does to it.
  core::FloatNetwork one;
  one.encoding = shape_.encoding;
  one.layers.push_back(shape_.layers[l]);
  core::Layer& L = one.layers.front();
  L.weights = weights;
  L.bias = bias;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    const MappingResult m = map_network(one, profile_, options_);
    const double q = m.report.layers.front().weight_quantum;
    DequantizedLayer d = dequantize_layer(m.network.layers.front(), q);
    if (same(d.weights, L.weights) && same(d.bias, L.bias)) {
      weights = L.weights;
      bias = L.bias;
      return;
    }
    L.weights = std::move(d.weights);
    L.bias = std::move(d.bias);
  }
  throw core::ConfigError("grid: layer " + std::to_string(l) + ": the projection did not settle after " +
                          std::to_string(kMaxPasses) + " passes");
}

core::FloatNetwork WeightGrid::project(const core::FloatNetwork& net) const {
  if (net.layers.size() != shape_.layers.size()) {
    throw core::ConfigError("grid: the network has " + std::to_string(net.layers.size()) + " layers, expected " +
                            std::to_string(shape_.layers.size()));
  }
  core::FloatNetwork out = net;
  for (std::size_t l = 0; l < out.layers.size(); ++l) project_layer(l, out.layers[l].weights, out.layers[l].bias);
  return out;
}

}  // namespace spikeforge::quantizer

// A trained network as a stage receives it: float (net.json, core::FloatNetwork, run by the float
// simulator) or fixed point (net.q.json, quantizer::FixedNetwork, run by the golden model). The
// file's "format" tag decides which.
#pragma once
#include <memory>
#include <string>

#include "core/network.hpp"
#include "quantizer/fixed_network.hpp"

namespace spikeforge::pipeline {

struct Model {
  std::string path;                                       ///< Where it was read from (for messages).
  std::shared_ptr<const core::FloatNetwork> flt;          ///< Set for a float network.
  std::shared_ptr<const quantizer::FixedNetwork> fixed;   ///< Set for a fixed network.

  [[nodiscard]] bool is_fixed() const { return fixed != nullptr; }
  [[nodiscard]] const core::EncodingInfo& encoding() const;
  [[nodiscard]] int inputs() const;
  [[nodiscard]] int outputs() const;
};

/// Reads `path` (InputError naming the file and its format tag if it is neither network format).
Model load_model(const std::string& path);
Model model_of(core::FloatNetwork net, std::string path);
Model model_of(quantizer::FixedNetwork net, std::string path);

/// Reads a fixed network; InputError naming `what` (e.g. "export --format lava") if `path` holds
/// another format ("run `spikeforge quantize` first").
quantizer::FixedNetwork load_fixed(const std::string& path, const std::string& what);

}  // namespace spikeforge::pipeline

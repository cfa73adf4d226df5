#include "export/fixed_checks.hpp"

#include "core/errors.hpp"

namespace spikeforge::exporter {

void check_fixed_network(const quantizer::FixedNetwork& net, const std::string& where) {
  try {
    net.validate();
  } catch (const core::RangeError& e) {
    throw core::RangeError(where + ": " + e.what());
  } catch (const core::ConfigError& e) {
    throw core::ConfigError(where + ": " + e.what());
  }
}

}  // namespace spikeforge::exporter

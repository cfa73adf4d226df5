// Range check every exporter runs before writing a FixedNetwork (so a bad network writes nothing):
// quantizer::FixedNetwork::validate() (shapes chain, Loihi field ranges, weights that are their own
// clip + truncation, hidden layers spiking) with the exporter's name in front of the message.
#pragma once
#include <string>

#include "quantizer/fixed_network.hpp"

namespace spikeforge::exporter {

/// Throws core::ConfigError "<where>: fixed network: layer <l> <field> = <value> ..." on the first
/// problem FixedNetwork::validate() finds.
void check_fixed_network(const quantizer::FixedNetwork& net, const std::string& where);

}  // namespace spikeforge::exporter

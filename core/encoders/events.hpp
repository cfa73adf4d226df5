// Event binning: events -> spikes on a grid of T steps of bin_us µs.
// An event at t_us lands in step floor(t_us / bin_us); events at t_us < 0 or t_us >= T·bin_us are
// dropped; several events of one channel in one bin collapse to one spike.
#pragma once
#include <cstdint>
#include <span>
#include <string>

#include "core/encoders/raster.hpp"

namespace spikeforge::core {

/// One input event: time in µs from the start of the recording, channel = input index.
struct ChannelEvent {
  double t_us = 0.0;
  std::uint32_t channel = 0;
};

/// ConfigError "<who>: ..." unless steps > 0 and bin_us is a positive finite number.
void check_binning(const std::string& who, int steps, double bin_us);

/// One sample's events binned into `steps` bins of `bin_us` µs (bin_us > 0).
SampleRaster bin_events(std::span<const ChannelEvent> events, int steps, double bin_us, int label);

}  // namespace spikeforge::core

#include "core/encoders/events.hpp"

#include <cmath>
#include <vector>

#include "core/errors.hpp"

namespace spikeforge::core {

void check_binning(const std::string& who, int steps, double bin_us) {
  if (steps <= 0) throw ConfigError(who + ": steps = " + std::to_string(steps) + " must be > 0");
  if (!(bin_us > 0.0) || !std::isfinite(bin_us)) {
    throw ConfigError(who + ": bin_us = " + std::to_string(bin_us) + " must be a positive number of microseconds");
  }
}

SampleRaster bin_events(std::span<const ChannelEvent> events, int steps, double bin_us, int label) {
  const double end_us = static_cast<double>(steps) * bin_us;
  std::vector<StepSpike> spikes;
  spikes.reserve(events.size());
  for (const ChannelEvent& e : events) {
    if (!(e.t_us >= 0.0) || e.t_us >= end_us) continue;  // also drops NaN times
    spikes.push_back({static_cast<int>(std::floor(e.t_us / bin_us)), e.channel});
  }
  return raster_from_spikes(spikes, steps, label);
}

}  // namespace spikeforge::core

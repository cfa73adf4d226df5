// N-MNIST reader: MNIST digits recorded by an event camera (34×34 pixels, ON/OFF polarity).
// Layout: <data_dir>/Train/<label>/*.bin and <data_dir>/Test/<label>/*.bin, label 0..9.
// Each .bin file is a list of 5-byte events:
//   byte0 = x, byte1 = y, byte2 bit 7 = polarity (1 = ON),
//   timestamp (µs) = bits 22..0 of (byte2 & 0x7f) << 16 | byte3 << 8 | byte4.
// Sample order of a split (deterministic): files of each label sorted by name, then the labels
// interleaved round-robin (label 0's first file, label 1's first file, ..., label 0's second
// file, ...), so any prefix of the split is class-balanced.
// Channels: polarity·34·34 + y·34 + x with polarity channels (2312 inputs), y·34 + x merged (1156).
// There is no default directory: data_dir must point at the extracted N-MNIST folder.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/encoders/events.hpp"
#include "core/spikes.hpp"

namespace spikeforge::core {

inline constexpr int kNmnistSide = 34;
inline constexpr int kNmnistClasses = 10;

/// One camera event.
struct DvsEvent {
  std::uint32_t t_us = 0;
  std::uint8_t x = 0;
  std::uint8_t y = 0;
  bool on = false;
};

/// Inputs after encoding: 2·34·34 with polarity channels, 34·34 merged.
int nmnist_inputs(bool polarity_channels);

/// Decodes one .bin file. InputError naming the file if it cannot be read, ends mid-event or
/// holds an address outside the 34×34 sensor.
std::vector<DvsEvent> read_nmnist_file(const std::string& path);

/// The files of a split in sample order with their labels. InputError if data_dir is empty or
/// lacks the split's folder or any .bin file (the message says to pass --data-dir), or if a
/// file's size is not a multiple of 5 (checked from the directory listing, without reading).
struct NmnistIndex {
  std::vector<std::string> files;
  std::vector<int> labels;
};
NmnistIndex list_nmnist(const std::string& data_dir, const std::string& split);

/// A file's events as encoder input channels (see the channel layout above).
std::vector<ChannelEvent> nmnist_channel_events(const std::vector<DvsEvent>& events, bool polarity_channels);

/// Samples [offset, offset + max_samples) of a split (max_samples = 0: all remaining), each file
/// read and binned (bin_events: steps bins of bin_us µs) in parallel, appended in sample order.
/// ConfigError if offset is past the end of the split or the binning is invalid.
SpikeBatch load_nmnist(const std::string& data_dir, const std::string& split, int steps, double bin_us,
                       bool polarity_channels, std::size_t offset = 0, std::size_t max_samples = 0);

}  // namespace spikeforge::core

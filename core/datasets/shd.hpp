// SHD (Spiking Heidelberg Digits) reader: spoken digits (20 classes, English and German) as spike
// trains of 700 cochlea-model channels, ~1 s per sample.
// Files: <data_dir>/shd_train.h5 and shd_test.h5 (HDF5), holding
//   /spikes/times  1-D, variable-length float, seconds from the start of the sample,
//   /spikes/units  1-D, variable-length uint16, channel 0..699 of each spike,
//   /labels        1-D unsigned integer, class 0..19.
// Encoding: channel = unit, t_us = time·1e6, binned by bin_events(). The recordings last about
// 1 s, so the usual setting is steps = 100 with bin_us = 10000 (DatasetInfo::default_bin_us);
// load_shd() uses the bin_us it is given.
// There is no default directory: data_dir must point at the folder with the two files.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/spikes.hpp"

namespace spikeforge::core {

inline constexpr int kShdChannels = 700;
inline constexpr int kShdClasses = 20;

/// Path of the split's file (InputError if data_dir is empty or lacks it; says to pass --data-dir).
std::string shd_file(const std::string& data_dir, const std::string& split);

/// All labels of a split.
std::vector<int> load_shd_labels(const std::string& data_dir, const std::string& split);

/// Samples [offset, offset + max_samples) (max_samples = 0: all remaining), binned into `steps`
/// bins of `bin_us` µs. InputError naming the file and dataset path if a dataset is missing or
/// inconsistent (lengths differ, unit >= 700, label >= 20); ConfigError if offset is past the end.
SpikeBatch load_shd(const std::string& data_dir, const std::string& split, int steps, double bin_us,
                    std::size_t offset = 0, std::size_t max_samples = 0);

}  // namespace spikeforge::core

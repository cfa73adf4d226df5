#include "core/datasets/nmnist.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "core/errors.hpp"
#include "core/input_path.hpp"

namespace spikeforge::core {
namespace fs = std::filesystem;
namespace {

constexpr const char* kHowTo = "pass --data-dir pointing at the extracted N-MNIST folder (with Train/ and Test/)";

[[noreturn]] void fail(const std::string& what) { throw InputError("nmnist: " + what); }

fs::path split_dir(const std::string& data_dir, const std::string& split) {
  if (split != "train" && split != "test") {
    throw ConfigError("nmnist: split = '" + split + "' must be 'train' or 'test'");
  }
  if (data_dir.empty()) fail(std::string("no data directory given; ") + kHowTo);
  std::error_code ec;
  const std::string upper = split == "train" ? "Train" : "Test";
  for (const std::string& name : {upper, split}) {
    const fs::path p = fs::path(data_dir) / name;
    if (fs::is_directory(p, ec)) return p;
  }
  fail("dataset not found: no " + std::string(split == "train" ? "Train" : "Test") + "/ folder in " + data_dir +
       "; " + kHowTo);
}

void check_size(const std::string& path, std::uintmax_t bytes) {
  if (bytes % 5 != 0) fail(path + ": ends mid-event: " + std::to_string(bytes) + " bytes is not a multiple of 5");
}

}  // namespace

int nmnist_inputs(bool polarity_channels) { return (polarity_channels ? 2 : 1) * kNmnistSide * kNmnistSide; }

std::vector<DvsEvent> read_nmnist_file(const std::string& path) {
  check_input_file(path, "nmnist:");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path + ": cannot open file");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail(path + ": read error");
  check_size(path, bytes.size());
  std::vector<DvsEvent> events(bytes.size() / 5);
  for (std::size_t k = 0; k < events.size(); ++k) {
    const unsigned char* b = bytes.data() + 5 * k;
    if (b[0] >= kNmnistSide || b[1] >= kNmnistSide) {
      fail(path + ": event " + std::to_string(k) + " has address (x = " + std::to_string(b[0]) +
           ", y = " + std::to_string(b[1]) + ") outside the 34 x 34 sensor");
    }
    events[k].x = b[0];
    events[k].y = b[1];
    events[k].on = (b[2] & 0x80U) != 0;
    events[k].t_us = (std::uint32_t{b[2] & 0x7FU} << 16) | (std::uint32_t{b[3]} << 8) | std::uint32_t{b[4]};
  }
  return events;
}

NmnistIndex list_nmnist(const std::string& data_dir, const std::string& split) {
  const fs::path dir = split_dir(data_dir, split);
  std::vector<std::vector<std::string>> per_class(kNmnistClasses);
  std::error_code ec;
  for (int c = 0; c < kNmnistClasses; ++c) {
    const fs::path cdir = dir / std::to_string(c);
    if (!fs::is_directory(cdir, ec)) continue;
    for (const auto& entry : fs::directory_iterator(cdir)) {
      if (entry.is_regular_file() && entry.path().extension() == ".bin") {
        check_size(entry.path().string(), entry.file_size());
        per_class[static_cast<std::size_t>(c)].push_back(entry.path().string());
      }
    }
    std::sort(per_class[static_cast<std::size_t>(c)].begin(), per_class[static_cast<std::size_t>(c)].end());
  }
  NmnistIndex index;
  for (std::size_t k = 0;; ++k) {
    bool any = false;
    for (int c = 0; c < kNmnistClasses; ++c) {
      const auto& files = per_class[static_cast<std::size_t>(c)];
      if (k < files.size()) {
        index.files.push_back(files[k]);
        index.labels.push_back(c);
        any = true;
      }
    }
    if (!any) break;
  }
  if (index.files.empty()) fail("dataset not found: no <label>/*.bin files under " + dir.string() + "; " + kHowTo);
  return index;
}

std::vector<ChannelEvent> nmnist_channel_events(const std::vector<DvsEvent>& events, bool polarity_channels) {
  constexpr std::uint32_t kPlane = kNmnistSide * kNmnistSide;
  std::vector<ChannelEvent> out;
  out.reserve(events.size());
  for (const DvsEvent& e : events) {
    const std::uint32_t pixel = std::uint32_t{e.y} * kNmnistSide + e.x;
    out.push_back({static_cast<double>(e.t_us), polarity_channels && e.on ? kPlane + pixel : pixel});
  }
  return out;
}

SpikeBatch load_nmnist(const std::string& data_dir, const std::string& split, int steps, double bin_us,
                       bool polarity_channels, std::size_t offset, std::size_t max_samples) {
  check_binning("nmnist", steps, bin_us);
  const NmnistIndex index = list_nmnist(data_dir, split);
  const std::size_t total = index.files.size();
  if (offset >= total) {
    throw ConfigError("nmnist: offset = " + std::to_string(offset) + " is past the " + std::to_string(total) +
                      " samples of the " + split + " split");
  }
  const std::size_t count = max_samples == 0 ? total - offset : std::min(max_samples, total - offset);
  return build_batch(count, steps, nmnist_inputs(polarity_channels), kNmnistClasses,
                     [&](std::size_t i, SampleRaster& r) {
                       const std::vector<ChannelEvent> events =
                           nmnist_channel_events(read_nmnist_file(index.files[offset + i]), polarity_channels);
                       r = bin_events(events, steps, bin_us, index.labels[offset + i]);
                     });
}

}  // namespace spikeforge::core

#include "core/datasets/shd.hpp"

#include <algorithm>
#include <filesystem>

#include "core/encoders/events.hpp"
#include "core/errors.hpp"
#include "core/h5.hpp"

namespace spikeforge::core {
namespace {

constexpr const char* kHowTo =
    "pass --data-dir DIR with shd_train.h5 and shd_test.h5 (Spiking Heidelberg Digits, zenkelab.org)";

[[noreturn]] void fail(const std::string& file, const std::string& what) {
  throw InputError("shd: " + file + ": " + what);
}

void require_dataset(const h5::File& f, const std::string& path) {
  if (f.object_type(path) != h5::ObjectType::Dataset) fail(f.file_name(), "missing dataset " + path);
}

std::vector<int> read_labels(const h5::File& f) {
  require_dataset(f, "/labels");
  const h5::Array<std::int64_t> raw = f.read_int64s("/labels");
  if (raw.dims.size() != 1) fail(f.file_name(), "/labels must be 1-D");
  std::vector<int> labels(raw.values.size());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::int64_t v = raw.values[i];
    if (v < 0 || v >= kShdClasses) {
      fail(f.file_name(), "/labels[" + std::to_string(i) + "] = " + std::to_string(v) + " is not in [0, 20)");
    }
    labels[i] = static_cast<int>(v);
  }
  return labels;
}

}  // namespace

std::string shd_file(const std::string& data_dir, const std::string& split) {
  if (split != "train" && split != "test") {
    throw ConfigError("shd: split = '" + split + "' must be 'train' or 'test'");
  }
  if (data_dir.empty()) throw InputError(std::string("shd: no data directory given; ") + kHowTo);
  const std::filesystem::path p = std::filesystem::path(data_dir) / ("shd_" + split + ".h5");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(p, ec)) {
    throw InputError("shd: dataset not found: no " + p.filename().string() + " in " + data_dir + "; " + kHowTo);
  }
  return p.string();
}

std::vector<int> load_shd_labels(const std::string& data_dir, const std::string& split) {
  return read_labels(h5::File::open(shd_file(data_dir, split)));
}

SpikeBatch load_shd(const std::string& data_dir, const std::string& split, int steps, double bin_us,
                    std::size_t offset, std::size_t max_samples) {
  check_binning("shd", steps, bin_us);
  const h5::File f = h5::File::open(shd_file(data_dir, split));
  const std::vector<int> labels = read_labels(f);
  require_dataset(f, "/spikes/times");
  require_dataset(f, "/spikes/units");
  for (const char* path : {"/spikes/times", "/spikes/units"}) {
    const std::vector<std::size_t> shape = f.shape(path);
    if (shape.size() != 1 || shape[0] != labels.size()) {
      fail(f.file_name(), std::string(path) + " has " + (shape.empty() ? "no" : std::to_string(shape[0])) +
                              " entries but /labels has " + std::to_string(labels.size()));
    }
  }
  const std::size_t total = labels.size();
  if (offset >= total) {
    throw ConfigError("shd: offset = " + std::to_string(offset) + " is past the " + std::to_string(total) +
                      " samples of the " + split + " split");
  }
  const std::size_t count = max_samples == 0 ? total - offset : std::min(max_samples, total - offset);
  const std::vector<std::vector<float>> times = f.read_vlen_floats("/spikes/times", offset, count);
  const std::vector<std::vector<float>> units = f.read_vlen_floats("/spikes/units", offset, count);
  const std::string file = f.file_name();
  return build_batch(count, steps, kShdChannels, kShdClasses, [&](std::size_t i, SampleRaster& r) {
    const std::vector<float>& t = times[i];
    const std::vector<float>& u = units[i];
    const std::string where = "[" + std::to_string(offset + i) + "]";
    if (t.size() != u.size()) {
      fail(file, "/spikes/times" + where + " has " + std::to_string(t.size()) + " spikes but /spikes/units" + where +
                     " has " + std::to_string(u.size()));
    }
    std::vector<ChannelEvent> events(t.size());
    for (std::size_t k = 0; k < t.size(); ++k) {
      if (!(u[k] >= 0.0F && u[k] < static_cast<float>(kShdChannels))) {
        fail(file, "/spikes/units" + where + " holds unit " + std::to_string(u[k]) + ", not in [0, 700)");
      }
      events[k] = {static_cast<double>(t[k]) * 1e6, static_cast<std::uint32_t>(u[k])};
    }
    r = bin_events(events, steps, bin_us, labels[offset + i]);
  });
}

}  // namespace spikeforge::core

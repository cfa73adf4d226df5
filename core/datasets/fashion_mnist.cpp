#include "core/datasets/fashion_mnist.hpp"

#include <algorithm>
#include <filesystem>
#include <limits>

#include "core/datasets/idx.hpp"
#include "core/errors.hpp"

namespace spikeforge::core {
namespace {

constexpr const char* kWho = "fashion-mnist";

struct Files {
  std::string images;
  std::string labels;
};

// The gzip file if present, else the plain one; InputError with install advice if neither is.
std::string find_file(const std::string& dir, const std::string& base) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const std::string& name : {base + ".gz", base}) {
    const fs::path p = fs::path(dir) / name;
    if (fs::is_regular_file(p, ec)) return p.string();
  }
  throw InputError(std::string(kWho) + ": dataset not found: no " + base + "[.gz] in " + dir +
                   "; install it with: apt-get install dataset-fashion-mnist (or pass --data-dir DIR)");
}

Files find_files(const std::string& data_dir, const std::string& split) {
  if (split != "train" && split != "test") {
    throw ConfigError(std::string(kWho) + ": split = '" + split + "' must be 'train' or 'test'");
  }
  const std::string dir = data_dir.empty() ? kFashionMnistDefaultDir : data_dir;
  const std::string prefix = split == "train" ? "train" : "t10k";
  return {find_file(dir, prefix + "-images-idx3-ubyte"), find_file(dir, prefix + "-labels-idx1-ubyte")};
}

void check_image_dims(const std::string& path, const std::vector<std::uint32_t>& dims) {
  if (dims[1] != kFashionMnistSide || dims[2] != kFashionMnistSide) {
    throw InputError(std::string(kWho) + ": " + path + ": images are " + std::to_string(dims[1]) + " x " +
                     std::to_string(dims[2]) + ", expected 28 x 28");
  }
}

void check_counts(const Files& f, std::uint32_t images, std::uint32_t labels) {
  if (images != labels) {
    throw InputError(std::string(kWho) + ": " + f.images + " holds " + std::to_string(images) + " images but " +
                     f.labels + " holds " + std::to_string(labels) + " labels");
  }
}

std::vector<int> to_labels(const std::string& path, const std::vector<std::uint8_t>& raw, std::size_t first) {
  std::vector<int> labels(raw.begin(), raw.end());
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= kFashionMnistClasses) {
      throw InputError(std::string(kWho) + ": " + path + ": label " + std::to_string(labels[i]) + " of item " +
                       std::to_string(first + i) + " is not in [0, 10)");
    }
  }
  return labels;
}

}  // namespace

ImageSet load_fashion_mnist(const std::string& data_dir, const std::string& split, std::size_t offset,
                            std::size_t max_samples) {
  const Files f = find_files(data_dir, split);
  const std::vector<std::uint32_t> image_dims = read_idx_header(kWho, f.images, kIdxImagesMagic);
  check_image_dims(f.images, image_dims);
  const std::vector<std::uint32_t> label_dims = read_idx_header(kWho, f.labels, kIdxLabelsMagic);
  check_counts(f, image_dims[0], label_dims[0]);
  const std::size_t total = image_dims[0];
  if (offset >= total) {
    throw ConfigError(std::string(kWho) + ": offset = " + std::to_string(offset) + " is past the " +
                      std::to_string(total) + " samples of the " + split + " split");
  }
  const std::size_t count = max_samples == 0 ? total - offset : std::min(max_samples, total - offset);

  ImageSet out;
  out.rows = kFashionMnistSide;
  out.cols = kFashionMnistSide;
  out.classes = kFashionMnistClasses;
  out.first_index = offset;
  out.labels = to_labels(f.labels, read_idx(kWho, f.labels, kIdxLabelsMagic, offset, count).data, offset);
  out.pixels = read_idx(kWho, f.images, kIdxImagesMagic, offset, count).data;
  return out;
}

std::vector<int> load_fashion_mnist_labels(const std::string& data_dir, const std::string& split) {
  const Files f = find_files(data_dir, split);
  const std::vector<std::uint32_t> image_dims = read_idx_header(kWho, f.images, kIdxImagesMagic);
  check_image_dims(f.images, image_dims);
  const IdxData labels = read_idx(kWho, f.labels, kIdxLabelsMagic, 0, std::numeric_limits<std::size_t>::max());
  check_counts(f, image_dims[0], labels.dims[0]);
  return to_labels(f.labels, labels.data, 0);
}

}  // namespace spikeforge::core

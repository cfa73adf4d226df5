// Fashion-MNIST reader: 28×28 grey images of 10 clothing classes, 60000 train / 10000 test, in
// IDX files (gzip or plain) named {train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz].
// Default directory: /usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "core/datasets/image_set.hpp"

namespace spikeforge::core {

inline constexpr const char* kFashionMnistDefaultDir = "/usr/share/datasets/fashion-mnist";
inline constexpr int kFashionMnistClasses = 10;
inline constexpr int kFashionMnistSide = 28;

/// Images [offset, offset + max_samples) of `split` ("train" | "test"); max_samples = 0 = all
/// remaining. `data_dir` "" = the default directory. Throws InputError on a missing dataset (the
/// message says how to install it) or a bad file (wrong magic, dims, counts, truncation, label
/// >= 10), ConfigError if offset is past the end of the split.
ImageSet load_fashion_mnist(const std::string& data_dir, const std::string& split, std::size_t offset = 0,
                            std::size_t max_samples = 0);

/// All labels of `split` (checks the images file's header agrees), for class counts.
std::vector<int> load_fashion_mnist_labels(const std::string& data_dir, const std::string& split);

}  // namespace spikeforge::core

// Grey-scale images with labels, as read from an image dataset and fed to the image encoders.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace spikeforge::core {

struct ImageSet {
  int rows = 0;                      ///< Image height in pixels.
  int cols = 0;                      ///< Image width in pixels.
  int classes = 0;                   ///< Labels are in [0, classes).
  std::size_t first_index = 0;       ///< Index in its split of image 0 (seeds the rate encoder).
  std::vector<std::uint8_t> pixels;  ///< size() images of rows·cols bytes, row-major, 0..255.
  std::vector<int> labels;           ///< One per image.

  [[nodiscard]] std::size_t size() const { return labels.size(); }
  [[nodiscard]] int features() const { return rows * cols; }
  [[nodiscard]] std::span<const std::uint8_t> image(std::size_t i) const {
    const auto n = static_cast<std::size_t>(features());
    return {pixels.data() + i * n, n};
  }
};

}  // namespace spikeforge::core

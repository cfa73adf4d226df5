#include "core/datasets/synthetic.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "core/errors.hpp"

namespace spikeforge::core {
namespace {

constexpr std::uint64_t kTaskSeed = 0x5EED7A5CULL;  // fixes the templates and label order

// Uniform integer in [0, n) (n small: the modulo bias is below 2^-58).
std::uint64_t below(std::uint64_t& state, std::uint64_t n) { return splitmix64(state) % n; }

// u_ci in [0, 1) for every (class, input), drawn once from the task seed.
const std::array<double, kSyntheticClasses * kSyntheticInputs>& template_fractions() {
  static const auto fractions = [] {
    std::array<double, kSyntheticClasses * kSyntheticInputs> f{};
    std::uint64_t state = kTaskSeed;
    for (double& u : f) u = static_cast<double>(splitmix64(state) >> 11) * 0x1.0p-53;
    return f;
  }();
  return fractions;
}

std::uint64_t split_stream(const std::string& split) { return split == "train" ? 0 : 1; }

}  // namespace

std::size_t synthetic_size(const std::string& split) {
  if (split == "train") return kSyntheticTrain;
  if (split == "test") return kSyntheticTest;
  throw ConfigError("synthetic: split = '" + split + "' must be 'train' or 'test'");
}

std::vector<int> synthetic_labels(const std::string& split) {
  const std::size_t n = synthetic_size(split);
  std::vector<int> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = static_cast<int>(i % kSyntheticClasses);
  std::uint64_t state = kTaskSeed ^ (0xA5A5A5A5ULL + split_stream(split));
  for (std::size_t i = n; i > 1; --i) std::swap(labels[i - 1], labels[below(state, i)]);  // Fisher-Yates
  return labels;
}

std::vector<StepSpike> synthetic_template(int cls, int steps) {
  const auto& fractions = template_fractions();
  std::vector<StepSpike> spikes;
  for (int i = 0; i < kSyntheticInputs; ++i) {
    const double u = fractions[static_cast<std::size_t>(cls * kSyntheticInputs + i)];
    const int t = steps >= 3 ? 1 + static_cast<int>(u * (steps - 2)) : static_cast<int>(u * steps);
    spikes.push_back({t, static_cast<std::uint32_t>(i)});
  }
  return spikes;
}

SpikeBatch load_synthetic(const std::string& split, int steps, std::uint64_t seed, std::size_t offset,
                          std::size_t max_samples) {
  if (steps <= 0) throw ConfigError("synthetic: steps = " + std::to_string(steps) + " must be > 0");
  const std::vector<int> labels = synthetic_labels(split);
  if (offset >= labels.size()) {
    throw ConfigError("synthetic: offset = " + std::to_string(offset) + " is past the " +
                      std::to_string(labels.size()) + " samples of the " + split + " split");
  }
  const std::size_t count =
      max_samples == 0 ? labels.size() - offset : std::min(max_samples, labels.size() - offset);
  std::vector<std::vector<StepSpike>> templates;
  for (int c = 0; c < kSyntheticClasses; ++c) templates.push_back(synthetic_template(c, steps));
  const auto drop_below = static_cast<std::uint64_t>(kSyntheticDropProbability * 65536.0);
  const std::uint64_t stream = split_stream(split);
  return build_batch(count, steps, kSyntheticInputs, kSyntheticClasses, [&](std::size_t i, SampleRaster& r) {
    const int label = labels[offset + i];
    std::uint64_t state = sample_key(seed, stream, offset + i);
    std::vector<StepSpike> spikes;
    for (const StepSpike& s : templates[static_cast<std::size_t>(label)]) {
      const std::uint64_t bits = splitmix64(state);
      if ((bits & 0xFFFFU) < drop_below) continue;
      const int jitter = static_cast<int>((bits >> 16) % 3) - 1;
      spikes.push_back({std::clamp(s.step + jitter, 0, steps - 1), s.channel});
    }
    for (int k = 0; k < kSyntheticNoiseSpikes; ++k) {
      const auto input = static_cast<std::uint32_t>(below(state, kSyntheticInputs));
      spikes.push_back({static_cast<int>(below(state, static_cast<std::uint64_t>(steps))), input});
    }
    r = raster_from_spikes(spikes, steps, label);
  });
}

}  // namespace spikeforge::core

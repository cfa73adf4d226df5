// Synthetic temporal task (no files): 4 classes over 32 inputs that differ only in spike TIMING.
//
// Task (fixed, the same for every seed): class c has a template in which every input i fires
// exactly once, at step 1 + floor(u_ci·(T − 2)) (u_ci uniform in [0, 1) from a fixed task seed),
// so templates scale with T and all classes fire the same inputs the same number of times:
// spike counts per input carry no class information, only timing and coincidences do.
// A sample of class c is its template with each spike dropped with probability 5%, the others
// moved by a jitter of −1, 0 or +1 step (clamped to [0, T)), plus 2 noise spikes at uniform random
// (input, step); duplicates collapse. The per-sample randomness comes from
// sample_key(spec seed, split, index), so any subset equals the slice of the whole split.
// Splits: 2000 train, 500 test samples, classes exactly balanced in a fixed shuffled order.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/encoders/raster.hpp"
#include "core/spikes.hpp"

namespace spikeforge::core {

inline constexpr int kSyntheticInputs = 32;
inline constexpr int kSyntheticClasses = 4;
inline constexpr int kSyntheticDefaultSteps = 40;
inline constexpr std::size_t kSyntheticTrain = 2000;
inline constexpr std::size_t kSyntheticTest = 500;
inline constexpr double kSyntheticDropProbability = 0.05;
inline constexpr int kSyntheticNoiseSpikes = 2;

/// Samples in a split ("train" | "test"; ConfigError otherwise).
std::size_t synthetic_size(const std::string& split);

/// Labels of the whole split (fixed, balanced, shuffled).
std::vector<int> synthetic_labels(const std::string& split);

/// The template of class `cls` at T = steps: one (step, input) per input, sorted by input.
std::vector<StepSpike> synthetic_template(int cls, int steps);

/// Samples [offset, offset + max_samples) of a split (max_samples = 0: all remaining).
/// ConfigError on steps <= 0 or an offset past the end.
SpikeBatch load_synthetic(const std::string& split, int steps, std::uint64_t seed, std::size_t offset = 0,
                          std::size_t max_samples = 0);

}  // namespace spikeforge::core

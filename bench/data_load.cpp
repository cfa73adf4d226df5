// Fashion-MNIST load and encode times: the production path (parallel build_batch) against a
// sequential baseline (the same per-sample kernels appended one by one) measured in the same run.
// Usage: data_load [samples] (default: all 60000 training images); needs dataset-fashion-mnist.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <span>

#include "core/datasets/fashion_mnist.hpp"
#include "core/encoders/latency.hpp"
#include "core/encoders/rate.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace core = spikeforge::core;

struct Timer {
  Clock::time_point wall = Clock::now();
  std::clock_t cpu = std::clock();
  [[nodiscard]] double wall_s() const { return std::chrono::duration<double>(Clock::now() - wall).count(); }
  [[nodiscard]] double cpu_s() const { return static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC; }
};

void append(core::SpikeBatch& b, const core::SampleRaster& r) {
  b.begin_sample(r.label);
  for (int t = 0; t < b.steps(); ++t) {
    const auto k = static_cast<std::size_t>(t);
    b.add_step(std::span<const std::uint32_t>(r.indices.data() + r.offsets[k], r.offsets[k + 1] - r.offsets[k]));
  }
}

}  // namespace

int main(int argc, char** argv) {
  constexpr int kSteps = 25;
  const std::size_t samples = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 0;
  Timer t;
  const core::ImageSet images = core::load_fashion_mnist("", "train", 0, samples);
  std::printf("load %zu images (gzip IDX): wall %.3f s, cpu %.3f s\n", images.size(), t.wall_s(), t.cpu_s());

  t = Timer{};
  const core::SpikeBatch rate = core::rate_encode(images, kSteps, 1, core::kRateStreamTrain);
  const double rate_wall = t.wall_s();
  std::printf("rate encode T=%d (parallel): wall %.3f s, cpu %.3f s, %zu spikes\n", kSteps, rate_wall, t.cpu_s(),
              rate.total_spikes());
  t = Timer{};
  core::SpikeBatch seq(kSteps, images.features(), images.classes);
  for (std::size_t i = 0; i < images.size(); ++i) {
    append(seq, core::rate_encode_sample(images.image(i), kSteps, core::sample_key(1, core::kRateStreamTrain, i),
                                         images.labels[i]));
  }
  const double seq_wall = t.wall_s();
  std::printf("rate encode T=%d (sequential baseline): wall %.3f s; parallel/sequential = %.2f; identical: %s\n",
              kSteps, seq_wall, rate_wall / seq_wall, seq == rate ? "yes" : "NO");

  t = Timer{};
  const core::SpikeBatch lat = core::latency_encode(images, kSteps, 0.2);
  std::printf("latency encode T=%d: wall %.3f s, cpu %.3f s, %zu spikes\n", kSteps, t.wall_s(), t.cpu_s(),
              lat.total_spikes());
  return seq == rate ? 0 : 1;
}

// The aggregate method's forward pass (trainer/admm/aggregate/feature_pass.hpp).
#include "trainer/admm/aggregate/feature_pass.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>

#include <omp.h>

#include "core/errors.hpp"

namespace spikeforge::trainer::admm {
namespace {

// A tile: 16 neurons, one 512-bit vector (the compiler splits it into AVX2 or SSE registers when the
// build has no AVX-512). Sums are element by element in the same order whatever the split.
// Measured on 784-256, 20000 samples (docs/bench/admm_speed.md): two 16-neuron tiles sharing each
// index load, 8 samples interleaved, beat one tile (−15 %), 8-neuron tiles, 16 samples, 32-neuron
// vectors (register spills) and the unpacked column-major weights (L2-bandwidth bound); four tiles
// with 4 samples ran as fast as two with 8.
typedef float Row16 __attribute__((vector_size(64)));  // NOLINT(modernize-use-using): GCC vector extension
constexpr int kRows = 16;            // neurons per tile
constexpr int kGroup = 8;            // samples whose sums run interleaved (independent add chains)
constexpr std::size_t kBlock = kGroup;  // samples per block: one group, so its active lists (≈ 160 KB at 784 inputs, T = 25) stay in L2 while every tile reads them

enum class Mode { integrate, subtract, zero };

/// Ascending active lists of one layer's spikes, per (sample of the block, step).
struct Events {
  std::vector<std::uint32_t> index;
  std::vector<std::size_t> start;  ///< m·T + 1 offsets into `index`.
  int steps = 0;
  [[nodiscard]] std::span<const std::uint32_t> at(std::size_t c, int t) const {
    const std::size_t k = c * static_cast<std::size_t>(steps) + static_cast<std::size_t>(t);
    return {index.data() + start[k], start[k + 1] - start[k]};
  }
};

/// Where one tile writes: features (n × N, column = sample), the integrator's v_T, the spike
/// bitmap of the block (m · T · n bytes) for the next layer, and the neuron's spike totals.
struct Sinks {
  float* features = nullptr;
  float* output = nullptr;
  std::uint8_t* spikes = nullptr;
  std::int64_t* counts = nullptr;
};

/// W repacked tile by tile: tile q holds rows 8q .. 8q + 7 of every column j contiguously
/// (16 floats per column, rows past n zero), so one tile's weights (16 · n_in floats, 50 KB for 784
/// inputs) stay close (L1/L2) while the tile runs over a group of samples. Column n_in of every
/// tile is zero: the index that pads the shorter active lists of a group (see Lists).
struct Packed {
  std::vector<Row16> w;  ///< tiles · (n_in + 1) entries.
  std::vector<Row16> b;  ///< tiles entries.
  Eigen::Index inputs = 0;
  Eigen::Index tiles = 0;
};

Packed pack(const core::Layer& layer) {
  Packed p;
  const Eigen::Index n = layer.weights.rows();
  p.inputs = layer.weights.cols();
  p.tiles = (n + kRows - 1) / kRows;
  p.w.assign(static_cast<std::size_t>(p.tiles * (p.inputs + 1)), Row16{});
  p.b.assign(static_cast<std::size_t>(p.tiles), Row16{});
  for (Eigen::Index q = 0; q < p.tiles; ++q) {
    for (int k = 0; k < kRows && q * kRows + k < n; ++k) {
      const Eigen::Index r = q * kRows + k;
      p.b[static_cast<std::size_t>(q)][k] = layer.bias(r);
      for (Eigen::Index j = 0; j < p.inputs; ++j) p.w[static_cast<std::size_t>(q * (p.inputs + 1) + j)][k] = layer.weights(r, j);
    }
  }
  return p;
}

/// The active lists of a block, kGroup samples interleaved: for group G and step t, entry i holds
/// the i-th active input j of each of the group's samples (index[(start + i) · kGroup + g], as the
/// byte offset j · 64 of column j in a packed tile, so a load needs no index arithmetic), lists
/// shorter than the group's longest padded with the zero column `pad`. Adding +0.0 leaves a running
/// sum that started at +0.0 unchanged (it is never −0.0), so padding does not change any float.
struct Lists {
  std::vector<std::uint32_t> index;
  std::vector<std::size_t> start;  ///< groups · T + 1 offsets, in entries of kGroup indices.
  int steps = 0;
};

template <typename Active>
void interleave(std::size_t m, int steps, std::uint32_t pad, const Active& active, Lists& out) {
  out.steps = steps;
  out.index.clear();
  out.start.assign(1, 0);
  for (std::size_t c0 = 0; c0 < m; c0 += kGroup) {
    for (int t = 0; t < steps; ++t) {
      std::size_t longest = 0;
      for (std::size_t g = 0; g < kGroup && c0 + g < m; ++g) longest = std::max(longest, active(c0 + g, t).size());
      const std::size_t base = out.index.size();
      out.index.resize(base + longest * kGroup, pad * static_cast<std::uint32_t>(sizeof(Row16)));
      for (std::size_t g = 0; g < kGroup && c0 + g < m; ++g) {
        const auto a = active(c0 + g, t);
        for (std::size_t i = 0; i < a.size(); ++i) out.index[base + i * kGroup + g] = a[i] * static_cast<std::uint32_t>(sizeof(Row16));
      }
      out.start.push_back(out.start.back() + longest);
    }
  }
}

/// Tiles q .. q + TILES − 1 of `layer` over all T steps of the block's samples (block column c =
/// sample first + c), kGroup samples at a time: each sample's current is the sum of its active
/// columns in ascending order from zero, as in core::simulate; interleaving samples only gives
/// the CPU independent sums, and two tiles share each index load.
template <Mode M, int TILES>
void tile_pass(const core::Layer& layer, const Packed& pk, Eigen::Index q, int steps, float feature_leak, std::size_t first,
               std::size_t m, const Lists& lists, const Sinks& out) {
  const Eigen::Index n = layer.weights.rows();
  const char* w[TILES];
  Row16 bias[TILES];
  int rows[TILES];
  for (int u = 0; u < TILES; ++u) {
    w[u] = reinterpret_cast<const char*>(pk.w.data() + (q + u) * (pk.inputs + 1));
    bias[u] = pk.b[static_cast<std::size_t>(q + u)];
    rows[u] = static_cast<int>(std::min<Eigen::Index>(kRows, n - (q + u) * kRows));
  }
  const float leak = layer.neuron.leak;
  const float theta = layer.neuron.v_thresh;
  const Row16 one = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
  const Row16 zero = {};
  for (std::size_t c0 = 0; c0 < m; c0 += kGroup) {
    const int g_n = static_cast<int>(std::min<std::size_t>(kGroup, m - c0));
    Row16 v[TILES][kGroup] = {};
    Row16 s[TILES][kGroup] = {};
    Row16 f[TILES][kGroup] = {};
    Row16 fired[TILES][kGroup] = {};  // spike counts of a tile and sample: integers ≤ T, exact in float
    for (int t = 0; t < steps; ++t) {
      const std::size_t slot = (c0 / kGroup) * static_cast<std::size_t>(steps) + static_cast<std::size_t>(t);
      const std::uint32_t* idx = lists.index.data() + lists.start[slot] * kGroup;
      const std::size_t len = lists.start[slot + 1] - lists.start[slot];
      Row16 acc[TILES][kGroup] = {};
      for (std::size_t i = 0; i < len; ++i, idx += kGroup) {
#pragma GCC unroll 8
        for (int g = 0; g < kGroup; ++g) {
          const std::uint32_t off = idx[g];
#pragma GCC unroll 2
          for (int u = 0; u < TILES; ++u) {
            Row16 x;  // no helper returning a vector: that changes the ABI in builds without AVX-512 (-Wpsabi)
            std::memcpy(&x, w[u] + off, sizeof x);
            acc[u][g] += x;
          }
        }
      }
      for (int u = 0; u < TILES; ++u) {
        const Eigen::Index r0 = (q + u) * kRows;
        for (int g = 0; g < g_n; ++g) {
          const Row16 i = acc[u][g] + bias[u];
          if constexpr (M == Mode::integrate) {
            v[u][g] = leak * v[u][g] + i;
          } else {
            if constexpr (M == Mode::subtract) {
              v[u][g] = leak * v[u][g] + i - theta * s[u][g];
            } else {
              v[u][g] = (leak * (1.0F - s[u][g])) * v[u][g] + i;
            }
            s[u][g] = v[u][g] > theta ? one : zero;
            f[u][g] = feature_leak * f[u][g] + s[u][g];
            fired[u][g] += s[u][g];
          }
          if (out.spikes != nullptr) {
            std::uint8_t* row = out.spikes + ((c0 + static_cast<std::size_t>(g)) * static_cast<std::size_t>(steps) +
                                              static_cast<std::size_t>(t)) * static_cast<std::size_t>(n) + static_cast<std::size_t>(r0);
            for (int k = 0; k < rows[u]; ++k) row[k] = s[u][g][k] != 0.0F ? 1 : 0;
          }
        }
      }
    }
    for (int u = 0; u < TILES; ++u) {
      const Eigen::Index r0 = (q + u) * kRows;
      for (int g = 0; g < g_n; ++g) {
        const std::size_t col = (first + c0 + static_cast<std::size_t>(g)) * static_cast<std::size_t>(n) + static_cast<std::size_t>(r0);
        for (int k = 0; k < rows[u]; ++k) {
          if (out.features != nullptr) out.features[col + static_cast<std::size_t>(k)] = f[u][g][k];
          if (out.output != nullptr) out.output[col + static_cast<std::size_t>(k)] = v[u][g][k];
          out.counts[r0 + k] += static_cast<std::int64_t>(fired[u][g][k]);
        }
      }
    }
  }
}

template <Mode M>
void layer_pass(const core::Layer& layer, const Packed& pk, int steps, float feature_leak, std::size_t first, std::size_t m,
                const Lists& lists, const Sinks& out) {
  Eigen::Index q = 0;
  for (; q + 2 <= pk.tiles; q += 2) tile_pass<M, 2>(layer, pk, q, steps, feature_leak, first, m, lists, out);
  if (q < pk.tiles) tile_pass<M, 1>(layer, pk, q, steps, feature_leak, first, m, lists, out);
}

template <typename Active>
void any_layer_pass(const core::Layer& layer, const Packed& pk, int steps, float feature_leak, std::size_t first,
                    std::size_t m, const Active& active, Lists& lists, const Sinks& out) {
  interleave(m, steps, static_cast<std::uint32_t>(pk.inputs), active, lists);
  if (!layer.neuron.spiking) {
    layer_pass<Mode::integrate>(layer, pk, steps, feature_leak, first, m, lists, out);
  } else if (layer.neuron.reset == core::ResetMode::subtract) {
    layer_pass<Mode::subtract>(layer, pk, steps, feature_leak, first, m, lists, out);
  } else {
    layer_pass<Mode::zero>(layer, pk, steps, feature_leak, first, m, lists, out);
  }
}

void to_events(const std::vector<std::uint8_t>& spikes, std::size_t m, int steps, Eigen::Index n, Events& ev) {
  ev.steps = steps;
  ev.index.clear();
  ev.start.assign(1, 0);
  const std::size_t rows = m * static_cast<std::size_t>(steps);
  for (std::size_t k = 0; k < rows; ++k) {
    const std::uint8_t* row = spikes.data() + k * static_cast<std::size_t>(n);
    for (Eigen::Index r = 0; r < n; ++r)
      if (row[r] != 0) ev.index.push_back(static_cast<std::uint32_t>(r));
    ev.start.push_back(ev.index.size());
  }
}

void check(const std::vector<core::Layer>& layers, const core::SpikeBatch& data) {
  if (layers.empty()) throw core::ConfigError("feature_pass: no layers");
  int prev = data.inputs();
  for (std::size_t l = 0; l < layers.size(); ++l) {
    const core::Layer& layer = layers[l];
    if (layer.inputs() != prev)
      throw core::ConfigError("feature_pass: layer " + std::to_string(l) + " has " + std::to_string(layer.inputs()) +
                              " inputs but receives " + std::to_string(prev));
    if (layer.bias.size() != layer.weights.rows())
      throw core::ConfigError("feature_pass: layer " + std::to_string(l) + " has " + std::to_string(layer.bias.size()) +
                              " biases for " + std::to_string(layer.weights.rows()) + " neurons");
    if (!layer.neuron.spiking && l + 1 != layers.size())
      throw core::ConfigError("feature_pass: layer " + std::to_string(l) + " is an integrator but not the last layer");
    prev = layer.outputs();
  }
  data.check_complete();
}

}  // namespace

FeaturePass feature_pass(const std::vector<core::Layer>& layers, const core::SpikeBatch& data, double feature_leak) {
  check(layers, data);
  const std::size_t L = layers.size();
  const std::size_t N = data.size();
  const int T = data.steps();
  const auto fd = static_cast<float>(feature_leak);
  const bool integrator = !layers.back().neuron.spiking;
  const std::size_t spiking = integrator ? L - 1 : L;

  FeaturePass out;
  for (std::size_t l = 0; l < spiking; ++l) {
    out.features.emplace_back(layers[l].outputs(), static_cast<Eigen::Index>(N));
    out.spike_counts.emplace_back(Eigen::VectorXd::Zero(layers[l].outputs()));
  }
  if (integrator) out.output.resize(layers.back().outputs(), static_cast<Eigen::Index>(N));
  if (N == 0) return out;

  std::vector<Packed> packed;
  for (const auto& layer : layers) packed.push_back(pack(layer));
  const std::size_t blocks = (N + kBlock - 1) / kBlock;
  std::vector<std::vector<std::vector<std::int64_t>>> thread_counts(static_cast<std::size_t>(std::max(1, omp_get_max_threads())));
#pragma omp parallel
  {
    std::vector<std::vector<std::int64_t>>& counts = thread_counts[static_cast<std::size_t>(omp_get_thread_num())];
    for (const auto& layer : layers) counts.emplace_back(static_cast<std::size_t>(layer.outputs()), 0);
    std::vector<std::uint8_t> spikes;
    Events events;
    Lists lists;
#pragma omp for schedule(dynamic, 1)
    for (std::size_t bl = 0; bl < blocks; ++bl) {
      const std::size_t first = bl * kBlock;
      const std::size_t m = std::min(kBlock, N - first);
      for (std::size_t l = 0; l < L; ++l) {
        const core::Layer& layer = layers[l];
        const bool has_next = l + 1 < L;
        Sinks sinks;
        sinks.counts = counts[l].data();
        if (l < spiking) sinks.features = out.features[l].data();
        if (l == L - 1 && integrator) sinks.output = out.output.data();
        if (has_next) {
          spikes.assign(m * static_cast<std::size_t>(T) * static_cast<std::size_t>(layer.outputs()), 0);
          sinks.spikes = spikes.data();
        }
        if (l == 0) {
          auto active = [&](std::size_t c, int t) { return data.active(first + c, t); };
          any_layer_pass(layer, packed[l], T, fd, first, m, active, lists, sinks);
        } else {
          auto active = [&](std::size_t c, int t) { return events.at(c, t); };
          any_layer_pass(layer, packed[l], T, fd, first, m, active, lists, sinks);
        }
        if (has_next) to_events(spikes, m, T, layer.outputs(), events);
      }
    }
  }
  for (const auto& counts : thread_counts)
    for (std::size_t l = 0; l < spiking && l < counts.size(); ++l)
      for (std::size_t r = 0; r < counts[l].size(); ++r) out.spike_counts[l](static_cast<Eigen::Index>(r)) += static_cast<double>(counts[l][r]);
  if (integrator) {
    out.predictions.resize(N);
    const Eigen::Index classes = out.output.rows();
    for (std::size_t k = 0; k < N; ++k) {
      const float* x = out.output.col(static_cast<Eigen::Index>(k)).data();
      Eigen::Index best = 0;
      for (Eigen::Index q = 1; q < classes; ++q)
        if (x[q] > x[best]) best = q;
      out.predictions[k] = static_cast<int>(best);
    }
  }
  return out;
}

}  // namespace spikeforge::trainer::admm

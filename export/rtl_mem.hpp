// RTL memory images for the spikeforge LIF core (rtl_sim/rtl/lif_core.sv): the words its load port
// (or $readmemh) puts into the weight SRAM, the bias SRAM and the per-layer parameter registers,
// plus a JSON manifest. Layout and an example: docs/formats-rtl.md.
//
// Directory written by write_rtl_memory(dir, net):
//   dir/manifest.json         "format": "spikeforge.rtl-mem/1", core limits, word widths, per-layer
//                             parameters and base addresses, file names and word counts
//   dir/mem/weights.hex       one 9-bit two's-complement weight per line (3 hex digits);
//                             address = weight_base[l] + i · n_out[l] + n  (input i, neuron n);
//                             the same for every lane count P (a core with P lanes keeps address a
//                             in word a / P of weight bank a mod P)
//   dir/mem/bias.hex          one 13-bit two's-complement bias_mant per line (4 hex digits);
//                             address = state_base[l] + n (same address as the neuron's state word)
//   dir/mem/layers_geom.hex   one 64-bit word per layer: n_out [15:0], weight_base [39:16], state_base [63:40]
//   dir/mem/layers_neuron.hex one 64-bit word per layer: du [11:0], dv [23:12], vth [40:24],
//                             weight_exp [44:41] (4-bit signed), bias_exp [47:45], subtract [48], spiking [49]
//   dir/mem/config.hex        one 64-bit word: num_layers [15:0], clear_count = Σ n_out [47:16]
// The directory is written atomically (temp directory + rename).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "quantizer/fixed_network.hpp"

namespace spikeforge::exporter {

inline constexpr const char* kRtlMemFormat = "spikeforge.rtl-mem/1";
inline constexpr int kRtlWeightBits = 9;   ///< Weight word (signed): effective weights in [−256, 255].
inline constexpr int kRtlBiasBits = 13;    ///< bias_mant word (signed).
inline constexpr int kRtlVStateBits = 25;  ///< v-state word {s_prev, v[24]} (for memory-size figures).
inline constexpr int kRtlUStateBits = 32;  ///< u-state word (used only by layers with du ≠ 4095).
inline constexpr int kRtlFlagBits = 2;     ///< Update flags per neuron (live, dec), read 64 neurons per word.
inline constexpr int kRtlAccBits = 24;     ///< Accumulator word (signed).

/// Size limits of a core build (the SystemVerilog parameters of lif_core; the defaults are the
/// build rtl_sim verilates, and must match the profile quantizer/profiles/spikeforge-core.json).
struct RtlCoreLimits {
  int layers = 8;                        ///< 2^LAYER_AW
  int neurons_per_layer = 1024;          ///< 2^NEURON_AW
  int inputs = 4096;                     ///< 2^INPUT_AW: fan-in and events per layer per step
  std::int64_t state_words = 8192;       ///< 2^STATE_AW: neurons in all layers
  std::int64_t weight_words = 1 << 20;   ///< 2^WEIGHT_AW: synapses in all layers
  friend bool operator==(const RtlCoreLimits&, const RtlCoreLimits&) = default;
};

/// One layer as the core holds it.
struct RtlLayerImage {
  int inputs = 0;
  int outputs = 0;
  std::uint32_t weight_base = 0;  ///< First weight word of the layer.
  std::uint32_t state_base = 0;   ///< First state/bias word of the layer.
  int weight_exp = 0;
  int du = 0;
  int dv = 0;
  std::int32_t vth = 0;
  int bias_exp = 0;
  bool subtract = false;          ///< reset = subtract (else zero).
  bool spiking = true;
  friend bool operator==(const RtlLayerImage&, const RtlLayerImage&) = default;
};

/// Everything the core's memories and registers hold for one network.
struct RtlMemoryImage {
  std::vector<RtlLayerImage> layers;
  std::vector<std::uint16_t> weights;   ///< Raw 9-bit words.
  std::vector<std::uint16_t> bias;      ///< Raw 13-bit words.
  std::vector<std::uint64_t> geometry;  ///< One packed word per layer.
  std::vector<std::uint64_t> neuron;    ///< One packed word per layer.
  std::uint64_t config = 0;
  RtlCoreLimits limits;                 ///< The limits it was built (and checked) for.

  [[nodiscard]] int inputs() const { return layers.empty() ? 0 : layers.front().inputs; }
  [[nodiscard]] std::int64_t state_words() const { return static_cast<std::int64_t>(bias.size()); }
  friend bool operator==(const RtlMemoryImage&, const RtlMemoryImage&) = default;
};

/// Packing of the parameter words (the bit fields above).
std::uint64_t rtl_pack_geometry(const RtlLayerImage& layer);
std::uint64_t rtl_pack_neuron(const RtlLayerImage& layer);
std::uint64_t rtl_pack_config(std::size_t num_layers, std::int64_t clear_count);
/// Sign-extends a raw two's-complement word of `bits` bits.
std::int32_t rtl_sign_extend(std::uint32_t raw, int bits);

/// Builds the image. ConfigError naming the layer, field and value if `net` is invalid
/// (FixedNetwork::validate) or exceeds `limits` (layers, neurons per layer, fan-in, totals).
RtlMemoryImage build_rtl_image(const quantizer::FixedNetwork& net, const RtlCoreLimits& limits = {});

/// Checks that `dir` may receive an RTL memory directory, before any work: absent (below a writable
/// ancestor), empty, or an earlier RTL memory directory (has manifest.json); symlinks are followed.
/// A regular file, or a directory holding other files, is refused (ConfigError naming `dir`).
void check_rtl_memory_target(const std::filesystem::path& dir);

/// Writes `dir`/manifest.json and `dir`/mem/*.hex atomically (an earlier RTL memory directory is
/// replaced whole; check_rtl_memory_target() first). ConfigError as build_rtl_image or
/// check_rtl_memory_target; OutputError if it cannot be written.
void write_rtl_memory(const std::filesystem::path& dir, const quantizer::FixedNetwork& net);
void write_rtl_memory(const std::filesystem::path& dir, const RtlMemoryImage& image);

/// Reads and validates a directory written by write_rtl_memory: InputError naming the file, field
/// and value on a missing file, wrong format tag, wrong word count, out-of-range word, or
/// parameter words that disagree with the manifest.
RtlMemoryImage read_rtl_memory(const std::filesystem::path& dir);

}  // namespace spikeforge::exporter

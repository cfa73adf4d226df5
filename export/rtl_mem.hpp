// RTL memory images for the spikeforge LIF core (rtl_sim/rtl/lif_core.sv): the words its load port
// (or $readmemh) puts into the weight SRAM, the bias SRAM and the per-layer parameter registers,
// plus a JSON manifest. Layout and an example: docs/formats-rtl.md.
//
// Each layer's weights use one of two layouts (RtlLayout), chosen per layer by build_rtl_image:
//   dense   address = weight_base[l] + i · n_out[l] + n  (input i, neuron n), zero or not;
//   sparse  compressed by input (fan-out lists): the layer's non-zero weights in blocks, a block
//           being one row r of P consecutive neurons (r·P .. r·P + P − 1, P = the core's LANES)
//           with at least one non-zero weight; per input i a pointer word {start, count} (its
//           blocks are start .. start + count − 1, ordered by row); block b holds its P weights at
//           weight addresses b·P + j (lane j) and its row r in index word b. All-zero rows are
//           not stored, and cost the core no cycle.
// The sparse layout depends on P: an image is built for one core build (RtlCoreLimits::lanes), and
// the core refuses an image built for other limits. A core with P lanes keeps weight address a in
// word a / P of weight bank a mod P.
//
// Directory written by write_rtl_memory(dir, image):
//   dir/manifest.json         "format": "spikeforge.rtl-mem/2", core limits (lanes included), word
//                             widths, per-layer parameters, layout, base addresses, words per memory
//                             and bits held, file names and word counts, total synapse-memory bits
//   dir/mem/weights.hex       one 9-bit two's-complement weight per line (3 hex digits), by address
//                             (a sparse layer's weight_base is a multiple of P: zero words pad the
//                             layer before it)
//   dir/mem/pointers.hex      the pointer words of the sparse layers, by address (pointer_base[l] + i):
//                             start [start_bits-1:0] (a block number), count [start_bits +: count_bits]
//   dir/mem/index.hex         the index words (block rows) of the sparse layers' blocks, layer by
//                             layer; block k of layer l is block number weight_base[l] / P + k
//   dir/mem/bias.hex          one 13-bit two's-complement bias_mant per line (4 hex digits);
//                             address = state_base[l] + n (same address as the neuron's state word)
//   dir/mem/layers_geom.hex   one 64-bit word per layer: n_out [15:0], weight_base [39:16], state_base [63:40]
//   dir/mem/layers_neuron.hex one 64-bit word per layer: du [11:0], dv [23:12], vth [40:24],
//                             weight_exp [44:41] (4-bit signed), bias_exp [47:45], subtract [48], spiking [49],
//                             sparse [50], pointer_base [63:51]
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

inline constexpr const char* kRtlMemFormat = "spikeforge.rtl-mem/2";
inline constexpr int kRtlWeightBits = 9;   ///< Weight word (signed): effective weights in [−256, 255].
inline constexpr int kRtlBiasBits = 13;    ///< bias_mant word (signed).
inline constexpr int kRtlVStateBits = 25;  ///< v-state word {s_prev, v[24]} (for memory-size figures).
inline constexpr int kRtlUStateBits = 32;  ///< u-state word (used only by layers with du ≠ 4095).
inline constexpr int kRtlFlagBits = 2;     ///< Update flags per neuron (live, dec), read 64 neurons per word.
inline constexpr int kRtlAccBits = 24;     ///< Accumulator word (signed).

/// Size limits of a core build (the SystemVerilog parameters of lif_core; the defaults are the
/// build rtl_sim verilates by default, and must match the profile quantizer/profiles/spikeforge-core.json).
struct RtlCoreLimits {
  int layers = 8;                        ///< 2^LAYER_AW
  int neurons_per_layer = 1024;          ///< 2^NEURON_AW
  int inputs = 4096;                     ///< 2^INPUT_AW: fan-in and events per layer per step
  std::int64_t state_words = 8192;       ///< 2^STATE_AW: neurons in all layers
  std::int64_t weight_words = 1 << 20;   ///< 2^WEIGHT_AW: weight words in all layers
  int lanes = 16;                        ///< LANES = P: weight banks (SPIKEFORGE_RTL_DEFAULT_LANES)
  bool sparse = true;                    ///< SPARSE: the build has the sparse layout's memories
  std::int64_t pointer_words = 8192;     ///< 2^PTR_AW: pointer words (inputs of all sparse layers); 0 without SPARSE
  friend bool operator==(const RtlCoreLimits&, const RtlCoreLimits&) = default;
  /// ConfigError naming the field unless every size is a power of two with lanes <= 64 and
  /// lanes <= neurons_per_layer / 2, and pointer_words <= 2^13 (the pointer_base field).
  void validate() const;
  /// Word widths of the sparse layout's memories in this build (lif_core.sv PtrW, IdxW).
  [[nodiscard]] int pointer_start_bits() const;  ///< log2(weight_words / lanes): a block number
  [[nodiscard]] int pointer_count_bits() const;  ///< log2(neurons_per_layer / lanes) + 1
  [[nodiscard]] int pointer_bits() const { return pointer_start_bits() + pointer_count_bits(); }
  [[nodiscard]] int index_bits() const;          ///< log2(neurons_per_layer / lanes): a row
};

/// Weight layout of a layer (see the top of this file).
enum class RtlLayout { dense, sparse };
const char* to_string(RtlLayout layout);
/// What build_rtl_image writes for a layer: the layout with fewer bits (automatic), or a given one.
enum class RtlLayoutChoice { automatic, dense, sparse };
/// "auto" | "dense" | "sparse"; ConfigError naming `field` and the text otherwise.
RtlLayoutChoice parse_rtl_layout_choice(const std::string& text, const std::string& field = "weight layout");

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
  RtlLayout layout = RtlLayout::dense;
  std::uint32_t pointer_base = 0; ///< Sparse: first pointer word (one per input).
  std::int64_t blocks = 0;        ///< Sparse: blocks stored (index words).
  std::int64_t weight_words = 0;  ///< Weight words the layer takes: inputs · outputs, or blocks · P.
  std::int64_t pad_words = 0;     ///< Zero words before weight_base (aligning a sparse layer to P).
  /// Synapse-memory bits the image holds for the layer: its weight words (padding included),
  /// pointer words and index words at the build's widths.
  std::int64_t bits = 0;
  friend bool operator==(const RtlLayerImage&, const RtlLayerImage&) = default;
};

/// Everything the core's memories and registers hold for one network.
struct RtlMemoryImage {
  std::vector<RtlLayerImage> layers;
  std::vector<std::uint16_t> weights;   ///< Raw 9-bit words.
  std::vector<std::uint64_t> pointers;  ///< Sparse layers' pointer words, by address.
  std::vector<std::uint32_t> index;     ///< Sparse layers' block rows, layer by layer.
  std::vector<std::uint16_t> bias;      ///< Raw 13-bit words.
  std::vector<std::uint64_t> geometry;  ///< One packed word per layer.
  std::vector<std::uint64_t> neuron;    ///< One packed word per layer.
  std::uint64_t config = 0;
  RtlCoreLimits limits;                 ///< The limits it was built (and checked) for.

  [[nodiscard]] int inputs() const { return layers.empty() ? 0 : layers.front().inputs; }
  [[nodiscard]] std::int64_t state_words() const { return static_cast<std::int64_t>(bias.size()); }
  /// Synapse-memory bits held (Σ layers' bits: weight, pointer and index words at their widths).
  [[nodiscard]] std::int64_t synapse_bits() const;
  friend bool operator==(const RtlMemoryImage&, const RtlMemoryImage&) = default;
};

/// Packing of the parameter words (the bit fields above).
std::uint64_t rtl_pack_geometry(const RtlLayerImage& layer);
std::uint64_t rtl_pack_neuron(const RtlLayerImage& layer);
std::uint64_t rtl_pack_config(std::size_t num_layers, std::int64_t clear_count);
/// Sign-extends a raw two's-complement word of `bits` bits.
std::int32_t rtl_sign_extend(std::uint32_t raw, int bits);

/// Bits of each layout for a layer on a core with `limits` (the image's accounting):
/// dense = n_in · n_out · 9; sparse = n_in · pointer_bits + blocks · (index_bits + P · 9).
struct RtlLayoutBits {
  std::int64_t dense = 0;
  std::int64_t sparse = 0;  ///< −1 when the build has no sparse memories.
  std::int64_t blocks = 0;  ///< Non-zero rows of P neurons, over all inputs.
};
RtlLayoutBits rtl_layout_bits(const quantizer::FixedLayer& layer, const RtlCoreLimits& limits);

/// Builds the image: each layer in the layout `choice` says (automatic: sparse where it needs
/// fewer bits than dense, dense otherwise and always on a build without SPARSE). ConfigError
/// naming the layer, field and value if `net` is invalid (FixedNetwork::validate), exceeds `limits`
/// (layers, neurons per layer, fan-in, totals of weight, state and pointer words), or sparse is
/// asked of a build without it. `layouts`, when not empty, gives each layer's choice (one per layer).
RtlMemoryImage build_rtl_image(const quantizer::FixedNetwork& net, const RtlCoreLimits& limits = {},
                               RtlLayoutChoice choice = RtlLayoutChoice::automatic,
                               const std::vector<RtlLayoutChoice>& layouts = {});

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
/// and value on a missing file, wrong format tag (spikeforge.rtl-mem/1 images are refused: rewrite
/// them with `spikeforge export --format rtl`), wrong word count, out-of-range word, a block row
/// outside the layer, a pointer past the layer's block list, or parameter words that disagree with
/// the manifest.
RtlMemoryImage read_rtl_memory(const std::filesystem::path& dir);

}  // namespace spikeforge::exporter

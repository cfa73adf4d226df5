// IDX files (the MNIST family's format), gzip-compressed or plain: a big-endian header
// (magic 0x0000 08 <rank>, then rank uint32 dims) followed by dims[0] items of unsigned bytes.
// Errors are InputError messages "<who>: <path>: <what is wrong>".
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace spikeforge::core {

/// IDX magic of a rank-3 unsigned-byte file (images: count × rows × cols).
inline constexpr std::uint32_t kIdxImagesMagic = 0x00000803;
/// IDX magic of a rank-1 unsigned-byte file (labels: count).
inline constexpr std::uint32_t kIdxLabelsMagic = 0x00000801;

struct IdxData {
  std::vector<std::uint32_t> dims;  ///< As in the header; dims[0] = items in the file.
  std::vector<std::uint8_t> data;   ///< Payload of the items read (item size = product of dims[1..]).
};

/// Reads the header only (checks the magic).
std::vector<std::uint32_t> read_idx_header(const std::string& who, const std::string& path, std::uint32_t magic);

/// Reads the header and the payload of items [first, first + count) (count is clipped to the
/// file; count = SIZE_MAX for all). Throws InputError on a wrong magic, a truncated header or
/// payload, or a corrupt gzip stream.
IdxData read_idx(const std::string& who, const std::string& path, std::uint32_t magic, std::size_t first,
                 std::size_t count);

}  // namespace spikeforge::core

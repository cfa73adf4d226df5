// A small RAII wrapper over the HDF5 C API: files, groups and datasets (no attributes).
//
// Every hid_t is owned by a Handle and closed in its destructor. HDF5's automatic error-stack
// printing is switched off once (H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr)); failures throw:
//   - InputError  when opening/reading: "h5: <file>: <object path>: <what went wrong>",
//   - OutputError when creating/writing (same message shape),
//   - ConfigError when the caller passes inconsistent arguments (dims that don't match the data).
//
// Names given to Group members may be relative paths ("neuron/vDecay"); object paths in messages
// are absolute ("/layer/0/neuron/vDecay").
//
// Layouts written, chosen to match what h5py writes so Python readers (lava-dl netx, NIR) see the
// usual numpy types:
//   write_array      1-D/2-D (any rank) little-endian numeric dataset with explicit dims
//                    (row-major: dims = {rows, cols}, data[r·cols + c]).
//   write_scalar     scalar (rank-0) numeric dataset.
//   write_bool       scalar enum {FALSE = 0, TRUE = 1} over int8 (h5py's numpy bool).
//   write_string     scalar fixed-length ASCII string, NULLPAD, size = max(1, bytes) (numpy bytes_).
//   write_vlen_string  scalar variable-length UTF-8 string (h5py's Python str).
//   write_strings    array of variable-length UTF-8 strings with explicit dims (default 1-D).
//
// Reads convert: read_doubles/floats/int64s accept any integer or float dataset (HDF5 converts);
// read_string accepts a fixed- or variable-length scalar (or 1-element) string dataset;
// read_strings any-rank string dataset (flattened, row-major); read_vlen_floats a 1-D dataset of
// variable-length sequences of any numeric base type (e.g. SHD's /spikes/times (float) and
// /spikes/units (uint16)).
//
// Not thread-safe (the distro HDF5 is built without thread safety): use from one thread at a time.
#pragma once
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <hdf5.h>

namespace spikeforge::core::h5 {

/// Owns one HDF5 identifier; closes it with the matching H5?close on destruction. Move-only.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  ~Handle() { reset(); }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = H5I_INVALID_HID; }
  Handle& operator=(Handle&& o) noexcept;
  [[nodiscard]] hid_t get() const { return id_; }
  [[nodiscard]] bool valid() const { return id_ >= 0; }
  void reset();

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer closer_ = nullptr;
};

/// What a member of a group is.
enum class ObjectType { Missing, Group, Dataset, Other };

/// A numeric array read from a dataset: dims (empty for a scalar) and values in row-major order.
template <class T>
struct Array {
  std::vector<std::size_t> dims;
  std::vector<T> values;
};

/// The deflate level the exporters store weight matrices with (NIR, netx): level 4 is within a few
/// percent of 9's size on weight matrices at a fraction of the time.
inline constexpr int kWeightDeflateLevel = 4;

class Group {
 public:
  Group() = default;

  /// Absolute object path inside the file ("/" for the root) and the file name, for messages.
  [[nodiscard]] const std::string& path() const { return path_; }
  [[nodiscard]] const std::string& file_name() const { return file_; }

  // --- structure ---------------------------------------------------------------------------
  /// Creates a member group (intermediate groups of a relative path are created too).
  Group create_group(const std::string& name);
  /// Opens an existing member group; InputError if missing or not a group.
  [[nodiscard]] Group open_group(const std::string& name) const;
  /// True if `name` (possibly a relative path "a/b") exists below this group.
  [[nodiscard]] bool exists(const std::string& name) const;
  /// Names of the direct members, sorted by name.
  [[nodiscard]] std::vector<std::string> list() const;
  [[nodiscard]] ObjectType object_type(const std::string& name) const;

  // --- writes (OutputError on failure; the dataset must not exist yet) -----------------------
  void write_array(const std::string& name, std::span<const double> data, const std::vector<std::size_t>& dims);
  void write_array(const std::string& name, std::span<const float> data, const std::vector<std::size_t>& dims);
  /// The same, stored compressed: one chunk (the whole array), byte shuffle, then deflate at
  /// `level` (1..9). Readers (HDF5, h5py) decompress transparently; a pruned weight matrix then
  /// takes about the space of its nonzero weights. ConfigError if level is outside 1..9.
  void write_array_deflated(const std::string& name, std::span<const float> data, const std::vector<std::size_t>& dims,
                            int level);
  void write_array(const std::string& name, std::span<const std::int64_t> data, const std::vector<std::size_t>& dims);
  void write_array(const std::string& name, std::span<const std::int32_t> data, const std::vector<std::size_t>& dims);
  void write_array(const std::string& name, std::span<const std::uint8_t> data, const std::vector<std::size_t>& dims);
  void write_scalar(const std::string& name, double value);
  void write_scalar(const std::string& name, float value);
  void write_scalar(const std::string& name, std::int64_t value);
  void write_scalar(const std::string& name, std::int32_t value);
  void write_bool(const std::string& name, bool value);
  void write_string(const std::string& name, const std::string& value);
  void write_vlen_string(const std::string& name, const std::string& value);
  /// dims empty = 1-D of strings.size(); else the product of dims must equal strings.size().
  void write_strings(const std::string& name, const std::vector<std::string>& strings,
                     const std::vector<std::size_t>& dims = {});

  // --- reads (InputError naming file and dataset path on a missing dataset or a wrong type) ---
  /// Dataset dims (empty for a scalar).
  [[nodiscard]] std::vector<std::size_t> shape(const std::string& name) const;
  [[nodiscard]] Array<double> read_doubles(const std::string& name) const;
  [[nodiscard]] Array<float> read_floats(const std::string& name) const;
  [[nodiscard]] Array<std::int64_t> read_int64s(const std::string& name) const;
  /// One number from a scalar or 1-element dataset.
  [[nodiscard]] double read_double(const std::string& name) const;
  [[nodiscard]] std::int64_t read_int64(const std::string& name) const;
  /// A bool written by write_bool (or h5py), or any integer dataset (nonzero = true).
  [[nodiscard]] bool read_bool(const std::string& name) const;
  [[nodiscard]] std::string read_string(const std::string& name) const;
  [[nodiscard]] std::vector<std::string> read_strings(const std::string& name) const;
  /// A 1-D dataset of variable-length numeric sequences; element i = sequence first + i as floats.
  /// Reads elements [first, first + count) (count clipped to the dataset; SIZE_MAX = all).
  [[nodiscard]] std::vector<std::vector<float>> read_vlen_floats(const std::string& name, std::size_t first = 0,
                                                                 std::size_t count = SIZE_MAX) const;

 protected:
  Group(Handle handle, std::string file, std::string path)
      : handle_(std::move(handle)), file_(std::move(file)), path_(std::move(path)) {}
  [[nodiscard]] std::string member_path(const std::string& name) const;
  [[nodiscard]] Handle open_dataset(const std::string& name) const;
  Handle handle_;
  std::string file_;
  std::string path_ = "/";
};

/// An open HDF5 file; the File object is its root group.
class File : public Group {
 public:
  File() = default;
  /// Creates (truncates) `path` for writing. OutputError if it cannot be created.
  static File create(const std::string& path);
  /// Opens `path` read-only. InputError if missing or not an HDF5 file.
  static File open(const std::string& path);
  /// Flushes everything to disk and closes the file (also done by the destructor).
  void close();

 private:
  Handle file_handle_;
};

}  // namespace spikeforge::core::h5

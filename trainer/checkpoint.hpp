// Training checkpoints: a small binary container of named, typed arrays (plus RNG states as text),
// written atomically and read back with validation.
//
// File layout (little-endian, native float formats):
//   magic "SFCKPT01" (8 bytes) · u32 version (=1) · u32 blob count
//   per blob: u32 name length · name bytes · u8 type · u32 rank · u64 dims[rank] · u64 byte count · bytes
//   u64 FNV-1a hash of every preceding byte (detects truncation and corruption).
// Types: f32, f64, i64, u64, text (bytes). Dims of text blobs = {byte count}.
// Reading a missing, truncated or corrupt file throws InputError naming the file; asking for a
// missing blob or one of another type throws InputError naming the file and the blob.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <random>
#include <span>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "trainer/history.hpp"

namespace spikeforge::trainer {

class Checkpoint {
 public:
  enum class Type : std::uint8_t { f32 = 1, f64 = 2, i64 = 3, u64 = 4, text = 5 };

  struct Blob {
    Type type = Type::f32;
    std::vector<std::uint64_t> dims;
    std::vector<unsigned char> bytes;
  };

  // --- writing ---------------------------------------------------------------------------------
  void put_floats(const std::string& name, std::span<const float> values, std::vector<std::uint64_t> dims = {});
  void put_doubles(const std::string& name, std::span<const double> values, std::vector<std::uint64_t> dims = {});
  void put_ints(const std::string& name, std::span<const std::int64_t> values);
  void put_u64s(const std::string& name, std::span<const std::uint64_t> values);
  void put_text(const std::string& name, const std::string& text);
  void put_matrix(const std::string& name, const Eigen::MatrixXf& m);
  void put_double(const std::string& name, double value) { put_doubles(name, std::span<const double>(&value, 1)); }
  void put_int(const std::string& name, std::int64_t value) { put_ints(name, std::span<const std::int64_t>(&value, 1)); }
  /// Stores the generator's full state (operator<< text form).
  void put_rng(const std::string& name, const std::mt19937_64& rng);
  /// Stores a training history exactly (text, one record per line, values as hex floats).
  void put_history(const std::string& name, const History& history);

  /// Writes the checkpoint atomically (temp file + rename). OutputError on failure.
  void write(const std::filesystem::path& path) const;

  // --- reading ---------------------------------------------------------------------------------
  /// Reads and validates a checkpoint file (InputError naming the file on any problem).
  static Checkpoint read(const std::filesystem::path& path);

  [[nodiscard]] bool has(const std::string& name) const { return blobs_.count(name) != 0; }
  [[nodiscard]] std::vector<float> floats(const std::string& name) const;
  [[nodiscard]] std::vector<double> doubles(const std::string& name) const;
  [[nodiscard]] std::vector<std::int64_t> ints(const std::string& name) const;
  [[nodiscard]] std::vector<std::uint64_t> u64s(const std::string& name) const;
  [[nodiscard]] std::string text(const std::string& name) const;
  /// A matrix stored by put_matrix (InputError if the blob is not a rank-2 f32 array).
  [[nodiscard]] Eigen::MatrixXf matrix(const std::string& name) const;
  [[nodiscard]] double get_double(const std::string& name) const;
  [[nodiscard]] std::int64_t get_int(const std::string& name) const;
  /// Restores a generator state stored by put_rng.
  void get_rng(const std::string& name, std::mt19937_64& rng) const;
  /// A training history stored by put_history (InputError naming the file and the bad line).
  [[nodiscard]] History history(const std::string& name) const;

  [[nodiscard]] const std::map<std::string, Blob>& blobs() const { return blobs_; }
  /// The file this checkpoint was read from ("" if built in memory); used in error messages.
  [[nodiscard]] const std::string& source() const { return source_; }

 private:
  const Blob& blob(const std::string& name, Type type) const;
  std::map<std::string, Blob> blobs_;
  std::string source_;
};

}  // namespace spikeforge::trainer

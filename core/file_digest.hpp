// File digests for checking that artifacts on disk are the ones a run recorded: size plus a
// 64-bit FNV-1a hash of the bytes (a check against deletion, truncation and edits, not a
// cryptographic signature). Used by `run --resume` to re-run a stage whose outputs changed.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace spikeforge::core {

struct FileDigest {
  std::uint64_t size = 0;  ///< Bytes.
  std::string fnv1a;       ///< FNV-1a 64 of the bytes, 16 lower-case hex digits.
  friend bool operator==(const FileDigest&, const FileDigest&) = default;
};

/// FNV-1a 64 of `bytes` (the plain reference for digest_file's streaming hash).
std::uint64_t fnv1a64(const std::string& bytes);

/// Digest of the regular file `path`, read in chunks. InputError naming the file if it cannot be read.
FileDigest digest_file(const std::filesystem::path& path);

/// Digests of every regular file under `dir` (recursively), keyed by the path relative to `dir`
/// with '/' separators. Files whose name is in `skip` (relative paths) and temp files
/// (core::is_temp_name) are left out. Symlinks are not followed.
std::map<std::string, FileDigest> digest_tree(const std::filesystem::path& dir, const std::vector<std::string>& skip = {});

/// A file's digest and its modification time, to tell a file a step rewrote (even unchanged) from
/// one it left alone.
struct FileStamp {
  FileDigest digest;
  std::filesystem::file_time_type mtime;
};

/// digest_tree() with each file's modification time.
std::map<std::string, FileStamp> stamp_tree(const std::filesystem::path& dir, const std::vector<std::string>& skip = {});

/// The files of `after` that are new, or whose bytes or modification time differ from `before`:
/// what a step between the two snapshots wrote.
std::map<std::string, FileDigest> written_between(const std::map<std::string, FileStamp>& before,
                                                  const std::map<std::string, FileStamp>& after);

/// The entries of `after` that are new or different from `before`.
std::map<std::string, FileDigest> changed_files(const std::map<std::string, FileDigest>& before,
                                                const std::map<std::string, FileDigest>& after);

/// Checks the files of `recorded` under `dir`: the first problem as "<file>: missing" /
/// "<file>: size N, recorded M" / "<file>: content changed (hash ...)", or nullopt if all match.
std::optional<std::string> verify_files(const std::filesystem::path& dir, const std::map<std::string, FileDigest>& recorded);

/// Removes the temp files and directories (core::is_temp_name) a killed writer left under `dir`.
/// Returns their paths relative to `dir`.
std::vector<std::string> remove_stale_temp_files(const std::filesystem::path& dir);

}  // namespace spikeforge::core

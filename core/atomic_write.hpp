// Atomic file output: write to a temp file beside the target, fsync, rename over the target.
// A crash or an exception leaves either the old file or the complete new one, never a part.
// Output policy (core/output_path.hpp): symlinks are followed (the link's target is replaced, the
// link stays); a character device or FIFO target (/dev/null) is written through; a directory or
// other non-regular target is never replaced (ConfigError).
#pragma once
#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace spikeforge::core {

/// Calls `fill` with a stream on a temp file in the target's directory, then renames it to `path`.
/// If `fill` throws, the temp file is removed and the exception propagates; `path` is untouched.
/// Throws OutputError if the file cannot be created, written or renamed.
void write_atomically(const std::filesystem::path& path, const std::function<void(std::ostream&)>& fill);

/// Convenience: atomically writes `content` to `path`.
void write_file_atomically(const std::filesystem::path& path, std::string_view content);

/// A temp path beside `path` (same directory, unique name) for writers that need a file name
/// (the HDF5 C API); pair with commit_temp_file().
std::filesystem::path temp_path_for(const std::filesystem::path& path);

/// Renames `tmp` over `path` (following symlinks); a device or FIFO `path` gets tmp's bytes written
/// through instead. Throws ConfigError if `path` is a directory or
/// another non-regular file, OutputError if the rename fails; `tmp` is removed on failure.
void commit_temp_file(const std::filesystem::path& tmp, const std::filesystem::path& path);

/// True for a file name made by temp_path_for() (".<name>.tmp.<pid>.<n>"): what a killed writer
/// leaves behind, for cleaning a directory on resume.
bool is_temp_name(const std::string& name);

}  // namespace spikeforge::core

// Output path policy: every command checks its output paths before any work, so a bad --out or
// --report fails in a second instead of after the training, and a failed command touches nothing.
//
// The policy (docs/reliability.md):
//   - A symlink is followed: the file it points to is written, the link stays a link.
//   - A regular file (or no file) is replaced atomically (core/atomic_write.hpp).
//   - A character device or FIFO (/dev/null, /dev/stdout on a pipe) is written through, never replaced.
//   - A directory, block device or socket where a file is expected is refused (ConfigError, exit 2).
//   - The parent directory must exist and be writable (ConfigError, exit 2).
// Output directories (export --format rtl, run --out): the target is a directory or absent; when
// absent, its nearest existing ancestor must be a writable directory (it is created later).
#pragma once
#include <filesystem>
#include <initializer_list>
#include <string>

namespace spikeforge::core {

/// How an output file will be written.
enum class OutputKind {
  kReplace,       ///< Regular file or absent: temp file + rename.
  kWriteThrough,  ///< Character device or FIFO: opened and written in place.
};

/// Follows the symlinks of `path` (a chain of links, relative or absolute) to the path to write;
/// `path` itself when it is not a link. A dangling link yields its (missing) target.
/// Throws ConfigError on a link loop (more than 40 links).
std::filesystem::path resolve_output(const std::filesystem::path& path);

/// Checks that `path` can be written as an output file under the policy above and says how.
/// `what` names the option in messages ("train --out"). An empty path is a usage error.
/// Throws ConfigError naming `what`, the path and the problem.
OutputKind check_output_file(const std::filesystem::path& path, const std::string& what);

/// check_output_file() unless `path` is empty (optional outputs such as --report).
void check_optional_output_file(const std::filesystem::path& path, const std::string& what);

/// One line per command: check_optional_output_file() on each {path, what} pair (empty paths skipped).
struct NamedOutput {
  std::filesystem::path path;
  std::string what;
};
void check_output_files(std::initializer_list<NamedOutput> outputs);

/// Checks that `path` can be an output directory: an existing directory (after following
/// symlinks), or absent below a writable existing ancestor. Throws ConfigError naming `what`.
void check_output_dir(const std::filesystem::path& path, const std::string& what);

}  // namespace spikeforge::core

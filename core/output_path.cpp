#include "core/output_path.hpp"

#include <cerrno>
#include <cstring>

#include <unistd.h>

#include "core/errors.hpp"

namespace spikeforge::core {
namespace fs = std::filesystem;

namespace {

constexpr int kMaxLinks = 40;  ///< Like the kernel's MAXSYMLINKS: more means a loop.

[[noreturn]] void refuse(const std::string& what, const fs::path& path, const std::string& problem) {
  throw ConfigError(what + " " + path.string() + ": " + problem);
}

fs::path parent_of(const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); }

void check_writable_dir(const fs::path& dir, const std::string& what, const fs::path& shown) {
  std::error_code ec;
  const auto st = fs::status(dir, ec);
  if (!fs::exists(st)) refuse(what, shown, "directory " + dir.string() + " does not exist");
  if (!fs::is_directory(st)) refuse(what, shown, dir.string() + " is not a directory");
  if (::access(dir.c_str(), W_OK | X_OK) != 0) {
    refuse(what, shown, "directory " + dir.string() + " is not writable (" + std::strerror(errno) + ")");
  }
}

}  // namespace

fs::path resolve_output(const fs::path& path) {
  fs::path p = path;
  for (int hops = 0;; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p;
    if (hops == kMaxLinks) throw ConfigError(path.string() + ": too many levels of symbolic links");
    const fs::path target = fs::read_symlink(p, ec);
    if (ec) throw ConfigError(path.string() + ": cannot read symbolic link: " + ec.message());
    p = target.is_absolute() ? target : parent_of(p) / target;
  }
}

OutputKind check_output_file(const fs::path& path, const std::string& what) {
  if (path.empty()) throw ConfigError(what + ": the output path is empty");
  const fs::path target = resolve_output(path);
  std::error_code ec;
  const auto st = fs::status(target, ec);
  OutputKind kind = OutputKind::kReplace;
  if (fs::exists(st)) {
    if (fs::is_directory(st)) refuse(what, path, "is a directory (expected a file)");
    if (fs::is_character_file(st) || fs::is_fifo(st)) {
      kind = OutputKind::kWriteThrough;
    } else if (!fs::is_regular_file(st)) {
      refuse(what, path, "is not a regular file (block device or socket); refusing to replace it");
    }
    if (::access(target.c_str(), W_OK) != 0) {
      refuse(what, path, "is not writable (" + std::string(std::strerror(errno)) + ")");
    }
  }
  if (kind == OutputKind::kReplace) check_writable_dir(parent_of(target), what, path);
  return kind;
}

void check_optional_output_file(const fs::path& path, const std::string& what) {
  if (!path.empty()) check_output_file(path, what);
}

void check_output_files(std::initializer_list<NamedOutput> outputs) {
  for (const auto& o : outputs) check_optional_output_file(o.path, o.what);
}

void check_output_dir(const fs::path& path, const std::string& what) {
  if (path.empty()) throw ConfigError(what + ": the output directory is empty");
  const fs::path target = resolve_output(path);
  std::error_code ec;
  const auto st = fs::status(target, ec);
  if (fs::exists(st)) {
    if (!fs::is_directory(st)) refuse(what, path, "exists and is not a directory; refusing to replace it");
    if (::access(target.c_str(), W_OK | X_OK) != 0) {
      refuse(what, path, "is not writable (" + std::string(std::strerror(errno)) + ")");
    }
    return;
  }
  // Absent: find the nearest existing ancestor (it must be a writable directory).
  fs::path up = parent_of(target.lexically_normal());
  while (!fs::exists(fs::status(up, ec))) {
    if (!up.has_parent_path() || up.parent_path() == up) {
      up = ".";
      break;
    }
    up = up.parent_path();
  }
  check_writable_dir(up, what, path);
}

}  // namespace spikeforge::core

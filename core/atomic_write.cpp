#include "core/atomic_write.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include "core/errors.hpp"
#include "core/output_path.hpp"

namespace spikeforge::core {
namespace fs = std::filesystem;

namespace {

/// Refuses a target that exists and is neither a regular file nor absent (the temp file would
/// replace it): directories, devices, FIFOs, sockets. Write-through targets never get here.
void check_replaceable(const fs::path& target, const fs::path& shown) {
  std::error_code ec;
  const auto st = fs::status(target, ec);
  if (!fs::exists(st) || fs::is_regular_file(st)) return;
  const char* kind = fs::is_directory(st) ? "is a directory" : "is not a regular file";
  throw ConfigError("write " + shown.string() + ": " + kind + "; refusing to replace it");
}

bool writes_through(const fs::path& target) {
  std::error_code ec;
  const auto st = fs::status(target, ec);
  return fs::is_character_file(st) || fs::is_fifo(st);
}

void write_through(const fs::path& target, const fs::path& shown, const std::function<void(std::ostream&)>& fill) {
  std::ofstream out(target, std::ios::binary);
  if (!out) throw OutputError("write " + shown.string() + ": cannot open: " + std::strerror(errno));
  fill(out);
  out.flush();
  if (!out) throw OutputError("write " + shown.string() + ": write failed: " + std::strerror(errno));
}

}  // namespace

fs::path temp_path_for(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  const fs::path target = resolve_output(path);  // beside the file a symlink points to: same file system
  // A device is written through from the temp file (commit_temp_file): keep the temp out of /dev.
  const auto dir = writes_through(target) ? fs::temp_directory_path()
                                          : (target.has_parent_path() ? target.parent_path() : fs::path("."));
  return dir / ("." + target.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                std::to_string(counter++));
}

bool is_temp_name(const std::string& name) {
  // "." <file> ".tmp." <pid> "." <counter>, as temp_path_for() makes them.
  if (name.size() < 2 || name[0] != '.') return false;
  const auto at = name.rfind(".tmp.");
  if (at == std::string::npos || at == 0) return false;
  const std::string tail = name.substr(at + 5);
  const auto dot = tail.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == tail.size()) return false;
  return tail.find_first_not_of("0123456789.") == std::string::npos && tail.find('.', dot + 1) == std::string::npos;
}

void commit_temp_file(const fs::path& tmp, const fs::path& path) {
  const fs::path target = resolve_output(path);
  std::error_code ec;
  if (writes_through(target)) {  // a device or FIFO gets the bytes, the temp file goes away
    try {
      std::ifstream in(tmp, std::ios::binary);
      write_through(target, path, [&](std::ostream& out) {
        if (fs::file_size(tmp) > 0) out << in.rdbuf();
      });
    } catch (...) {
      fs::remove(tmp, ec);
      throw;
    }
    fs::remove(tmp, ec);
    return;
  }
  try {
    check_replaceable(target, path);
  } catch (...) {
    fs::remove(tmp, ec);
    throw;
  }
  // Flush the data to disk before the rename makes it visible.
  if (int fd = ::open(tmp.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  fs::rename(tmp, target, ec);
  if (ec) {
    const std::string why = ec.message();
    fs::remove(tmp, ec);
    throw OutputError("write " + path.string() + ": cannot rename temp file " + tmp.string() + ": " + why);
  }
}

void write_atomically(const fs::path& path, const std::function<void(std::ostream&)>& fill) {
  const fs::path target = resolve_output(path);
  if (writes_through(target)) {
    write_through(target, path, fill);
    return;
  }
  check_replaceable(target, path);
  const fs::path tmp = temp_path_for(target);
  try {
    {
      std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
      if (!out) {
        throw OutputError("write " + path.string() + ": cannot create " + tmp.string() + ": " +
                          std::strerror(errno));
      }
      fill(out);
      out.flush();
      if (!out) throw OutputError("write " + path.string() + ": write failed: " + std::strerror(errno));
    }
    commit_temp_file(tmp, target);
  } catch (...) {
    std::error_code ec;
    fs::remove(tmp, ec);
    throw;
  }
}

void write_file_atomically(const fs::path& path, std::string_view content) {
  write_atomically(path, [&](std::ostream& out) { out.write(content.data(), static_cast<std::streamsize>(content.size())); });
}

}  // namespace spikeforge::core

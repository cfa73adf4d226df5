#include "core/atomic_write.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include "core/errors.hpp"

namespace spikeforge::core {
namespace fs = std::filesystem;

fs::path temp_path_for(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  const auto dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  return dir / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                std::to_string(counter++));
}

void commit_temp_file(const fs::path& tmp, const fs::path& path) {
  // Flush the data to disk before the rename makes it visible.
  if (int fd = ::open(tmp.c_str(), O_RDONLY); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw OutputError("write " + path.string() + ": cannot rename temp file: " + ec.message());
  }
}

void write_atomically(const fs::path& path, const std::function<void(std::ostream&)>& fill) {
  const fs::path tmp = temp_path_for(path);
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
    commit_temp_file(tmp, path);
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

#include "core/input_path.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include <unistd.h>

#include "core/errors.hpp"

namespace spikeforge::core {
namespace fs = std::filesystem;

void check_input_file(const fs::path& path, const std::string& what) {
  const std::string who = what.empty() ? path.string() : what + " " + path.string();
  if (path.empty()) throw InputError(what + ": the input path is empty");
  std::error_code ec;
  const auto st = fs::status(path, ec);
  if (!fs::exists(st)) throw InputError(who + ": does not exist");
  if (fs::is_directory(st)) throw InputError(who + ": is a directory (expected a file)");
  if (!fs::is_regular_file(st) && !fs::is_character_file(st) && !fs::is_fifo(st)) {
    throw InputError(who + ": is not a regular file");
  }
  if (::access(path.c_str(), R_OK) != 0) throw InputError(who + ": cannot be read (" + std::strerror(errno) + ")");
}

std::string read_input_file(const fs::path& path, const std::string& what) {
  check_input_file(path, what);
  const std::string who = what.empty() ? path.string() : what + " " + path.string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(who + ": cannot open file (" + std::strerror(errno) + ")");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw InputError(who + ": read error");
  return text;
}

std::uint64_t input_file_size(const fs::path& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return 0;
  const auto n = fs::file_size(path, ec);
  return ec ? 0 : static_cast<std::uint64_t>(n);
}

}  // namespace spikeforge::core

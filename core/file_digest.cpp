#include "core/file_digest.hpp"

#include <cstdio>
#include <fstream>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"

namespace spikeforge::core {
namespace fs = std::filesystem;

namespace {

constexpr std::uint64_t kFnvOffset = 1469598103934665603ULL;
constexpr std::uint64_t kFnvPrime = 1099511628211ULL;

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace

std::uint64_t fnv1a64(const std::string& bytes) {
  std::uint64_t h = kFnvOffset;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= kFnvPrime;
  }
  return h;
}

FileDigest digest_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path.string() + ": cannot open file to hash it");
  std::uint64_t h = kFnvOffset;
  FileDigest d;
  std::vector<char> buf(std::size_t{1} << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    const auto n = static_cast<std::size_t>(in.gcount());
    for (std::size_t i = 0; i < n; ++i) {
      h ^= static_cast<unsigned char>(buf[i]);
      h *= kFnvPrime;
    }
    d.size += n;
  }
  if (in.bad()) throw InputError(path.string() + ": read error while hashing");
  d.fnv1a = hex64(h);
  return d;
}

std::map<std::string, FileDigest> digest_tree(const fs::path& dir, const std::vector<std::string>& skip) {
  std::map<std::string, FileDigest> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (is_temp_name(name)) {
      if (it->is_directory(ec)) it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const std::string rel = it->path().lexically_relative(dir).generic_string();
    bool skipped = false;
    for (const auto& s : skip) skipped = skipped || s == rel;
    if (!skipped) out[rel] = digest_file(it->path());
  }
  return out;
}

std::map<std::string, FileStamp> stamp_tree(const fs::path& dir, const std::vector<std::string>& skip) {
  std::map<std::string, FileStamp> out;
  std::error_code ec;
  for (auto& [name, d] : digest_tree(dir, skip)) out[name] = FileStamp{std::move(d), fs::last_write_time(dir / name, ec)};
  return out;
}

std::map<std::string, FileDigest> written_between(const std::map<std::string, FileStamp>& before,
                                                  const std::map<std::string, FileStamp>& after) {
  std::map<std::string, FileDigest> out;
  for (const auto& [name, st] : after) {
    const auto it = before.find(name);
    if (it == before.end() || !(it->second.digest == st.digest) || it->second.mtime != st.mtime) out[name] = st.digest;
  }
  return out;
}

std::map<std::string, FileDigest> changed_files(const std::map<std::string, FileDigest>& before,
                                                const std::map<std::string, FileDigest>& after) {
  std::map<std::string, FileDigest> out;
  for (const auto& [name, d] : after) {
    const auto it = before.find(name);
    if (it == before.end() || !(it->second == d)) out[name] = d;
  }
  return out;
}

std::optional<std::string> verify_files(const fs::path& dir, const std::map<std::string, FileDigest>& recorded) {
  for (const auto& [name, want] : recorded) {
    const fs::path p = dir / name;
    std::error_code ec;
    if (!fs::is_regular_file(p, ec)) return name + ": missing";
    const FileDigest got = digest_file(p);
    if (got.size != want.size) {
      return name + ": size " + std::to_string(got.size) + ", recorded " + std::to_string(want.size);
    }
    if (got.fnv1a != want.fnv1a) return name + ": content changed (hash " + got.fnv1a + ", recorded " + want.fnv1a + ")";
  }
  return std::nullopt;
}

std::vector<std::string> remove_stale_temp_files(const fs::path& dir) {
  std::vector<fs::path> found;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!is_temp_name(it->path().filename().string())) continue;
    found.push_back(it->path());
    if (it->is_directory(ec)) it.disable_recursion_pending();
  }
  std::vector<std::string> removed;
  for (const auto& p : found) {
    fs::remove_all(p, ec);
    if (!ec) removed.push_back(p.lexically_relative(dir).generic_string());
  }
  return removed;
}

}  // namespace spikeforge::core

#include "core/datasets/idx.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>
#include <utility>

#include <zlib.h>

#include "core/errors.hpp"
#include "core/input_path.hpp"

namespace spikeforge::core {
namespace {

std::string hex32(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", static_cast<unsigned>(v));
  return buf;
}

// gzFile owner; zlib reads plain (uncompressed) files transparently.
class GzReader {
 public:
  GzReader(std::string who, std::string path) : who_(std::move(who)), path_(std::move(path)) {
    check_input_file(path_, who_ + ":");
    f_ = gzopen(path_.c_str(), "rb");
    if (f_ == nullptr) fail("cannot open file");
    gzbuffer(f_, 1U << 18);
  }
  ~GzReader() {
    if (f_ != nullptr) gzclose(f_);
  }
  GzReader(const GzReader&) = delete;
  GzReader& operator=(const GzReader&) = delete;

  [[noreturn]] void fail(const std::string& what) const { throw InputError(who_ + ": " + path_ + ": " + what); }

  /// Reads exactly n bytes into dst; `what` names the part for the truncation message.
  void read(std::uint8_t* dst, std::size_t n, const std::string& what) { read_part(dst, n, 0, n, what); }

  /// Reads exactly n bytes into dst, bytes [before, before + n) of a part of `total` bytes; a short
  /// read fails with "truncated: <what> needs <total> bytes, file ends after <before + got>".
  void read_part(std::uint8_t* dst, std::size_t n, std::size_t before, std::size_t total, const std::string& what) {
    std::size_t got = 0;
    while (got < n) {
      const auto want = static_cast<unsigned>(std::min<std::size_t>(n - got, 1U << 30));
      const int r = gzread(f_, dst + got, want);
      if (r < 0 || (r == 0 && !gzeof(f_))) gz_fail();
      if (r == 0) break;
      got += static_cast<std::size_t>(r);
    }
    if (got < n) {
      int err = Z_OK;
      gzerror(f_, &err);
      if (err != Z_OK) gz_fail();
      fail("truncated: " + what + " needs " + std::to_string(total) + " bytes, file ends after " +
           std::to_string(before + got));
    }
  }

 private:
  [[noreturn]] void gz_fail() const {
    int err = Z_OK;
    std::string msg = gzerror(f_, &err);
    if (msg.starts_with(path_ + ": ")) msg.erase(0, path_.size() + 2);  // zlib prefixes the path
    fail("corrupt or truncated gzip stream (zlib: " + msg + ")");
  }

  std::string who_;
  std::string path_;
  gzFile f_ = nullptr;
};

std::uint32_t be32(const std::uint8_t* p) {
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

std::vector<std::uint32_t> read_header(GzReader& in, std::uint32_t magic) {
  std::uint8_t buf[4];
  in.read(buf, 4, "IDX magic");
  const std::uint32_t got = be32(buf);
  if (got != magic) in.fail("wrong IDX magic " + hex32(got) + ", expected " + hex32(magic));
  std::vector<std::uint32_t> dims(magic & 0xFFU);
  for (auto& d : dims) {
    in.read(buf, 4, "IDX header");
    d = be32(buf);
  }
  return dims;
}

}  // namespace

std::vector<std::uint32_t> read_idx_header(const std::string& who, const std::string& path, std::uint32_t magic) {
  GzReader in(who, path);
  return read_header(in, magic);
}

IdxData read_idx(const std::string& who, const std::string& path, std::uint32_t magic, std::size_t first,
                 std::size_t count) {
  GzReader in(who, path);
  IdxData out;
  out.dims = read_header(in, magic);
  std::size_t item = 1;
  for (std::size_t k = 1; k < out.dims.size(); ++k) {
    if (__builtin_mul_overflow(item, std::size_t{out.dims[k]}, &item)) {
      in.fail("IDX header: item size " + std::to_string(out.dims[k]) + " in dimension " + std::to_string(k) +
              " overflows");
    }
  }
  const std::size_t items = out.dims.empty() ? 0 : out.dims[0];
  first = std::min(first, items);
  count = std::min(count, items - first);
  std::size_t skip_bytes = 0;
  std::size_t want_bytes = 0;
  if (__builtin_mul_overflow(first, item, &skip_bytes) || __builtin_mul_overflow(count, item, &want_bytes)) {
    in.fail("IDX header: " + std::to_string(items) + " items of " + std::to_string(item) + " bytes overflow");
  }
  const std::string part = "payload of " + std::to_string(first + count) + " items of " + std::to_string(item) + " bytes";
  // The header is not trusted for the allocation: the payload is read in chunks and the buffer grows
  // with the bytes that really arrive, so a forged header (10 bytes claiming 4 billion items) ends in
  // "truncated" after reading the file, never in a huge allocation.
  constexpr std::size_t kChunk = std::size_t{1} << 22;  // 4 MiB
  std::vector<std::uint8_t> scratch(std::min(kChunk, std::max<std::size_t>(skip_bytes, 1)));
  std::size_t done = 0;
  while (done < skip_bytes) {  // items before `first`: decompressed and dropped
    const std::size_t n = std::min(scratch.size(), skip_bytes - done);
    in.read_part(scratch.data(), n, done, skip_bytes + want_bytes, part);
    done += n;
  }
  std::size_t got = 0;
  while (got < want_bytes) {
    const std::size_t n = std::min(kChunk, want_bytes - got);
    out.data.resize(got + n);
    in.read_part(out.data.data() + got, n, skip_bytes + got, skip_bytes + want_bytes, part);
    got += n;
  }
  return out;
}

}  // namespace spikeforge::core

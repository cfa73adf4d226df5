#include "trainer/checkpoint.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "core/input_path.hpp"

namespace spikeforge::trainer {
namespace {

constexpr char kMagic[8] = {'S', 'F', 'C', 'K', 'P', 'T', '0', '1'};
constexpr std::uint32_t kVersion = 1;

std::uint64_t fnv1a(const unsigned char* data, std::size_t size) {
  std::uint64_t h = 1469598103934665603ULL;
  for (std::size_t i = 0; i < size; ++i) {
    h ^= data[i];
    h *= 1099511628211ULL;
  }
  return h;
}

template <class T>
void append_pod(std::string& out, const T& value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

template <class T>
Checkpoint::Blob make_blob(Checkpoint::Type type, std::span<const T> values, std::vector<std::uint64_t> dims) {
  Checkpoint::Blob b;
  b.type = type;
  b.dims = dims.empty() ? std::vector<std::uint64_t>{values.size()} : std::move(dims);
  b.bytes.resize(values.size_bytes());
  if (!values.empty()) std::memcpy(b.bytes.data(), values.data(), values.size_bytes());
  return b;
}

template <class T>
std::vector<T> blob_values(const Checkpoint::Blob& b) {
  std::vector<T> v(b.bytes.size() / sizeof(T));
  if (!v.empty()) std::memcpy(v.data(), b.bytes.data(), v.size() * sizeof(T));
  return v;
}

std::size_t element_size(Checkpoint::Type t) {
  switch (t) {
    case Checkpoint::Type::f32: return 4;
    case Checkpoint::Type::f64:
    case Checkpoint::Type::i64:
    case Checkpoint::Type::u64: return 8;
    case Checkpoint::Type::text: return 1;
  }
  return 0;
}

/// Sequential reader over the file bytes; every overrun is a truncation error naming the file.
class Reader {
 public:
  Reader(const std::string& bytes, std::size_t end, std::string file) : bytes_(bytes), end_(end), file_(std::move(file)) {}
  template <class T>
  T pod(const char* what) {
    T v;
    std::memcpy(&v, take(sizeof(T), what), sizeof(T));
    return v;
  }
  const char* take(std::size_t n, const char* what) {
    if (n > end_ - pos_) throw core::InputError("checkpoint: " + file_ + ": truncated while reading " + what);
    const char* p = bytes_.data() + pos_;
    pos_ += n;
    return p;
  }
  [[nodiscard]] std::size_t pos() const { return pos_; }

 private:
  const std::string& bytes_;
  std::size_t end_;
  std::string file_;
  std::size_t pos_ = 0;
};

}  // namespace

void Checkpoint::put_floats(const std::string& name, std::span<const float> values, std::vector<std::uint64_t> dims) {
  blobs_[name] = make_blob(Type::f32, values, std::move(dims));
}
void Checkpoint::put_doubles(const std::string& name, std::span<const double> values, std::vector<std::uint64_t> dims) {
  blobs_[name] = make_blob(Type::f64, values, std::move(dims));
}
void Checkpoint::put_ints(const std::string& name, std::span<const std::int64_t> values) {
  blobs_[name] = make_blob(Type::i64, values, {});
}
void Checkpoint::put_u64s(const std::string& name, std::span<const std::uint64_t> values) {
  blobs_[name] = make_blob(Type::u64, values, {});
}
void Checkpoint::put_text(const std::string& name, const std::string& text) {
  blobs_[name] = make_blob(Type::text, std::span<const char>(text.data(), text.size()), {});
}
void Checkpoint::put_matrix(const std::string& name, const Eigen::MatrixXf& m) {
  put_floats(name, std::span<const float>(m.data(), static_cast<std::size_t>(m.size())),
             {static_cast<std::uint64_t>(m.rows()), static_cast<std::uint64_t>(m.cols())});
}
void Checkpoint::put_rng(const std::string& name, const std::mt19937_64& rng) {
  std::ostringstream os;
  os << rng;
  put_text(name, os.str());
}

void Checkpoint::write(const std::filesystem::path& path) const {
  std::string out;
  out.append(kMagic, sizeof(kMagic));
  append_pod(out, kVersion);
  append_pod(out, static_cast<std::uint32_t>(blobs_.size()));
  for (const auto& [name, b] : blobs_) {
    append_pod(out, static_cast<std::uint32_t>(name.size()));
    out.append(name);
    append_pod(out, static_cast<std::uint8_t>(b.type));
    append_pod(out, static_cast<std::uint32_t>(b.dims.size()));
    for (auto d : b.dims) append_pod(out, d);
    append_pod(out, static_cast<std::uint64_t>(b.bytes.size()));
    out.append(reinterpret_cast<const char*>(b.bytes.data()), b.bytes.size());
  }
  append_pod(out, fnv1a(reinterpret_cast<const unsigned char*>(out.data()), out.size()));
  core::write_file_atomically(path, out);
}

Checkpoint Checkpoint::read(const std::filesystem::path& path) {
  const std::string file = path.string();
  const std::string bytes = core::read_input_file(path, "checkpoint:");
  constexpr std::size_t kHashSize = sizeof(std::uint64_t);
  if (bytes.size() < sizeof(kMagic) + 8 + kHashSize) throw core::InputError("checkpoint: " + file + ": truncated (" + std::to_string(bytes.size()) + " bytes)");
  if (std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) throw core::InputError("checkpoint: " + file + ": bad magic (not a spikeforge checkpoint)");
  const std::size_t body = bytes.size() - kHashSize;
  std::uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + body, kHashSize);
  if (stored != fnv1a(reinterpret_cast<const unsigned char*>(bytes.data()), body))
    throw core::InputError("checkpoint: " + file + ": checksum mismatch (truncated or corrupt)");
  Reader r(bytes, body, file);
  r.take(sizeof(kMagic), "magic");
  const auto version = r.pod<std::uint32_t>("version");
  if (version != kVersion) throw core::InputError("checkpoint: " + file + ": unsupported version " + std::to_string(version));
  const auto count = r.pod<std::uint32_t>("blob count");
  Checkpoint cp;
  cp.source_ = file;
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto name_len = r.pod<std::uint32_t>("blob name length");
    std::string name(r.take(name_len, "blob name"), name_len);
    Blob b;
    const auto type = r.pod<std::uint8_t>("blob type");
    if (type < 1 || type > 5) throw core::InputError("checkpoint: " + file + ": blob '" + name + "': bad type " + std::to_string(type));
    b.type = static_cast<Type>(type);
    const auto rank = r.pod<std::uint32_t>("blob rank");
    if (rank > 8) throw core::InputError("checkpoint: " + file + ": blob '" + name + "': bad rank " + std::to_string(rank));
    std::uint64_t elements = 1;
    for (std::uint32_t d = 0; d < rank; ++d) {
      b.dims.push_back(r.pod<std::uint64_t>("blob dims"));
      elements *= b.dims.back();
    }
    const auto size = r.pod<std::uint64_t>("blob size");
    if (size != elements * element_size(b.type))
      throw core::InputError("checkpoint: " + file + ": blob '" + name + "': size " + std::to_string(size) + " does not match its dims");
    const char* p = r.take(size, "blob data");
    b.bytes.assign(p, p + size);
    cp.blobs_[name] = std::move(b);
  }
  if (r.pos() != body) throw core::InputError("checkpoint: " + file + ": trailing bytes after the last blob");
  return cp;
}

const Checkpoint::Blob& Checkpoint::blob(const std::string& name, Type type) const {
  auto it = blobs_.find(name);
  const std::string where = "checkpoint: " + (source_.empty() ? std::string("<memory>") : source_) + ": blob '" + name + "'";
  if (it == blobs_.end()) throw core::InputError(where + " missing");
  if (it->second.type != type) throw core::InputError(where + " has another type");
  return it->second;
}

std::vector<float> Checkpoint::floats(const std::string& name) const { return blob_values<float>(blob(name, Type::f32)); }
std::vector<double> Checkpoint::doubles(const std::string& name) const { return blob_values<double>(blob(name, Type::f64)); }
std::vector<std::int64_t> Checkpoint::ints(const std::string& name) const { return blob_values<std::int64_t>(blob(name, Type::i64)); }
std::vector<std::uint64_t> Checkpoint::u64s(const std::string& name) const { return blob_values<std::uint64_t>(blob(name, Type::u64)); }
std::string Checkpoint::text(const std::string& name) const {
  const auto& b = blob(name, Type::text);
  return {reinterpret_cast<const char*>(b.bytes.data()), b.bytes.size()};
}

Eigen::MatrixXf Checkpoint::matrix(const std::string& name) const {
  const auto& b = blob(name, Type::f32);
  if (b.dims.size() != 2) throw core::InputError("checkpoint: " + source_ + ": blob '" + name + "' is not a matrix");
  Eigen::MatrixXf m(static_cast<Eigen::Index>(b.dims[0]), static_cast<Eigen::Index>(b.dims[1]));
  if (m.size() > 0) std::memcpy(m.data(), b.bytes.data(), b.bytes.size());
  return m;
}

double Checkpoint::get_double(const std::string& name) const {
  auto v = doubles(name);
  if (v.size() != 1) throw core::InputError("checkpoint: " + source_ + ": blob '" + name + "' is not a scalar");
  return v[0];
}
std::int64_t Checkpoint::get_int(const std::string& name) const {
  auto v = ints(name);
  if (v.size() != 1) throw core::InputError("checkpoint: " + source_ + ": blob '" + name + "' is not a scalar");
  return v[0];
}

void Checkpoint::get_rng(const std::string& name, std::mt19937_64& rng) const {
  std::istringstream is(text(name));
  is >> rng;
  if (!is) throw core::InputError("checkpoint: " + source_ + ": blob '" + name + "' is not an RNG state");
}

void Checkpoint::put_history(const std::string& name, const History& history) {
  std::ostringstream os;
  char buf[64];
  for (const auto& r : history) {
    std::snprintf(buf, sizeof buf, "%d %a", r.iteration, r.seconds);
    os << buf;
    for (const auto& [k, v] : r.metrics) {
      std::snprintf(buf, sizeof buf, "%a", v);
      os << ' ' << k << '=' << buf;
    }
    os << '\n';
  }
  put_text(name, os.str());
}

History Checkpoint::history(const std::string& name) const {
  History out;
  std::istringstream lines(text(name));
  std::string line;
  auto bad = [&](const std::string& what) {
    return core::InputError("checkpoint: " + source_ + ": blob '" + name + "': bad " + what + " '" + line + "'");
  };
  while (std::getline(lines, line)) {
    std::istringstream is(line);
    HistoryRecord r;
    std::string sec;
    if (!(is >> r.iteration >> sec)) throw bad("line");
    char* end = nullptr;
    r.seconds = std::strtod(sec.c_str(), &end);
    if (end == sec.c_str() || *end != '\0') throw bad("line");
    std::string item;
    while (is >> item) {
      const auto eq = item.find('=');
      if (eq == std::string::npos || eq == 0) throw bad("item in line");
      const char* v = item.c_str() + eq + 1;
      r.metrics[item.substr(0, eq)] = std::strtod(v, &end);
      if (end == v || *end != '\0') throw bad("value in line");
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace spikeforge::trainer

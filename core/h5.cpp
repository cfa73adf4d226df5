#include "core/h5.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <mutex>
#include <numeric>
#include <utility>

#include "core/errors.hpp"

namespace spikeforge::core::h5 {
namespace {

void silence_hdf5() {
  static std::once_flag once;
  std::call_once(once, [] { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); });
}

// The innermost description on HDF5's error stack, e.g. "unable to open file", or "".
std::string hdf5_detail() {
  std::string detail;
  auto walk = [](unsigned, const H5E_error2_t* err, void* data) -> herr_t {
    auto* out = static_cast<std::string*>(data);
    if (out->empty() && err->desc != nullptr) *out = err->desc;
    return 0;
  };
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, walk, &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail.empty() ? std::string() : " (" + detail + ")";
}

std::string where(const std::string& file, const std::string& path) { return "h5: " + file + ": " + path + ": "; }

[[noreturn]] void fail_input(const std::string& file, const std::string& path, const std::string& what) {
  throw InputError(where(file, path) + what + hdf5_detail());
}
[[noreturn]] void fail_output(const std::string& file, const std::string& path, const std::string& what) {
  throw OutputError(where(file, path) + what + hdf5_detail());
}

std::vector<std::string> split_path(const std::string& name) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : name) {
    if (c == '/') {
      if (!cur.empty()) parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) parts.push_back(cur);
  return parts;
}

Handle make_space(const std::vector<std::size_t>& dims) {
  if (dims.empty()) return {H5Screate(H5S_SCALAR), H5Sclose};
  std::vector<hsize_t> d(dims.begin(), dims.end());
  return {H5Screate_simple(static_cast<int>(d.size()), d.data(), nullptr), H5Sclose};
}

std::size_t product(const std::vector<std::size_t>& dims) {
  return std::accumulate(dims.begin(), dims.end(), std::size_t{1}, std::multiplies<>());
}

std::string dims_text(const std::vector<std::size_t>& dims) {
  std::string s = "[";
  for (std::size_t i = 0; i < dims.size(); ++i) s += (i ? ", " : "") + std::to_string(dims[i]);
  return s + "]";
}

}  // namespace

// ----------------------------------------------------------------------------------------------
Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    closer_ = o.closer_;
    o.id_ = H5I_INVALID_HID;
  }
  return *this;
}

void Handle::reset() {
  if (id_ >= 0 && closer_ != nullptr) closer_(id_);
  id_ = H5I_INVALID_HID;
}

// ----------------------------------------------------------------------------------------------
File File::create(const std::string& path) {
  silence_hdf5();
  Handle f(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
  if (!f.valid()) fail_output(path, "/", "cannot create file");
  Handle root(H5Gopen2(f.get(), "/", H5P_DEFAULT), H5Gclose);
  if (!root.valid()) fail_output(path, "/", "cannot open root group");
  File out;
  out.handle_ = std::move(root);
  out.file_ = path;
  out.path_ = "/";
  out.file_handle_ = std::move(f);
  return out;
}

File File::open(const std::string& path) {
  silence_hdf5();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail_input(path, "/", "is a directory (expected a file)");
  if (!std::filesystem::is_regular_file(path, ec)) fail_input(path, "/", "no such file");
  if (H5Fis_hdf5(path.c_str()) <= 0) {
    H5Eclear2(H5E_DEFAULT);
    fail_input(path, "/", "not an HDF5 file");
  }
  Handle f(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
  if (!f.valid()) fail_input(path, "/", "cannot open file");
  Handle root(H5Gopen2(f.get(), "/", H5P_DEFAULT), H5Gclose);
  if (!root.valid()) fail_input(path, "/", "cannot open root group");
  File out;
  out.handle_ = std::move(root);
  out.file_ = path;
  out.path_ = "/";
  out.file_handle_ = std::move(f);
  return out;
}

void File::close() {
  if (file_handle_.valid() && H5Fflush(file_handle_.get(), H5F_SCOPE_GLOBAL) < 0) {
    fail_output(file_, "/", "cannot flush file");
  }
  handle_.reset();
  file_handle_.reset();
}

// ----------------------------------------------------------------------------------------------
std::string Group::member_path(const std::string& name) const {
  if (!name.empty() && name.front() == '/') return name;
  return path_ == "/" ? "/" + name : path_ + "/" + name;
}

bool Group::exists(const std::string& name) const {
  if (!handle_.valid()) return false;
  std::string prefix;
  for (const std::string& part : split_path(name)) {
    prefix += prefix.empty() ? part : "/" + part;
    if (H5Lexists(handle_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) {
      H5Eclear2(H5E_DEFAULT);
      return false;
    }
  }
  return !prefix.empty();
}

ObjectType Group::object_type(const std::string& name) const {
  if (!exists(name)) return ObjectType::Missing;
  Handle obj(H5Oopen(handle_.get(), name.c_str(), H5P_DEFAULT), H5Oclose);
  if (!obj.valid()) {
    H5Eclear2(H5E_DEFAULT);
    return ObjectType::Other;  // e.g. a dangling soft link
  }
  switch (H5Iget_type(obj.get())) {
    case H5I_GROUP: return ObjectType::Group;
    case H5I_DATASET: return ObjectType::Dataset;
    default: return ObjectType::Other;
  }
}

std::vector<std::string> Group::list() const {
  H5G_info_t info{};
  if (H5Gget_info(handle_.get(), &info) < 0) fail_input(file_, path_, "cannot list group");
  std::vector<std::string> names;
  names.reserve(info.nlinks);
  for (hsize_t i = 0; i < info.nlinks; ++i) {
    const ssize_t n = H5Lget_name_by_idx(handle_.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
    if (n < 0) fail_input(file_, path_, "cannot read member name " + std::to_string(i));
    std::string s(static_cast<std::size_t>(n) + 1, '\0');
    H5Lget_name_by_idx(handle_.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, s.data(), s.size(), H5P_DEFAULT);
    s.resize(static_cast<std::size_t>(n));
    names.push_back(std::move(s));
  }
  std::sort(names.begin(), names.end());
  return names;
}

Group Group::create_group(const std::string& name) {
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  Handle g(H5Gcreate2(handle_.get(), name.c_str(), lcpl.get(), H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
  if (!g.valid()) fail_output(file_, member_path(name), "cannot create group");
  return {std::move(g), file_, member_path(name)};
}

Group Group::open_group(const std::string& name) const {
  const ObjectType type = object_type(name);
  if (type == ObjectType::Missing) fail_input(file_, member_path(name), "no such group");
  if (type != ObjectType::Group) fail_input(file_, member_path(name), "is not a group");
  Handle g(H5Gopen2(handle_.get(), name.c_str(), H5P_DEFAULT), H5Gclose);
  if (!g.valid()) fail_input(file_, member_path(name), "cannot open group");
  return {std::move(g), file_, member_path(name)};
}

// ----------------------------------------------------------------------------------------------
// Writes
namespace {

// deflate > 0: one chunk holding the whole array, shuffle + deflate at that level.
void write_dataset(hid_t loc, const std::string& file, const std::string& path, const std::string& name,
                   hid_t file_type, hid_t mem_type, const std::vector<std::size_t>& dims, const void* data,
                   int deflate = 0) {
  Handle space = make_space(dims);
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (deflate > 0 && product(dims) > 0) {
    const std::vector<hsize_t> chunk(dims.begin(), dims.end());
    if (H5Pset_chunk(dcpl.get(), static_cast<int>(chunk.size()), chunk.data()) < 0 || H5Pset_shuffle(dcpl.get()) < 0 ||
        H5Pset_deflate(dcpl.get(), static_cast<unsigned>(deflate)) < 0) {
      fail_output(file, path, "cannot set up deflate compression");
    }
  }
  Handle ds(H5Dcreate2(loc, name.c_str(), file_type, space.get(), lcpl.get(), dcpl.get(), H5P_DEFAULT), H5Dclose);
  if (!ds.valid()) fail_output(file, path, "cannot create dataset");
  if (product(dims) > 0 && H5Dwrite(ds.get(), mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
    fail_output(file, path, "cannot write dataset");
  }
}

void check_dims(const std::string& file, const std::string& path, std::size_t n, const std::vector<std::size_t>& dims) {
  if (dims.empty() || product(dims) != n) {
    throw ConfigError(where(file, path) + "dims " + dims_text(dims) + " do not match " + std::to_string(n) +
                      " values");
  }
}

}  // namespace

void Group::write_array(const std::string& name, std::span<const double> data, const std::vector<std::size_t>& dims) {
  check_dims(file_, member_path(name), data.size(), dims);
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, dims, data.data());
}
void Group::write_array(const std::string& name, std::span<const float> data, const std::vector<std::size_t>& dims) {
  check_dims(file_, member_path(name), data.size(), dims);
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, dims, data.data());
}
void Group::write_array_deflated(const std::string& name, std::span<const float> data,
                                 const std::vector<std::size_t>& dims, int level) {
  check_dims(file_, member_path(name), data.size(), dims);
  if (level < 1 || level > 9) {
    throw ConfigError(where(file_, member_path(name)) + "deflate level " + std::to_string(level) + " is not in 1..9");
  }
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, dims, data.data(),
                level);
}
void Group::write_array(const std::string& name, std::span<const std::int64_t> data,
                        const std::vector<std::size_t>& dims) {
  check_dims(file_, member_path(name), data.size(), dims);
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_STD_I64LE, H5T_NATIVE_INT64, dims, data.data());
}
void Group::write_array(const std::string& name, std::span<const std::int32_t> data,
                        const std::vector<std::size_t>& dims) {
  check_dims(file_, member_path(name), data.size(), dims);
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_STD_I32LE, H5T_NATIVE_INT32, dims, data.data());
}
void Group::write_array(const std::string& name, std::span<const std::uint8_t> data,
                        const std::vector<std::size_t>& dims) {
  check_dims(file_, member_path(name), data.size(), dims);
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_STD_U8LE, H5T_NATIVE_UINT8, dims, data.data());
}

void Group::write_scalar(const std::string& name, double value) {
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, {}, &value);
}
void Group::write_scalar(const std::string& name, float value) {
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, {}, &value);
}
void Group::write_scalar(const std::string& name, std::int64_t value) {
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_STD_I64LE, H5T_NATIVE_INT64, {}, &value);
}
void Group::write_scalar(const std::string& name, std::int32_t value) {
  write_dataset(handle_.get(), file_, member_path(name), name, H5T_STD_I32LE, H5T_NATIVE_INT32, {}, &value);
}

void Group::write_bool(const std::string& name, bool value) {
  Handle type(H5Tenum_create(H5T_NATIVE_INT8), H5Tclose);
  const std::int8_t f = 0;
  const std::int8_t t = 1;
  H5Tenum_insert(type.get(), "FALSE", &f);
  H5Tenum_insert(type.get(), "TRUE", &t);
  const std::int8_t v = value ? 1 : 0;
  write_dataset(handle_.get(), file_, member_path(name), name, type.get(), type.get(), {}, &v);
}

void Group::write_string(const std::string& name, const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), std::max<std::size_t>(1, value.size()));
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Tset_cset(type.get(), H5T_CSET_ASCII);
  std::string padded = value;
  padded.resize(std::max<std::size_t>(1, value.size()), '\0');
  write_dataset(handle_.get(), file_, member_path(name), name, type.get(), type.get(), {}, padded.data());
}

void Group::write_vlen_string(const std::string& name, const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  const char* p = value.c_str();
  write_dataset(handle_.get(), file_, member_path(name), name, type.get(), type.get(), {}, &p);
}

void Group::write_strings(const std::string& name, const std::vector<std::string>& strings,
                          const std::vector<std::size_t>& dims) {
  const std::vector<std::size_t> d = dims.empty() ? std::vector<std::size_t>{strings.size()} : dims;
  check_dims(file_, member_path(name), strings.size(), d);
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  std::vector<const char*> ptrs;
  ptrs.reserve(strings.size());
  for (const std::string& s : strings) ptrs.push_back(s.c_str());
  write_dataset(handle_.get(), file_, member_path(name), name, type.get(), type.get(), d, ptrs.data());
}

// ----------------------------------------------------------------------------------------------
// Reads
Handle Group::open_dataset(const std::string& name) const {
  const ObjectType type = object_type(name);
  if (type == ObjectType::Missing) fail_input(file_, member_path(name), "no such dataset");
  if (type != ObjectType::Dataset) fail_input(file_, member_path(name), "is not a dataset");
  Handle ds(H5Dopen2(handle_.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
  if (!ds.valid()) fail_input(file_, member_path(name), "cannot open dataset");
  return ds;
}

namespace {

std::vector<std::size_t> dataset_dims(hid_t ds, const std::string& file, const std::string& path) {
  Handle space(H5Dget_space(ds), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  if (rank < 0) fail_input(file, path, "cannot read dataspace");
  std::vector<hsize_t> d(static_cast<std::size_t>(rank));
  if (rank > 0) H5Sget_simple_extent_dims(space.get(), d.data(), nullptr);
  return {d.begin(), d.end()};
}

/// Deflate, the strongest filter HDF5 files use here, compresses at most about 1032:1.
constexpr std::uint64_t kMaxDeflateRatio = 1032;

/// Refuses a dataset whose shape claims more bytes than its stored data can hold (a forged or
/// never-written dataspace), before anything of that size is allocated.
void check_stored(hid_t ds, hid_t file_type, const std::vector<std::size_t>& dims, const std::string& file,
                  const std::string& path) {
  std::uint64_t bytes = H5Tget_size(file_type);
  for (std::size_t d : dims) {
    if (__builtin_mul_overflow(bytes, std::uint64_t{d}, &bytes)) {
      fail_input(file, path, "truncated: shape " + dims_text(dims) + " overflows 64 bits");
    }
  }
  const std::uint64_t stored = H5Dget_storage_size(ds);
  if (bytes == 0 || (stored > 0 && stored >= bytes / kMaxDeflateRatio)) return;
  fail_input(file, path, "truncated: shape " + dims_text(dims) + " needs " + std::to_string(bytes) +
                             " bytes, the file stores " + std::to_string(stored));
}

template <class T>
Array<T> read_numeric(hid_t ds, hid_t mem_type, const std::string& file, const std::string& path) {
  Handle type(H5Dget_type(ds), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (cls != H5T_INTEGER && cls != H5T_FLOAT) fail_input(file, path, "is not a numeric dataset");
  Array<T> out;
  out.dims = dataset_dims(ds, file, path);
  check_stored(ds, type.get(), out.dims, file, path);
  out.values.resize(product(out.dims));
  if (!out.values.empty() && H5Dread(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.values.data()) < 0) {
    fail_input(file, path, "cannot read dataset");
  }
  return out;
}

}  // namespace

std::vector<std::size_t> Group::shape(const std::string& name) const {
  Handle ds = open_dataset(name);
  return dataset_dims(ds.get(), file_, member_path(name));
}

Array<double> Group::read_doubles(const std::string& name) const {
  Handle ds = open_dataset(name);
  return read_numeric<double>(ds.get(), H5T_NATIVE_DOUBLE, file_, member_path(name));
}
Array<float> Group::read_floats(const std::string& name) const {
  Handle ds = open_dataset(name);
  return read_numeric<float>(ds.get(), H5T_NATIVE_FLOAT, file_, member_path(name));
}
Array<std::int64_t> Group::read_int64s(const std::string& name) const {
  Handle ds = open_dataset(name);
  return read_numeric<std::int64_t>(ds.get(), H5T_NATIVE_INT64, file_, member_path(name));
}

double Group::read_double(const std::string& name) const {
  const Array<double> a = read_doubles(name);
  if (a.values.size() != 1) {
    fail_input(file_, member_path(name), "expected one value, found shape " + dims_text(a.dims));
  }
  return a.values[0];
}

std::int64_t Group::read_int64(const std::string& name) const {
  const Array<std::int64_t> a = read_int64s(name);
  if (a.values.size() != 1) {
    fail_input(file_, member_path(name), "expected one value, found shape " + dims_text(a.dims));
  }
  return a.values[0];
}

bool Group::read_bool(const std::string& name) const {
  Handle ds = open_dataset(name);
  const std::string path = member_path(name);
  Handle type(H5Dget_type(ds.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  if (product(dataset_dims(ds.get(), file_, path)) != 1) fail_input(file_, path, "expected one bool value");
  if (cls == H5T_ENUM) {
    // HDF5 does not convert enum -> integer; read the raw base integer (h5py bool = enum over int8).
    Handle base(H5Tget_super(type.get()), H5Tclose);
    if (H5Tget_class(base.get()) != H5T_INTEGER) fail_input(file_, path, "enum over a non-integer type");
    Handle native(H5Tget_native_type(type.get(), H5T_DIR_ASCEND), H5Tclose);
    std::vector<unsigned char> raw(H5Tget_size(native.get()), 0);
    if (H5Dread(ds.get(), native.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, raw.data()) < 0) {
      fail_input(file_, path, "cannot read dataset");
    }
    return std::any_of(raw.begin(), raw.end(), [](unsigned char c) { return c != 0; });
  }
  if (cls != H5T_INTEGER) fail_input(file_, path, "is not a bool (enum or integer) dataset");
  return read_numeric<std::int64_t>(ds.get(), H5T_NATIVE_INT64, file_, path).values[0] != 0;
}

std::vector<std::string> Group::read_strings(const std::string& name) const {
  Handle ds = open_dataset(name);
  const std::string path = member_path(name);
  Handle type(H5Dget_type(ds.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_STRING) fail_input(file_, path, "is not a string dataset");
  const std::size_t n = product(dataset_dims(ds.get(), file_, path));
  std::vector<std::string> out;
  out.reserve(n);
  if (n == 0) return out;
  Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
  if (H5Tis_variable_str(type.get()) > 0) {
    H5Tset_size(mem.get(), H5T_VARIABLE);
    std::vector<char*> ptrs(n, nullptr);
    if (H5Dread(ds.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()) < 0) {
      fail_input(file_, path, "cannot read strings");
    }
    for (char* p : ptrs) out.emplace_back(p != nullptr ? p : "");
    Handle space(H5Dget_space(ds.get()), H5Sclose);
    H5Dvlen_reclaim(mem.get(), space.get(), H5P_DEFAULT, ptrs.data());
  } else {
    const std::size_t size = H5Tget_size(type.get());
    H5Tset_size(mem.get(), size);
    H5Tset_strpad(mem.get(), H5T_STR_NULLPAD);
    std::vector<char> buf(n * size, '\0');
    if (H5Dread(ds.get(), mem.get(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0) {
      fail_input(file_, path, "cannot read strings");
    }
    for (std::size_t i = 0; i < n; ++i) {
      const char* p = buf.data() + i * size;
      out.emplace_back(p, strnlen(p, size));
    }
  }
  return out;
}

std::string Group::read_string(const std::string& name) const {
  std::vector<std::string> all = read_strings(name);
  if (all.size() != 1) {
    fail_input(file_, member_path(name), "expected one string, found " + std::to_string(all.size()));
  }
  return std::move(all[0]);
}

std::vector<std::vector<float>> Group::read_vlen_floats(const std::string& name, std::size_t first,
                                                        std::size_t count) const {
  Handle ds = open_dataset(name);
  const std::string path = member_path(name);
  Handle type(H5Dget_type(ds.get()), H5Tclose);
  if (H5Tget_class(type.get()) != H5T_VLEN) fail_input(file_, path, "is not a variable-length dataset");
  Handle base(H5Tget_super(type.get()), H5Tclose);
  const H5T_class_t bcls = H5Tget_class(base.get());
  if (bcls != H5T_INTEGER && bcls != H5T_FLOAT) fail_input(file_, path, "variable-length base type is not numeric");
  const std::vector<std::size_t> dims = dataset_dims(ds.get(), file_, path);
  if (dims.size() != 1) fail_input(file_, path, "expected a 1-D dataset, found shape " + dims_text(dims));
  check_stored(ds.get(), type.get(), dims, file_, path);
  first = std::min(first, dims[0]);
  count = std::min(count, dims[0] - first);
  std::vector<hvl_t> buf(count);
  std::vector<std::vector<float>> out(count);
  if (buf.empty()) return out;
  Handle mem(H5Tvlen_create(H5T_NATIVE_FLOAT), H5Tclose);
  Handle file_space(H5Dget_space(ds.get()), H5Sclose);
  const hsize_t start = first;
  const hsize_t n = count;
  H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, &start, nullptr, &n, nullptr);
  Handle mem_space(H5Screate_simple(1, &n, nullptr), H5Sclose);
  if (H5Dread(ds.get(), mem.get(), mem_space.get(), file_space.get(), H5P_DEFAULT, buf.data()) < 0) {
    fail_input(file_, path, "cannot read dataset");
  }
  for (std::size_t i = 0; i < buf.size(); ++i) {
    const auto* p = static_cast<const float*>(buf[i].p);
    if (buf[i].len > 0) out[i].assign(p, p + buf[i].len);
  }
  H5Dvlen_reclaim(mem.get(), mem_space.get(), H5P_DEFAULT, buf.data());
  return out;
}

}  // namespace spikeforge::core::h5

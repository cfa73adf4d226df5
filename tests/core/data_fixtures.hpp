// Tiny dataset files written by the tests (no downloads): gzip/plain IDX files, N-MNIST .bin
// trees and SHD HDF5 files.
#pragma once
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include <zlib.h>

#include "core/h5.hpp"

namespace spikeforge::test {

/// Bytes of an IDX file: magic, dims (big-endian), payload.
inline std::vector<std::uint8_t> idx_bytes(std::uint32_t magic, const std::vector<std::uint32_t>& dims,
                                           const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> out;
  auto put32 = [&out](std::uint32_t v) {
    for (int s = 24; s >= 0; s -= 8) out.push_back(static_cast<std::uint8_t>(v >> s));
  };
  put32(magic);
  for (std::uint32_t d : dims) put32(d);
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

inline void write_bytes(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

/// Writes `bytes` gzip-compressed; keep_compressed < SIZE_MAX cuts the .gz file to that many bytes.
inline void write_gz(const std::filesystem::path& path, const std::vector<std::uint8_t>& bytes,
                     std::size_t keep_compressed = SIZE_MAX) {
  const std::string tmp = path.string() + ".full";
  gzFile f = gzopen(tmp.c_str(), "wb");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
  std::ifstream in(tmp, std::ios::binary);
  std::vector<std::uint8_t> gz((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  std::filesystem::remove(tmp);
  if (keep_compressed < gz.size()) gz.resize(keep_compressed);
  write_bytes(path, gz);
}

/// A Fashion-MNIST-like split: `n` 28×28 images (pixel = (i·7 + k) % 256 of image i, byte k),
/// labels i % 10, written as <prefix>-{images-idx3,labels-idx1}-ubyte.gz in `dir`.
inline std::vector<std::uint8_t> fake_fashion_pixels(std::size_t n) {
  std::vector<std::uint8_t> px(n * 784);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < 784; ++k) px[i * 784 + k] = static_cast<std::uint8_t>((i * 7 + k) % 256);
  }
  return px;
}
inline void write_fake_fashion(const std::filesystem::path& dir, const std::string& prefix, std::size_t n,
                               bool gz = true) {
  std::vector<std::uint8_t> labels(n);
  for (std::size_t i = 0; i < n; ++i) labels[i] = static_cast<std::uint8_t>(i % 10);
  const auto images = idx_bytes(0x803, {static_cast<std::uint32_t>(n), 28, 28}, fake_fashion_pixels(n));
  const auto label_file = idx_bytes(0x801, {static_cast<std::uint32_t>(n)}, labels);
  if (gz) {
    write_gz(dir / (prefix + "-images-idx3-ubyte.gz"), images);
    write_gz(dir / (prefix + "-labels-idx1-ubyte.gz"), label_file);
  } else {
    write_bytes(dir / (prefix + "-images-idx3-ubyte"), images);
    write_bytes(dir / (prefix + "-labels-idx1-ubyte"), label_file);
  }
}

/// Incompressible bytes (so a cut .gz file really ends mid-stream).
inline std::vector<std::uint8_t> noise_bytes(std::size_t n) {
  std::vector<std::uint8_t> out(n);
  std::uint64_t z = 12345;
  for (auto& b : out) {
    z = z * 6364136223846793005ULL + 1442695040888963407ULL;
    b = static_cast<std::uint8_t>(z >> 56);
  }
  return out;
}

struct NmnistEvent {
  std::uint8_t x, y;
  bool on;
  std::uint32_t t_us;
};
inline std::vector<std::uint8_t> nmnist_bytes(const std::vector<NmnistEvent>& events) {
  std::vector<std::uint8_t> out;
  for (const NmnistEvent& e : events) {
    out.push_back(e.x);
    out.push_back(e.y);
    out.push_back(static_cast<std::uint8_t>((e.on ? 0x80U : 0U) | ((e.t_us >> 16) & 0x7FU)));
    out.push_back(static_cast<std::uint8_t>(e.t_us >> 8));
    out.push_back(static_cast<std::uint8_t>(e.t_us));
  }
  return out;
}

/// An SHD-like file: per sample spike times (s) and units, labels. Omits a dataset if its name
/// is in `skip` ("/labels", "/spikes/times", "/spikes/units").
inline void write_fake_shd(const std::string& path, const std::vector<std::vector<float>>& times,
                           const std::vector<std::vector<std::uint16_t>>& units, const std::vector<std::uint8_t>& labels,
                           const std::string& skip = "") {
  {
    core::h5::File file = core::h5::File::create(path);
    file.create_group("spikes");
    if (skip != "/labels") file.write_array("labels", std::span<const std::uint8_t>(labels), {labels.size()});
  }
  const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  auto write_vlen = [f](const char* name, hid_t file_type, hid_t base, const void* const* data,
                        const std::vector<std::size_t>& lens) {
    const hid_t vt = H5Tvlen_create(file_type);
    const hid_t mt = H5Tvlen_create(base);
    const hsize_t n = lens.size();
    const hid_t sp = H5Screate_simple(1, &n, nullptr);
    const hid_t ds = H5Dcreate2(f, name, vt, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    std::vector<hvl_t> buf(lens.size());
    for (std::size_t i = 0; i < lens.size(); ++i) buf[i] = {lens[i], const_cast<void*>(data[i])};
    H5Dwrite(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data());
    H5Dclose(ds);
    H5Sclose(sp);
    H5Tclose(mt);
    H5Tclose(vt);
  };
  std::vector<const void*> tp;
  std::vector<const void*> up;
  std::vector<std::size_t> tl;
  std::vector<std::size_t> ul;
  for (const auto& t : times) {
    tp.push_back(t.data());
    tl.push_back(t.size());
  }
  for (const auto& u : units) {
    up.push_back(u.data());
    ul.push_back(u.size());
  }
  if (skip != "/spikes/times") write_vlen("/spikes/times", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, tp.data(), tl);
  if (skip != "/spikes/units") write_vlen("/spikes/units", H5T_STD_U16LE, H5T_NATIVE_UINT16, up.data(), ul);
  H5Fclose(f);
}

}  // namespace spikeforge::test

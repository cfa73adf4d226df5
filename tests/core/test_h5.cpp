#include "core/h5.hpp"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "support/temp_dir.hpp"

namespace h5 = spikeforge::core::h5;
using spikeforge::core::ConfigError;
using spikeforge::core::InputError;
using spikeforge::core::OutputError;
using spikeforge::test::TempDir;

TEST_CASE("h5: numeric arrays and scalars round-trip exactly", "[h5]") {
  TempDir dir;
  const std::string path = (dir / "a.h5").string();
  const std::vector<double> d = {1.5, -2.25, 3e100, 0.0, -0.0, 7.0};
  const std::vector<float> f = {0.1F, -1e-30F, 42.0F};
  const std::vector<std::int64_t> i64 = {-9000000000LL, 0, 9000000000LL, 5};
  const std::vector<std::int32_t> i32 = {-7, 2147483647};
  const std::vector<std::uint8_t> u8 = {0, 1, 255};
  {
    h5::File file = h5::File::create(path);
    file.write_array("d", std::span<const double>(d), {2, 3});
    h5::Group g = file.create_group("grp/sub");
    g.write_array("f", std::span<const float>(f), {3});
    g.write_array("i64", std::span<const std::int64_t>(i64), {2, 2});
    g.write_array("i32", std::span<const std::int32_t>(i32), {2});
    g.write_array("u8", std::span<const std::uint8_t>(u8), {1, 3});
    g.write_scalar("sd", 2.5);
    g.write_scalar("sf", 0.25F);
    g.write_scalar("si64", std::int64_t{-123456789012});
    g.write_scalar("si32", std::int32_t{-17});
    g.write_bool("yes", true);
    g.write_bool("no", false);
    file.close();
  }
  const h5::File file = h5::File::open(path);
  const auto rd = file.read_doubles("d");
  CHECK(rd.dims == std::vector<std::size_t>{2, 3});
  CHECK(rd.values == d);
  const h5::Group g = file.open_group("grp").open_group("sub");
  CHECK(g.path() == "/grp/sub");
  CHECK(g.read_floats("f").values == f);
  CHECK(file.read_floats("grp/sub/f").values == f);  // relative paths work from any group
  const auto r64 = g.read_int64s("i64");
  CHECK(r64.dims == std::vector<std::size_t>{2, 2});
  CHECK(r64.values == i64);
  CHECK(g.read_int64s("i32").values == std::vector<std::int64_t>{-7, 2147483647});
  const auto ru8 = g.read_doubles("u8");
  CHECK(ru8.dims == std::vector<std::size_t>{1, 3});
  CHECK(ru8.values == std::vector<double>{0, 1, 255});
  CHECK(g.shape("sd").empty());
  CHECK(g.read_double("sd") == 2.5);
  CHECK(g.read_double("sf") == 0.25);
  CHECK(g.read_int64("si64") == -123456789012LL);
  CHECK(g.read_int64("si32") == -17);
  CHECK(g.read_bool("yes"));
  CHECK_FALSE(g.read_bool("no"));
  CHECK(g.read_bool("si32"));  // integers are accepted as bools (nonzero = true)
}

TEST_CASE("h5: strings round-trip (fixed, variable, arrays)", "[h5]") {
  TempDir dir;
  const std::string path = (dir / "s.h5").string();
  const std::vector<std::string> names = {"alpha", "", "gamma delta", "\xc3\xa9t\xc3\xa9"};
  {
    h5::File file = h5::File::create(path);
    file.write_string("fixed", "LIF");
    file.write_string("empty_fixed", "");
    file.write_vlen_string("vlen", "Affine");
    file.write_strings("arr", names);
    file.write_strings("arr2d", {"a", "b", "c", "d", "e", "f"}, {2, 3});
  }
  const h5::File file = h5::File::open(path);
  CHECK(file.read_string("fixed") == "LIF");
  CHECK(file.read_string("empty_fixed").empty());
  CHECK(file.read_string("vlen") == "Affine");
  CHECK(file.read_strings("arr") == names);
  CHECK(file.shape("arr2d") == std::vector<std::size_t>{2, 3});
  CHECK(file.read_strings("arr2d") == std::vector<std::string>{"a", "b", "c", "d", "e", "f"});
  CHECK_THROWS_AS(file.read_string("arr"), InputError);  // 4 strings, not one
}

TEST_CASE("h5: variable-length numeric arrays read as float sequences", "[h5]") {
  // The wrapper writes no vlen data itself; build one with the C API as SHD's files store it.
  TempDir dir;
  const std::string path = (dir / "v.h5").string();
  const std::vector<std::vector<std::uint16_t>> seqs = {{1, 2, 699}, {}, {5}};
  {
    h5::File file = h5::File::create(path);
    file.close();
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hid_t vt = H5Tvlen_create(H5T_STD_U16LE);
    const hsize_t n = seqs.size();
    const hid_t sp = H5Screate_simple(1, &n, nullptr);
    const hid_t ds = H5Dcreate2(f, "units", vt, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    std::vector<hvl_t> buf(seqs.size());
    for (std::size_t i = 0; i < seqs.size(); ++i) {
      buf[i].len = seqs[i].size();
      buf[i].p = const_cast<std::uint16_t*>(seqs[i].data());
    }
    const hid_t mt = H5Tvlen_create(H5T_NATIVE_UINT16);
    REQUIRE(H5Dwrite(ds, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) >= 0);
    H5Tclose(mt);
    H5Dclose(ds);
    H5Sclose(sp);
    H5Tclose(vt);
    H5Fclose(f);
  }
  const h5::File file = h5::File::open(path);
  const auto v = file.read_vlen_floats("units");
  REQUIRE(v.size() == 3);
  CHECK(v[0] == std::vector<float>{1.0F, 2.0F, 699.0F});
  CHECK(v[1].empty());
  CHECK(v[2] == std::vector<float>{5.0F});
  const auto part = file.read_vlen_floats("units", 1, 5);  // elements [1, 3): count is clipped
  REQUIRE(part.size() == 2);
  CHECK(part[0].empty());
  CHECK(part[1] == std::vector<float>{5.0F});
  CHECK_THROWS_AS(file.read_floats("units"), InputError);  // not a plain numeric dataset
}

TEST_CASE("h5: structure queries", "[h5]") {
  TempDir dir;
  const std::string path = (dir / "t.h5").string();
  {
    h5::File file = h5::File::create(path);
    h5::Group layer = file.create_group("layer");
    layer.create_group("1");
    layer.create_group("0").write_scalar("x", 1.0);
    file.write_string("z", "z");
  }
  const h5::File file = h5::File::open(path);
  CHECK(file.list() == std::vector<std::string>{"layer", "z"});
  CHECK(file.open_group("layer").list() == std::vector<std::string>{"0", "1"});
  CHECK(file.exists("layer/0/x"));
  CHECK_FALSE(file.exists("layer/2/x"));
  CHECK_FALSE(file.exists("nope"));
  CHECK(file.object_type("layer") == h5::ObjectType::Group);
  CHECK(file.object_type("layer/0/x") == h5::ObjectType::Dataset);
  CHECK(file.object_type("missing/x") == h5::ObjectType::Missing);
}

TEST_CASE("h5: errors name the file and the object path", "[h5]") {
  TempDir dir;
  const std::string path = (dir / "e.h5").string();
  {
    h5::File file = h5::File::create(path);
    file.create_group("spikes").write_scalar("n", 1.0);
    file.write_vlen_string("name", "x");
  }
  const h5::File file = h5::File::open(path);
  CHECK_THROWS_WITH(file.read_doubles("labels"),
                    Catch::Contains(path) && Catch::Contains("/labels") && Catch::Contains("no such dataset"));
  CHECK_THROWS_WITH(file.open_group("spikes").read_vlen_floats("times"),
                    Catch::Contains(path) && Catch::Contains("/spikes/times"));
  CHECK_THROWS_WITH(file.open_group("nogroup"), Catch::Contains("/nogroup") && Catch::Contains("no such group"));
  CHECK_THROWS_WITH(file.read_doubles("name"), Catch::Contains("/name") && Catch::Contains("not a numeric"));
  CHECK_THROWS_WITH(file.read_string("spikes/n"), Catch::Contains("/spikes/n") && Catch::Contains("not a string"));
  CHECK_THROWS_AS(file.read_doubles("spikes"), InputError);  // a group, not a dataset

  CHECK_THROWS_WITH(h5::File::open((dir / "missing.h5").string()),
                    Catch::Contains("missing.h5") && Catch::Contains("no such file"));
  std::ofstream((dir / "junk.h5").string()) << "not hdf5 at all";
  CHECK_THROWS_WITH(h5::File::open((dir / "junk.h5").string()), Catch::Contains("not an HDF5 file"));
  CHECK_THROWS_AS(h5::File::create((dir / "no/such/dir/x.h5").string()), OutputError);
}

TEST_CASE("h5: writing errors", "[h5]") {
  TempDir dir;
  h5::File file = h5::File::create((dir / "w.h5").string());
  const std::vector<float> v = {1, 2, 3};
  CHECK_THROWS_AS(file.write_array("bad", std::span<const float>(v), {2, 2}), ConfigError);
  file.write_scalar("dup", 1.0);
  CHECK_THROWS_WITH(file.write_scalar("dup", 2.0), Catch::Contains("/dup"));
}

TEST_CASE("h5: deflated arrays read back exactly and a mostly-zero matrix shrinks", "[h5]") {
  TempDir dir;
  // A 256 x 784 matrix with one nonzero in 16 (a pruned layer), written plain and deflated.
  std::vector<float> w(256 * 784, 0.0F);
  for (std::size_t i = 0; i < w.size(); i += 16) w[i] = 0.001F * static_cast<float>(i % 977) - 0.4F;
  const std::string plain = (dir / "plain.h5").string();
  const std::string packed = (dir / "packed.h5").string();
  {
    h5::File f = h5::File::create(plain);
    f.write_array("w", std::span<const float>(w), {256, 784});
  }
  {
    h5::File f = h5::File::create(packed);
    f.write_array_deflated("w", std::span<const float>(w), {256, 784}, h5::kWeightDeflateLevel);
    CHECK_THROWS_WITH(f.write_array_deflated("x", std::span<const float>(w), {256, 784}, 10),
                      Catch::Contains("deflate level 10"));
    CHECK_THROWS_AS(f.write_array_deflated("y", std::span<const float>(w), {2, 2}, 4), ConfigError);
  }
  const auto back = h5::File::open(packed).read_floats("w");
  CHECK(back.dims == std::vector<std::size_t>{256, 784});
  CHECK(back.values == w);
  // 1 in 16 nonzero: the deflated file holds well under half of the plain one (measured 8.8 %).
  constexpr double kMaxRatio = 0.5;
  const auto plain_bytes = static_cast<double>(std::filesystem::file_size(plain));
  const auto packed_bytes = static_cast<double>(std::filesystem::file_size(packed));
  INFO("plain " << plain_bytes << " B, deflated " << packed_bytes << " B");
  CHECK(packed_bytes < kMaxRatio * plain_bytes);
}

TEST_CASE("h5: interoperates with h5py (numpy bool, str, bytes, vlen)", "[h5][python]") {
  TempDir dir;
  const std::string py_file = (dir / "py.h5").string();
  const std::string our_file = (dir / "ours.h5").string();
  {
    h5::File file = h5::File::create(our_file);
    file.write_bool("b", true);
    file.write_string("fs", "LIF");
    file.write_vlen_string("s", "Affine");
    file.write_strings("arr", {"x", "yy"});
    const std::vector<float> w = {1, 2, 3, 4, 5, 6};
    file.write_array("w", std::span<const float>(w), {2, 3});
    file.write_array_deflated("wz", std::span<const float>(w), {3, 2}, 4);
  }
  const std::string script = (dir / "check.py").string();
  std::ofstream(script) << "import h5py, numpy as np, sys\n"
                           "with h5py.File(sys.argv[1], 'w') as f:\n"
                           "    f['b'] = np.bool_(True); f['s'] = 'Affine'; f['fs'] = np.bytes_('LIF')\n"
                           "    f['arr'] = np.array(['a', 'bb'], dtype=h5py.string_dtype())\n"
                           "    d = f.create_dataset('t', (2,), dtype=h5py.vlen_dtype(np.dtype('float32')))\n"
                           "    d[0] = np.array([1.5, 2], dtype='f4'); d[1] = np.array([], dtype='f4')\n"
                           "with h5py.File(sys.argv[2], 'r') as g:\n"
                           "    assert g['b'][()] == True and g['b'].dtype == np.bool_, g['b'].dtype\n"
                           "    assert g['fs'][()] == b'LIF', g['fs'][()]\n"
                           "    assert g['s'][()] in ('Affine', b'Affine')\n"
                           "    assert [x.decode() if isinstance(x, bytes) else x for x in g['arr'][()]] == ['x', 'yy']\n"
                           "    assert g['w'].shape == (2, 3) and g['w'].dtype == np.float32 and g['w'][1, 2] == 6\n"
                           "    assert g['wz'].compression == 'gzip' and g['wz'].shape == (3, 2) and g['wz'][2, 1] == 6\n";
  const std::string cmd = std::string(SPIKEFORGE_PYTHON) + " " + script + " " + py_file + " " + our_file;
  REQUIRE(std::system(cmd.c_str()) == 0);
  const h5::File file = h5::File::open(py_file);
  CHECK(file.read_bool("b"));
  CHECK(file.read_string("s") == "Affine");
  CHECK(file.read_string("fs") == "LIF");
  CHECK(file.read_strings("arr") == std::vector<std::string>{"a", "bb"});
  const auto t = file.read_vlen_floats("t");
  REQUIRE(t.size() == 2);
  CHECK(t[0] == std::vector<float>{1.5F, 2.0F});
  CHECK(t[1].empty());
}

TEST_CASE("h5: a dataset whose shape claims more than the file stores is 'truncated'", "[h5][bad_input]") {
  // A chunked dataspace of 2^40 doubles (8 TiB) that was never written: the file stores no data.
  TempDir dir;
  const std::string path = (dir / "forged.h5").string();
  {
    h5::File file = h5::File::create(path);
    file.close();
    const hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    REQUIRE(f >= 0);
    const hsize_t n = hsize_t{1} << 40;
    const hsize_t chunk = 1024;
    const hid_t sp = H5Screate_simple(1, &n, nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_chunk(dcpl, 1, &chunk);
    const hid_t ds = H5Dcreate2(f, "w", H5T_IEEE_F64LE, sp, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    REQUIRE(ds >= 0);
    H5Dclose(ds);
    H5Pclose(dcpl);
    H5Sclose(sp);
    H5Fclose(f);
  }
  const h5::File file = h5::File::open(path);
  CHECK_THROWS_AS(file.read_doubles("w"), InputError);
  CHECK_THROWS_WITH(file.read_doubles("w"), Catch::Contains("forged.h5") && Catch::Contains("truncated") &&
                                                Catch::Contains("the file stores 0"));
}

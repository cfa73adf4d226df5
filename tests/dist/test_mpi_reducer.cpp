// dist::MpiReducer (issue #8). Untagged cases run on one process (MPI singleton init); the
// "[mpi2]" cases are hidden from the plain run and run under `mpirun -np 2` (tests/dist/mpi_cli.cmake).
#include <cstdint>
#include <vector>

#include <catch2/catch.hpp>
#include <mpi.h>

#include "dist/mpi_reducer.hpp"

using namespace spikeforge;

namespace {

/// MPI for the whole test process: initialized on first use, finalized at exit.
struct MpiForTests {
  MpiForTests() {
    int initialized = 0;
    MPI_Initialized(&initialized);
    if (initialized == 0) MPI_Init(nullptr, nullptr);
  }
  ~MpiForTests() {
    int finalized = 0;
    MPI_Finalized(&finalized);
    if (finalized == 0) MPI_Finalize();
  }
};

void need_mpi() { static const MpiForTests mpi; }

}  // namespace

TEST_CASE("one rank: sum leaves the data and sends nothing", "[dist]") {
  need_mpi();
  const dist::MpiReducer r;
  REQUIRE(r.size() == 1);
  CHECK(r.rank() == 0);
  std::vector<float> f = {1.5F, -2.0F, 3.25F};
  r.sum(f.data(), f.size());
  CHECK(f == std::vector<float>{1.5F, -2.0F, 3.25F});
  CHECK(r.sum_scalar(4.0) == 4.0);
  CHECK(r.bytes_sent() == 0);
}

TEST_CASE("two ranks: every rank gets the same sum; bytes are the payload", "[.][mpi2]") {
  need_mpi();
  const dist::MpiReducer r;
  REQUIRE(r.size() == 2);
  // Values whose float sum depends on the order: both ranks must still hold identical bits.
  std::vector<float> f(1000);
  for (std::size_t i = 0; i < f.size(); ++i) f[i] = (r.rank() == 0 ? 1e7F : 0.1F) * static_cast<float>(i % 7 + 1) / 3.0F;
  std::vector<float> expect(f.size());
  for (std::size_t i = 0; i < f.size(); ++i)
    expect[i] = 1e7F * static_cast<float>(i % 7 + 1) / 3.0F + 0.1F * static_cast<float>(i % 7 + 1) / 3.0F;
  r.sum(f.data(), f.size());
  CHECK(f == expect);  // two summands: a + b is the same either way round
  std::vector<double> d = {static_cast<double>(r.rank() + 1), 0.5};
  r.sum(d.data(), d.size());
  CHECK(d == std::vector<double>{3.0, 1.0});
  CHECK(r.bytes_sent() == f.size() * sizeof(float) + d.size() * sizeof(double));
  // Bit-identical on both ranks: rank 0 adds its result, rank 1 subtracts its own; the total is 0.
  std::vector<float> diff = f;
  if (r.rank() == 1)
    for (auto& v : diff) v = -v;
  r.sum(diff.data(), diff.size());
  for (const float v : diff) REQUIRE(v == 0.0F);
}

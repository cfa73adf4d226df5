#include "dist/mpi_reducer.hpp"

#include <algorithm>

#include <mpi.h>

namespace spikeforge::dist {
namespace {

constexpr std::size_t kChunk = std::size_t{1} << 30;  // elements per MPI call (counts are int)

template <class T>
void reduce_broadcast(T* data, std::size_t n, MPI_Datatype type, int rank) {
  for (std::size_t first = 0; first < n; first += kChunk) {
    const std::size_t count = std::min(kChunk, n - first);
    const int c = static_cast<int>(count);
    if (rank == 0) {
      MPI_Reduce(MPI_IN_PLACE, data + first, c, type, MPI_SUM, 0, MPI_COMM_WORLD);
    } else {
      MPI_Reduce(data + first, nullptr, c, type, MPI_SUM, 0, MPI_COMM_WORLD);  // recvbuf unused off the root
    }
    MPI_Bcast(data + first, c, type, 0, MPI_COMM_WORLD);
  }
}

/// One sum() call: the reduction plus its accounting (payload bytes, wall time).
template <class T>
void timed_sum(T* data, std::size_t n, MPI_Datatype type, int rank, std::uint64_t& bytes, double& seconds) {
  const double t0 = MPI_Wtime();
  reduce_broadcast(data, n, type, rank);
  seconds += MPI_Wtime() - t0;
  bytes += n * sizeof(T);
}

}  // namespace

MpiReducer::MpiReducer() {
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

void MpiReducer::sum(float* data, std::size_t n) const {
  if (size_ > 1 && n > 0) timed_sum(data, n, MPI_FLOAT, rank_, bytes_, seconds_);
}

void MpiReducer::sum(double* data, std::size_t n) const {
  if (size_ > 1 && n > 0) timed_sum(data, n, MPI_DOUBLE, rank_, bytes_, seconds_);
}

}  // namespace spikeforge::dist

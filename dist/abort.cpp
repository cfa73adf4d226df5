#include "dist/abort.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <mpi.h>

namespace spikeforge::dist {

void abort_job(int exit_code, const std::string& message) {
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  // One write, so that the line does not interleave with other ranks' output.
  const std::string line =
      "spikeforge: error: rank " + std::to_string(rank) + " of " + std::to_string(size) + ": " + message + "\n";
  std::cerr << std::flush;
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);  // MPI_Abort does not return; this only satisfies [[noreturn]]
}

}  // namespace spikeforge::dist

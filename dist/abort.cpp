#include "dist/abort.hpp"

#include <cstdlib>
#include <iostream>

#include <mpi.h>

namespace spikeforge::dist {

void abort_job(int exit_code, const std::string& message) {
  int rank = 0;
  int size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  std::cerr << "spikeforge: error: rank " << rank << " of " << size << ": " << message << "\n" << std::flush;
  MPI_Abort(MPI_COMM_WORLD, exit_code);
  std::_Exit(exit_code);  // MPI_Abort does not return; this only satisfies [[noreturn]]
}

}  // namespace spikeforge::dist

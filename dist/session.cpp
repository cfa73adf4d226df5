#include "dist/session.hpp"

#include <cstdlib>
#include <cstring>

#include <mpi.h>

namespace spikeforge::dist {

bool launched_by_mpi() {
  for (const char* var : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"})
    if (std::getenv(var) != nullptr) return true;
  const char* force = std::getenv("SPIKEFORGE_MPI");
  return force != nullptr && std::strcmp(force, "1") == 0;
}

Session::Session(int& argc, char**& argv) {
  int initialized = 0;
  MPI_Initialized(&initialized);
  if (initialized == 0 && !launched_by_mpi()) return;
  if (initialized == 0) {
    int provided = 0;
    // FUNNELED: only the main thread calls MPI; OpenMP threads compute in between.
    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    owner_ = true;
  }
  active_ = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

Session::~Session() {
  if (!owner_) return;
  int finalized = 0;
  MPI_Finalized(&finalized);
  if (finalized == 0) MPI_Finalize();
}

}  // namespace spikeforge::dist

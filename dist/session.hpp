// The MPI job this process belongs to (issue #8): initialization, finalization, rank and size.
//
// Session is an RAII guard owned by main(): it initializes MPI only when the process was started
// by an MPI launcher (mpirun / mpiexec set OMPI_COMM_WORLD_SIZE, PMIX_RANK or PMI_RANK), or when
// SPIKEFORGE_MPI=1 forces a singleton init. Otherwise the program runs as one plain process
// without touching MPI (no start-up cost, no launcher needed). Finalizes on destruction.
#pragma once

namespace spikeforge::dist {

class Session {
 public:
  Session(int& argc, char**& argv);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  /// True if MPI was initialized (by this Session or before it).
  [[nodiscard]] bool active() const { return active_; }
  /// MPI_COMM_WORLD rank and size (0 and 1 when inactive).
  [[nodiscard]] int rank() const { return rank_; }
  [[nodiscard]] int size() const { return size_; }

 private:
  bool active_ = false;
  bool owner_ = false;  ///< This Session called MPI_Init and must finalize.
  int rank_ = 0;
  int size_ = 1;
};

/// True if the environment says an MPI launcher started this process (or SPIKEFORGE_MPI=1).
bool launched_by_mpi();

}  // namespace spikeforge::dist

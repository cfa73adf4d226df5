// The processes one spikeforge command runs on (issue #8). A plain launch is one process; under
// `mpirun -np K` (built with SPIKEFORGE_WITH_MPI) main() installs the MPI reducer here and every
// command that shards samples asks for its block. Only rank 0 prints and writes files
// (cli/output.hpp's helpers check is_root()).
#pragma once
#include <cstddef>
#include <string>
#include <vector>

#include "pipeline/context.hpp"
#include "trainer/reduce.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::cli {

/// The job's reducer: trainer::local_reducer() unless main() installed another.
const trainer::Reducer& job_reducer();
/// Installs `r` (owned by main(), outliving every command); nullptr restores the local one.
void set_job_reducer(const trainer::Reducer* r);

/// True on rank 0 (the only rank that prints results and writes outputs).
bool is_root();

/// The pipeline context of a command: the job's reducer, progress notes as "[stage] ..." lines
/// on stderr (rank 0 only), and trainer progress as one line per iteration (then cli::hooks()).
pipeline::Context job_context(const std::string& stage);

}  // namespace spikeforge::cli

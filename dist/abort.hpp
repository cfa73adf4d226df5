// Stopping a whole MPI job when one rank fails (issue #8): no rank may wait forever in a sum
// for a rank that has died.
#pragma once
#include <string>

namespace spikeforge::dist {

/// Prints "spikeforge: error: rank <r> of <K>: <message>" on stderr and ends every rank of the
/// job with MPI_Abort(MPI_COMM_WORLD, exit_code) (mpirun then exits non-zero). Requires an
/// active MPI session.
[[noreturn]] void abort_job(int exit_code, const std::string& message);

}  // namespace spikeforge::dist

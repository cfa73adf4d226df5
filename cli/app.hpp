// The spikeforge command line: parses argv, runs one subcommand, maps errors to exit codes.
// Exit codes: 0 success, 2 bad usage or configuration, 3 bad or missing input file, 1 anything else.
// Built with SPIKEFORGE_WITH_MPI and started by mpirun, the command runs on every rank (cli/job.hpp);
// an error on any rank ends the whole job (MPI_Abort with the exit code, message naming the rank).
//
// Hooks let a program that embeds the command line observe it: the stages `run` starts and the
// trainers' iterations (after the command's own progress reporting). The production binary
// (cli/main.cpp) passes none; the test driver (tests/cli/driver_main.cpp) uses them to simulate a
// crash after an iteration or a failing stage.
#pragma once
#include <functional>
#include <string>

#include "trainer/progress.hpp"

namespace spikeforge::cli {

struct Hooks {
  std::function<void(const std::string& stage)> stage_start;  ///< `run`: before each stage runs.
  trainer::ProgressFn iteration;                              ///< After each trainer progress report.
};

/// Runs the command line; returns the exit code.
int run_cli(int argc, char** argv, const Hooks& hooks = {});

/// The hooks of the running run_cli call (empty ones outside it).
const Hooks& hooks();

}  // namespace spikeforge::cli

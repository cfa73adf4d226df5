// Checkpoint files of sharded runs (issue #8), shared by both ADMM loops: every rank writes its own
// file (rank_checkpoint_path) with the shard it holds, and resuming checks that the number of
// ranks and the shard are the same.
#pragma once
#include <filesystem>

#include "trainer/checkpoint.hpp"
#include "trainer/reduce.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::trainer::admm {

/// Adds the shard's description to `cp`, writes it atomically to this rank's file and waits until
/// every rank has written its own (a barrier through `reducer`).
void write_rank_checkpoint(Checkpoint& cp, const std::filesystem::path& path, const Reducer& reducer,
                           const SampleShard& shard);

/// Reads this rank's file. ConfigError (naming the file and both values) if it was written by
/// another number of ranks or for other samples; InputError if it is missing or corrupt.
Checkpoint read_rank_checkpoint(const std::filesystem::path& path, const Reducer& reducer, const SampleShard& shard);

/// ConfigError unless every rank resumes from the same iteration (a crash between two ranks'
/// writes leaves them apart).
void check_same_iteration(int iteration, const std::filesystem::path& file, const Reducer& reducer);

}  // namespace spikeforge::trainer::admm

// Checkpoint files of sharded runs (trainer/admm/rank_checkpoint.hpp).
#include "trainer/admm/rank_checkpoint.hpp"

#include <cstdlib>
#include <string>

#include "core/errors.hpp"
#include "trainer/admm/admm.hpp"

namespace spikeforge::trainer::admm {

std::filesystem::path rank_checkpoint_path(const std::filesystem::path& path, int rank, int ranks) {
  if (ranks <= 1) return path;
  std::filesystem::path p = path;
  p += ".rank" + std::to_string(rank) + "-of-" + std::to_string(ranks);
  return p;
}

void write_rank_checkpoint(Checkpoint& cp, const std::filesystem::path& path, const Reducer& reducer,
                           const SampleShard& shard) {
  cp.put_int("dist/ranks", reducer.size());
  cp.put_int("dist/rank", reducer.rank());
  cp.put_int("dist/first_sample", static_cast<std::int64_t>(shard.first));
  cp.put_int("dist/total_samples", static_cast<std::int64_t>(shard.total));
  cp.write(rank_checkpoint_path(path, reducer.rank(), reducer.size()));
  (void)reducer.sum_scalar(0.0);  // barrier: no rank goes on (or stops) before every shard is on disk
}

Checkpoint read_rank_checkpoint(const std::filesystem::path& path, const Reducer& red, const SampleShard& shard) {
  const std::filesystem::path mine = rank_checkpoint_path(path, red.rank(), red.size());
  if (!std::filesystem::exists(mine)) {
    // Name the number of ranks the checkpoint was written with, if it is there under another K.
    int found = 0;
    if (std::filesystem::exists(path)) found = 1;
    const std::string prefix = path.filename().string() + ".rank0-of-";
    const auto dir = path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(prefix, 0) == 0) found = std::atoi(name.c_str() + prefix.size());
    }
    if (found > 0 && found != red.size())
      throw core::ConfigError("admm: checkpoint " + path.string() + " was written by " + std::to_string(found) +
                              " rank(s) but this run has " + std::to_string(red.size()) +
                              ": resume with the same number of ranks (mpirun -np " + std::to_string(found) + ")");
  }
  Checkpoint cp = Checkpoint::read(mine);
  if (cp.has("dist/ranks")) {
    const std::int64_t k = cp.get_int("dist/ranks");
    const auto first = static_cast<std::size_t>(cp.get_int("dist/first_sample"));
    const auto total = static_cast<std::size_t>(cp.get_int("dist/total_samples"));
    if (k != red.size())
      throw core::ConfigError("admm: checkpoint " + mine.string() + " was written by " + std::to_string(k) +
                              " rank(s) but this run has " + std::to_string(red.size()) +
                              ": resume with the same number of ranks");
    if (first != shard.first || total != shard.total)
      throw core::ConfigError("admm: checkpoint " + mine.string() + " holds samples from " + std::to_string(first) +
                              " of " + std::to_string(total) + " but this rank has samples from " +
                              std::to_string(shard.first) + " of " + std::to_string(shard.total) +
                              ": resume with the same --train-samples");
  }
  return cp;
}

void check_same_iteration(int iteration, const std::filesystem::path& file, const Reducer& reducer) {
  const double sum = reducer.sum_scalar(iteration);
  if (sum != static_cast<double>(iteration) * reducer.size())
    throw core::ConfigError("admm: checkpoint " + file.string() + " is at iteration " + std::to_string(iteration) +
                            " but the other ranks' checkpoints are not: the checkpoint set is inconsistent");
}

}  // namespace spikeforge::trainer::admm

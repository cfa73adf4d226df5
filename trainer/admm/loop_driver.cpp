// The shared iteration skeleton of the ADMM loops (trainer/admm/loop_driver.hpp).
#include "trainer/admm/loop_driver.hpp"

#include "trainer/admm/rank_checkpoint.hpp"

namespace spikeforge::trainer::admm {

void drive(const Settings& s, const LoopParts& parts, LoopCounters c, const CheckpointOptions& checkpoint,
           const Reducer& reducer, const SampleShard& shard, const ProgressFn& progress,
           const std::function<double()>& run_seconds, Result& result) {
  const int first_iteration = c.iteration;
  while (c.iteration < s.iterations) {
    const std::uint64_t bytes_before = reducer.bytes_sent();
    const double sum_s_before = reducer.sum_seconds();
    std::map<std::string, double> extra = parts.iterate();
    ++c.iteration;
    const bool last = c.iteration == s.iterations;
    const bool eval_val = last || c.iteration % s.val_every == 0;
    parts.record(std::move(extra), eval_val);
    if (reducer.size() > 1) {  // every sum of the iteration, the monitor's included
      c.history.back().metrics["comm_bytes"] = static_cast<double>(reducer.bytes_sent() - bytes_before);
      c.history.back().metrics["time_comm_s"] = reducer.sum_seconds() - sum_s_before;
    }
    if (parts.after_record) parts.after_record();
    const bool stop = eval_val && c.best.exhausted(s.patience);
    if (!checkpoint.path.empty() && checkpoint.every > 0 && c.iteration % checkpoint.every == 0) {
      Checkpoint cp;
      parts.save(cp);
      write_rank_checkpoint(cp, checkpoint.path, reducer, shard);
    }
    if (progress)
      progress(paced_progress("admm", c.iteration, s.iterations, c.seconds, c.iteration - first_iteration, run_seconds(),
                              c.history.back().metrics));
    if (stop) {
      result.early_stopped = true;
      break;
    }
  }
}

}  // namespace spikeforge::trainer::admm

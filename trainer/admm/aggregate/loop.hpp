// The training loop of the aggregate-identity lever (Settings::aggregate), called by train().
#pragma once
#include "core/spikes.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/projection.hpp"
#include "trainer/reduce.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::trainer::admm {

/// train() with Settings::aggregate: settings already validated, inputs checked. Sums over samples
/// go through `reducer`, so shards of one training set give the result of the whole set (`train`
/// and `val` hold this rank's samples; `shard` places them in the global order). An enabled
/// `projection` trains on its grid (trainer/admm/aggregate/grid.hpp); no checkpoints then.
Result train_aggregate(const Settings& settings, const core::SpikeBatch& train, const core::SpikeBatch* val,
                       const ProgressFn& progress, const CheckpointOptions& checkpoint, const Reducer& reducer,
                       const SampleShard& shard, const WeightProjection& projection = {});

}  // namespace spikeforge::trainer::admm

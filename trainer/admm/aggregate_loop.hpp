// The training loop of the aggregate-identity lever (Settings::aggregate), called by train().
#pragma once
#include "core/spikes.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/reduce.hpp"

namespace spikeforge::trainer::admm {

/// train() with Settings::aggregate: settings already validated, inputs checked. Sums over samples
/// go through `reducer`, so shards of one training set give the result of the whole set.
Result train_aggregate(const Settings& settings, const core::SpikeBatch& train, const core::SpikeBatch* val,
                       const ProgressFn& progress, const CheckpointOptions& checkpoint, const Reducer& reducer);

}  // namespace spikeforge::trainer::admm

// The simulate stage: one sample through a float (net.json) or fixed (net.q.json) network, with
// every layer's spikes and state per step, for debugging and for comparing against other
// simulators; and the spikes.json form of input spikes that it reads (and `eval --save-inputs`
// writes).
//
// spikes.json: {"steps": T, "inputs": n, "events": [[t, i], ...]}  (t in [0, T), i in [0, n))
//              (eval --save-inputs writes {"steps", "inputs", "classes", "samples": [{"label", "events"}]})
// trace:       {"model": "float" | "fixed", "steps": T (T + L with lava timing), "timing" and
//               "profile" (fixed only), "prediction": k, "output": [...],
//               "layers": [ {"outputs": n_l, "spikes": [[t, neuron], ...],
//                            "u": [[...] per step] (fixed only), "v": [[...] per step]} ],
//               "event_counts": {...} (fixed only)}
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "core/spikes.hpp"
#include "pipeline/model.hpp"
#include "quantizer/golden.hpp"

namespace spikeforge::pipeline {

/// Reads spikes.json into a one-sample batch (label 0, `classes` classes). InputError naming the
/// file, the field and the value; `what` names the option in a missing-file error.
core::SpikeBatch read_spikes_json(const std::string& path, int classes, const std::string& what);

/// Every sample of `batch` with its label, in the form above (eval --save-inputs).
nlohmann::json spikes_document(const core::SpikeBatch& batch);

/// The trace of sample 0 of `batch` through `m`. ConfigError if the batch's inputs differ from the
/// network's (naming `input_name` and the model's path), or a float model is asked for lava timing.
nlohmann::json trace(const Model& m, const core::SpikeBatch& batch, quantizer::Timing timing, const std::string& input_name);

}  // namespace spikeforge::pipeline

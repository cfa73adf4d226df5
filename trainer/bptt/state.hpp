// The complete BPTT training state between epochs, and its checkpoint form
// (trainer/checkpoint.hpp container). Restoring it resumes a run bit-identically.
//
// Blobs: "bptt/fingerprint" (text: settings and data shape the state belongs to), "bptt/epoch",
// "bptt/seconds", "bptt/rng", "bptt/adam_step", per layer l: "bptt/w<l>", "bptt/b<l>",
// "bptt/mw<l>", "bptt/vw<l>", "bptt/mb<l>", "bptt/vb<l>", and "bptt/history" (text, one line per
// record: "<iteration> <seconds> <name>=<value> ..." with 17 significant digits).
#pragma once
#include <filesystem>
#include <random>
#include <string>

#include "trainer/bptt/adam.hpp"
#include "trainer/bptt/kernel.hpp"
#include "trainer/history.hpp"

namespace spikeforge::trainer::bptt {

struct TrainState {
  Model<float> model;
  AdamState adam;
  std::mt19937_64 rng;
  int epoch = 0;          ///< Epochs completed.
  double seconds = 0.0;   ///< Training wall time so far [s].
  History history;
};

/// Writes `state` atomically to `path` (OutputError on failure).
void save_state(const TrainState& state, const std::string& fingerprint, const std::filesystem::path& path);

/// Reads a state written by save_state into `state`, whose model must already have the expected
/// shapes and neuron constants (only weights, biases, moments, RNG, epoch, time and history are
/// replaced). InputError if the file is missing/corrupt or a blob has the wrong shape; ConfigError
/// if its fingerprint differs from `fingerprint` (the message shows both).
void load_state(const std::filesystem::path& path, const std::string& fingerprint, TrainState& state);

}  // namespace spikeforge::trainer::bptt

// Keep-best and early stopping (levers 5 and 6), shared by both ADMM loops: the best network seen
// at a validation check, and how many checks have passed without a gain. Stored in checkpoints so
// a resumed run picks the same network.
#pragma once
#include <string>
#include <vector>

#include "core/network.hpp"
#include "trainer/admm/admm.hpp"
#include "trainer/admm/settings.hpp"
#include "core/spikes.hpp"
#include "trainer/checkpoint.hpp"
#include "trainer/reduce.hpp"

namespace spikeforge::trainer::admm {

/// Accuracy of the float network `layers` on `data`, over every rank's samples (the score a
/// validation check hands to KeepBest::consider).
double accuracy_of(const std::vector<core::Layer>& layers, const core::SpikeBatch& data, const Reducer& reducer);

/// The same accuracy and, from the same simulation, every hidden layer's firing rate
/// [spikes per neuron per step] over all ranks' samples. The simulation is feature_pass
/// (trainer/admm/aggregate/feature_pass.hpp), or its twin core::simulate with `reference`: same bits.
struct Scored {
  double accuracy = 0.0;
  std::vector<double> hidden_rates;
};
Scored accuracy_and_rates(const std::vector<core::Layer>& layers, const core::SpikeBatch& data, const Reducer& reducer,
                          bool reference = false);

struct KeepBest {
  double score = -1.0;              ///< Best validation (or train) accuracy so far; −1 = none yet.
  int iteration = -1;               ///< Iteration that reached it.
  int checks_without_gain = 0;
  std::vector<core::Layer> layers;  ///< Its network (hidden layers, then the output integrator).

  /// One validation check at `at` with accuracy `value` of the network `net`.
  void consider(double value, int at, const std::vector<core::Layer>& net);
  /// Lever 6: true when `patience` > 0 checks have passed without a gain.
  [[nodiscard]] bool exhausted(int patience) const { return patience > 0 && checks_without_gain >= patience; }

  /// Sets r.net.layers and r.best_iteration: the kept network if levers 5/6 are on and a check kept
  /// one, else `last()` at iteration `now`.
  template <class Last>
  void choose(Result& r, const Settings& s, int now, Last&& last) const {
    if ((s.keep_best || s.patience > 0) && !layers.empty()) {
      r.net.layers = layers;
      r.best_iteration = iteration;
    } else {
      r.net.layers = last();
      r.best_iteration = now;
    }
  }

  /// Blobs best_score, best_iteration, checks_without_gain, best_layers, best_w/<l>, best_b/<l>.
  void save(Checkpoint& cp) const;
  /// Restores what save() wrote; neuron parameters come from `s` (hidden spiking, last an integrator).
  void load(const Checkpoint& cp, const Settings& s);
};

/// Layers in a checkpoint: count "<prefix>_layers", weights "<prefix>_w/<l>", biases "<prefix>_b/<l>".
void put_layers(Checkpoint& cp, const std::string& prefix, const std::vector<core::Layer>& layers);
/// Reads what put_layers wrote (InputError on a bias of the wrong length). Neuron parameters come
/// from `s`; every layer spikes except the last when `output_last` (the output integrator).
std::vector<core::Layer> get_layers(const Checkpoint& cp, const std::string& prefix, const Settings& s, bool output_last);

}  // namespace spikeforge::trainer::admm

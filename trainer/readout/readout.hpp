// The readout baseline: random (seeded) hidden weights scaled so hidden neurons fire at a target
// rate, output layer fitted in closed form (ridge) on the hidden layers' real forward spikes.
//
// The output integrator's final potential is v_{L,T} = Σ_t δ^{T−t} (W s_t + b) = W f + b·c with
// f = Σ_t δ^{T−t} s_{L−1,t} (δ-discounted spike sum) and c = Σ_t δ^{T−t}; (W, b) solve the ridge
// regression of v_{L,T} on the one-hot label.
#pragma once
#include <cstdint>
#include <vector>

#include <Eigen/Core>

#include "core/network.hpp"
#include "core/spikes.hpp"
#include "trainer/history.hpp"
#include "trainer/progress.hpp"
#include "trainer/reduce.hpp"
#include "trainer/shard.hpp"

namespace spikeforge::trainer::readout {

struct Settings {
  std::vector<int> hidden;         ///< Hidden sizes, at least one, each > 0.
  double leak = 0.95;              ///< δ ∈ (0, 1].
  double threshold = 1.0;          ///< θ > 0.
  core::ResetMode reset = core::ResetMode::subtract;
  double gamma = 1e-3;             ///< Ridge ≥ 0, relative to the mean diagonal of the feature Gram.
  double target_rate = 0.1;        ///< Mean hidden firing rate the weight scale is tuned to [spikes/step], (0, 1).
  std::uint64_t seed = 1;
  int threads = 0;
  void validate() const;           ///< ConfigError "readout: <field> = <value> ...".
};

struct Result {
  core::FloatNetwork net;
  History history;                 ///< One record with the fit's timings and train accuracy.
  std::vector<double> layer_scales;  ///< Weight scale chosen per hidden layer.
  double seconds = 0.0;
};

/// Random hidden layers with weights ~ N(0, 1)·scale, scale bisected (on up to 512 samples) so
/// the layer's mean firing rate ≈ target_rate. Layer l's scale depends on layers < l.
/// Sharded (issue #8): `data` is this rank's shard starting at global sample `first_sample`; the
/// calibration set is still the global first 512 samples (spike counts summed by `reducer`).
std::vector<core::Layer> random_hidden_layers(const std::vector<int>& hidden, int inputs, double leak, double threshold,
                                              core::ResetMode reset, double target_rate, std::uint64_t seed,
                                              const core::SpikeBatch& data, std::vector<double>* scales = nullptr,
                                              const Reducer& reducer = local_reducer(), std::size_t first_sample = 0);

/// The ridge-fitted output layer (integrator, leak δ) on top of `hidden` for `data`.
/// gamma is relative to the mean diagonal of the feature Gram.
core::Layer fit_output_layer(const std::vector<core::Layer>& hidden, const core::SpikeBatch& data, double leak,
                             double gamma);

/// f_l = Σ_t δ^{T−1−t} s_{l,t} of every layer l of `hidden` (n_l × N each), from the hard-spike
/// forward simulation (core::simulate, in chunks of samples).
std::vector<Eigen::MatrixXf> layer_features(const std::vector<core::Layer>& hidden, const core::SpikeBatch& data,
                                            double leak);

/// f of the last of `hidden` (n × N): layer_features(...).back().
Eigen::MatrixXf discounted_features(const std::vector<core::Layer>& hidden, const core::SpikeBatch& data, double leak);

/// Ridge fit of an integrator output layer on features f (n × N): v_T = W f + b·c, c = Σ_t δ^{T−1−t},
/// target one-hot(label). gamma is relative to the mean diagonal of the feature Gram.
/// Sharded: f holds this rank's samples; the Gram and cross terms are summed by `reducer`.
core::Layer fit_output_on_features(const Eigen::MatrixXf& f, const std::vector<int>& labels, int classes, int steps,
                                   double leak, double gamma, const Reducer& reducer = local_reducer());

/// argmax_k (W f + b·c)_k per sample (ties → lowest index), i.e. the network's prediction.
std::vector<int> predict_from_features(const core::Layer& output, const Eigen::MatrixXf& f, int steps);

/// Sharded (issue #8): `train` is this rank's shard (`shard` says where it sits; {} = everything);
/// every rank returns the same network.
Result train(const Settings& settings, const core::SpikeBatch& train, const ProgressFn& progress,
             const Reducer& reducer = local_reducer(), SampleShard shard = {});

}  // namespace spikeforge::trainer::readout

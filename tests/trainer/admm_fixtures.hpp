// Small ADMM problems for the trainer tests: a random sparse spike batch and a state with
// non-trivial weights and variables, so every block has something to do.
#pragma once
#include <random>

#include "core/spikes.hpp"
#include "trainer/admm/blocks.hpp"
#include "trainer/admm/monitor.hpp"
#include "trainer/admm/state.hpp"

namespace spikeforge::test {

/// `samples` samples, T steps, `inputs` channels, each active with probability `p`, labels cycling.
inline core::SpikeBatch random_batch(std::size_t samples, int steps, int inputs, int classes, double p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution on(p);
  core::SpikeBatch batch(steps, inputs, classes);
  std::vector<std::uint32_t> active;
  for (std::size_t s = 0; s < samples; ++s) {
    batch.begin_sample(static_cast<int>(s % static_cast<std::size_t>(classes)));
    for (int t = 0; t < steps; ++t) {
      active.clear();
      for (int i = 0; i < inputs; ++i)
        if (on(rng)) active.push_back(static_cast<std::uint32_t>(i));
      batch.add_step(active);
    }
  }
  return batch;
}

/// Settings for block tests (ridge γ > 0 so every W block is a strictly convex problem).
inline trainer::admm::Settings small_settings(std::vector<int> hidden) {
  trainer::admm::Settings s = trainer::admm::Settings::paper();
  s.hidden = std::move(hidden);
  s.gamma = 0.05;
  s.beta = 0.3;
  s.rho = 0.7;
  s.iterations = 3;
  return s;
}

/// A state after the paper's init plus random weights, λ and a few z values near θ.
inline trainer::admm::State small_state(const trainer::admm::Settings& s, const trainer::admm::Problem& p, std::uint64_t seed) {
  auto st = trainer::admm::init_state(s, p);
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0F, 0.5F);
  for (auto& w : st.w)
    for (Eigen::Index i = 0; i < w.size(); ++i) w.data()[i] = normal(rng);
  for (Eigen::Index i = 0; i < st.lambda.size(); ++i) st.lambda.data()[i] = normal(rng);
  std::fill(st.u_dirty.begin(), st.u_dirty.end(), true);
  trainer::admm::refresh_input_currents(p, st);
  return st;
}

/// Adds eps·D (D standard normal, drawn from `rng`) to `m`.
inline void perturb(Eigen::MatrixXf& m, float eps, std::mt19937_64& rng) {
  std::normal_distribution<float> normal(0.0F, 1.0F);
  for (Eigen::Index i = 0; i < m.size(); ++i) m.data()[i] += eps * normal(rng);
}

/// The lowest augmented Lagrangian over `trials` copies of `st`, each changed by `change(copy, rng)`
/// (which must mark the input currents it invalidates as dirty).
template <class Change>
double min_changed_lagrangian(const trainer::admm::Settings& s, const trainer::admm::Problem& p,
                              const trainer::admm::State& st, int trials, Change change) {
  std::mt19937_64 rng(99);
  double best = 1e300;
  for (int k = 0; k < trials; ++k) {
    trainer::admm::State copy = st;
    change(copy, rng);
    trainer::admm::refresh_input_currents(p, copy);
    best = std::min(best, trainer::admm::augmented_lagrangian(s, p, copy));
  }
  return best;
}

}  // namespace spikeforge::test

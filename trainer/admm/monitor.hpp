// ADMM monitoring: the augmented Lagrangian (accumulated in double) and the residuals per layer.
#pragma once
#include <map>
#include <string>

#include "trainer/admm/state.hpp"

namespace spikeforge::trainer::admm {

/// The full augmented Lagrangian of trainer/admm/blocks.hpp (sum over samples, not normalized),
/// including the ridge term (ργ/2)Σ||W||². Requires fresh u (refresh_input_currents).
double augmented_lagrangian(const Settings& s, const Problem& p, const State& st);

/// Named per-iteration metrics (all per sample or RMS):
///   lagrangian   L / N
///   loss         ||z_{L,T} − y||² / N
///   primal_res   RMS of c_{L,T} (the constraint with a multiplier)
///   dyn_res_l<k> RMS of c_{k,t} over t and neurons (hidden k = 1.., output k = L)
///   spike_res_l<k> RMS of a − H(z − θ) of hidden layer k
/// Requires fresh u.
std::map<std::string, double> residual_metrics(const Settings& s, const Problem& p, const State& st);

}  // namespace spikeforge::trainer::admm

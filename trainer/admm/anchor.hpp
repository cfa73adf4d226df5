// Re-anchoring (improved-variant lever 2, and the random init): sets the ADMM variables to the
// hard-spike forward pass of the current weights, so every hidden constraint holds exactly and
// a = H(z − θ): z_{l,t} = v_{l,t}, a_{l,t} = s_{l,t}, z_{L,t} = v_{L,t} (core::simulate).
#pragma once
#include "trainer/admm/state.hpp"

namespace spikeforge::trainer::admm {

void anchor_to_forward(const Settings& s, const Problem& p, State& st);

}  // namespace spikeforge::trainer::admm

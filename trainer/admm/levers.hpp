// The per-iteration levers of the per-step ADMM loop (trainer/admm/trainer.cpp), each a named
// function of the settings and the state so that the loop reads as its block order
// (docs/admm.md). Lever 2 (re-anchoring) is anchor_to_forward (trainer/admm/anchor.hpp); levers
// 5 and 6 (keep-best, early stop) are KeepBest (trainer/admm/keep_best.hpp).
#pragma once
#include "trainer/admm/state.hpp"

namespace spikeforge::trainer::admm {

/// Residual balancing (lever 4): act when one residual is this many times the other ...
inline constexpr double kBalanceMu = 10.0;
/// ... by multiplying / dividing ρ by this.
inline constexpr double kBalanceTau = 2.0;

/// Lever 3, β continuation: β ← min(β_max, β · beta_growth) when beta_growth > 1; else unchanged.
void continue_beta(const Settings& s, State& st);

/// Lever 2's schedule: true when `done` iterations are finished and re-anchoring is due
/// (reanchor_every > 0 and done is a multiple of it).
[[nodiscard]] bool reanchor_due(const Settings& s, int done);

/// Lever 4, residual balancing of ρ (Boyd et al. §3.4.1), after the warm-up iterations:
/// ρ ← ρ·τ if primal > μ·dual, ρ ← ρ/τ if dual > μ·primal, else unchanged (μ = kBalanceMu,
/// τ = kBalanceTau). No-op unless adaptive_rho is on and st.iteration > warmup.
void balance_rho(const Settings& s, State& st, double primal_res, double dual_res);

}  // namespace spikeforge::trainer::admm

// Tests of pipeline/pareto.cpp against a brute-force dominance check.
#include <catch2/catch.hpp>

#include <random>

#include "pipeline/pareto.hpp"

using spikeforge::pipeline::pareto_front;
using spikeforge::pipeline::pick_within;
using spikeforge::pipeline::TradeoffPoint;

namespace {
/// Plain twin: i is on the front if no j has (energy ≤, accuracy ≥) with one of them strict, and
/// no earlier j has the same energy and accuracy.
bool on_front_brute(const std::vector<TradeoffPoint>& p, std::size_t i) {
  for (std::size_t j = 0; j < p.size(); ++j) {
    if (j == i) continue;
    const bool weakly = p[j].energy <= p[i].energy && p[j].accuracy >= p[i].accuracy;
    const bool strictly = p[j].energy < p[i].energy || p[j].accuracy > p[i].accuracy;
    if (weakly && (strictly || j < i)) return false;
  }
  return true;
}
}  // namespace

TEST_CASE("pareto front: a hand-made sweep") {
  const std::vector<TradeoffPoint> p = {{0.85, 30.0}, {0.84, 2.0}, {0.80, 1.0}, {0.86, 35.0}, {0.83, 5.0}};
  CHECK(pareto_front(p) == std::vector<std::size_t>{2, 1, 0, 3});
  // Best 0.86; within 1 point: 0.85 (30) and 0.86 (35) -> the cheaper.
  CHECK(pick_within(p, 0.01) == 0U);
  CHECK(pick_within(p, 0.03) == 1U);
  CHECK(pick_within(p, 1.0) == 2U);
  CHECK_FALSE(pick_within({}, 0.01).has_value());
}

TEST_CASE("pareto front equals the brute-force dominance check on random sweeps") {
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> coarse(0, 6);  // coarse values: many ties
  for (int trial = 0; trial < 200; ++trial) {
    std::vector<TradeoffPoint> p(1 + trial % 9);
    for (auto& x : p) x = {coarse(rng) / 6.0, static_cast<double>(coarse(rng))};
    const auto front = pareto_front(p);
    std::vector<bool> in(p.size(), false);
    for (const auto i : front) in[i] = true;
    for (std::size_t i = 0; i < p.size(); ++i) {
      INFO("trial " << trial << " point " << i);
      CHECK(in[i] == on_front_brute(p, i));
    }
    for (std::size_t k = 1; k < front.size(); ++k) CHECK(p[front[k - 1]].energy <= p[front[k]].energy);
  }
}

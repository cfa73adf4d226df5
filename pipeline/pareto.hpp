// The accuracy–energy trade-off of a sweep (`spikeforge explore`): which points are on the Pareto
// front (no other point is at least as accurate for less energy) and which one a deployment should
// take by default: the lowest energy whose accuracy is within `tolerance` of the best point's.
#pragma once
#include <cstddef>
#include <optional>
#include <vector>

namespace spikeforge::pipeline {

struct TradeoffPoint {
  double accuracy = 0.0;  ///< Fraction in [0, 1] (higher is better).
  double energy = 0.0;    ///< Per inference, any unit (lower is better).
};

/// Indices of the points on the front, by ascending energy. A point is on it if every point of
/// lower energy is strictly less accurate and no point of equal energy is more accurate (ties in
/// both keep the first index).
std::vector<std::size_t> pareto_front(const std::vector<TradeoffPoint>& points);

/// The index of the lowest-energy point with accuracy ≥ best − tolerance (ties: the more accurate,
/// then the first); nullopt for no points.
std::optional<std::size_t> pick_within(const std::vector<TradeoffPoint>& points, double tolerance);

}  // namespace spikeforge::pipeline

#include "pipeline/pareto.hpp"

#include <algorithm>
#include <numeric>

namespace spikeforge::pipeline {

std::vector<std::size_t> pareto_front(const std::vector<TradeoffPoint>& points) {
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Ascending energy; at equal energy the more accurate first, then the lower index.
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (points[a].energy != points[b].energy) return points[a].energy < points[b].energy;
    return points[a].accuracy > points[b].accuracy;
  });
  std::vector<std::size_t> front;
  bool any = false;
  double best = 0.0;
  for (const std::size_t i : order) {
    if (!any || points[i].accuracy > best) {
      front.push_back(i);
      best = points[i].accuracy;
      any = true;
    }
  }
  return front;
}

std::optional<std::size_t> pick_within(const std::vector<TradeoffPoint>& points, double tolerance) {
  if (points.empty()) return std::nullopt;
  double best = points.front().accuracy;
  for (const auto& p : points) best = std::max(best, p.accuracy);
  std::optional<std::size_t> pick;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (points[i].accuracy < best - tolerance) continue;
    if (!pick || points[i].energy < points[*pick].energy ||
        (points[i].energy == points[*pick].energy && points[i].accuracy > points[*pick].accuracy))
      pick = i;
  }
  return pick;
}

}  // namespace spikeforge::pipeline

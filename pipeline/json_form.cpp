#include "pipeline/json_form.hpp"

namespace spikeforge::pipeline {

nlohmann::json history_to_json(const trainer::History& history) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : history) {
    nlohmann::json row = {{"iteration", r.iteration}, {"seconds", r.seconds}};
    for (const auto& [k, v] : r.metrics) row[k] = v;
    rows.push_back(std::move(row));
  }
  return rows;
}

nlohmann::json confusion_to_json(const Eigen::Matrix<std::int64_t, Eigen::Dynamic, Eigen::Dynamic>& confusion) {
  nlohmann::json rows = nlohmann::json::array();
  for (Eigen::Index r = 0; r < confusion.rows(); ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (Eigen::Index c = 0; c < confusion.cols(); ++c) row.push_back(confusion(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

nlohmann::json firing_rates_to_json(const std::vector<core::LayerRate>& rates, const std::vector<bool>& spiking) {
  nlohmann::json out = nlohmann::json::array();
  for (std::size_t l = 0; l < rates.size(); ++l) {
    const bool spikes = l < spiking.size() && spiking[l];
    nlohmann::json per = nlohmann::json::array();
    if (spikes)
      for (Eigen::Index k = 0; k < rates[l].per_neuron.size(); ++k) per.push_back(rates[l].per_neuron(k));
    out.push_back({{"layer", l},
                   {"spiking", spikes},
                   {"mean", spikes ? nlohmann::json(rates[l].mean) : nlohmann::json(nullptr)},
                   {"per_neuron", std::move(per)}});
  }
  return out;
}

}  // namespace spikeforge::pipeline

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "core/metrics.hpp"

using namespace spikeforge::core;

TEST_CASE("accuracy counts exact matches", "[metrics]") {
  CHECK(accuracy({0, 1, 2, 1}, {0, 1, 1, 1}) == 0.75);
  CHECK(accuracy({}, {}) == 0.0);
  REQUIRE_THROWS_AS(accuracy({0, 1}, {0}), ConfigError);
}

TEST_CASE("confusion matrix: rows are true labels, columns predictions", "[metrics]") {
  const auto m = confusion_matrix({0, 2, 2, 1, 0}, {0, 1, 2, 1, 2}, 3);
  REQUIRE(m.rows() == 3);
  REQUIRE(m.cols() == 3);
  CHECK(m(0, 0) == 1);
  CHECK(m(1, 2) == 1);  // Label 1 predicted as 2.
  CHECK(m(1, 1) == 1);
  CHECK(m(2, 2) == 1);
  CHECK(m(2, 0) == 1);  // Label 2 predicted as 0.
  CHECK(m.sum() == 5);
  CHECK(m.trace() == 3);
  REQUIRE_THROWS_WITH(confusion_matrix({3}, {0}, 3), Catch::Contains("prediction 3"));
  REQUIRE_THROWS_AS(confusion_matrix({0}, {0}, 0), ConfigError);
}

TEST_CASE("firing rates are spikes per neuron per step averaged over samples", "[metrics]") {
  Eigen::VectorXd hidden(2);
  hidden << 10.0, 30.0;  // Totals over 4 samples × 5 steps.
  const auto rates = firing_rates({hidden, Eigen::VectorXd::Zero(3)}, 4, 5);
  REQUIRE(rates.size() == 2);
  CHECK(rates[0].per_neuron(0) == 0.5);
  CHECK(rates[0].per_neuron(1) == 1.5);
  CHECK(rates[0].mean == 1.0);
  CHECK(rates[1].mean == 0.0);
  CHECK(firing_rates({hidden}, 0, 5)[0].mean == 0.0);
  REQUIRE_THROWS_AS(firing_rates({hidden}, 1, 0), ConfigError);
}

#include "export/fixed_checks.hpp"

#include <catch2/catch.hpp>

#include "core/errors.hpp"
#include "export/fixed_fixture.hpp"

namespace sf = spikeforge;

TEST_CASE("check_fixed_network accepts a valid network", "[export][fixed_checks]") {
  const auto net = sf::test::make_fixed_network({5, 4, 3}, sf::core::ResetMode::subtract);
  REQUIRE_NOTHROW(sf::exporter::check_fixed_network(net, "export test"));
}

TEST_CASE("check_fixed_network names the exporter, layer and field", "[export][fixed_checks]") {
  auto net = sf::test::make_fixed_network({5, 4, 3}, sf::core::ResetMode::zero);
  net.layers[1].dv = 5000;
  try {
    sf::exporter::check_fixed_network(net, "export netx");
    FAIL("expected a ConfigError");
  } catch (const sf::core::ConfigError& e) {
    const std::string msg = e.what();
    CHECK(msg.find("export netx") != std::string::npos);
    CHECK(msg.find("dv") != std::string::npos);
    CHECK(msg.find("5000") != std::string::npos);
  }
}

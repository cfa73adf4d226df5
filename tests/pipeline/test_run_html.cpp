// Tests of pipeline/run/html.cpp: the page embeds the report safely and has every figure.
#include <catch2/catch.hpp>

#include "pipeline/run/html.hpp"

namespace run = spikeforge::pipeline::run;

TEST_CASE("run html: report text cannot close the embedding script element") {
  const nlohmann::json report = {{"out", "</script><script>alert(1)</script>"}};
  const std::string page = run::render_html(report);
  CHECK(page.find("alert(1)</script>") == std::string::npos);
  CHECK(page.find("\\u003c/script>\\u003cscript>alert(1)") != std::string::npos);
}

TEST_CASE("run html: every figure id is in the page, and nothing is loaded from the network") {
  const std::string page = run::render_html(nlohmann::json::object());
  for (const auto& id : run::html_figure_ids()) CHECK(page.find("id=\"" + id + "\"") != std::string::npos);
  CHECK(page.find("https://") == std::string::npos);
  CHECK(page.find("src=\"http") == std::string::npos);
}

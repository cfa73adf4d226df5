// explore.html of `spikeforge explore`: one self-contained page (inline CSS and SVG, no script, no
// network) with the accuracy–energy scatter of every point, the Pareto front as a line, the
// recommended point marked, and the table of points. Every point is a <circle class="point"
// data-id="...">; the front is <polyline id="front">; tests/cli/check_explore.py counts them
// in headless Chromium.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace spikeforge::cli {

/// The page for `explore` (the layout of explore.json: cli/cmd_explore.cpp).
std::string render_explore_html(const nlohmann::json& explore);

}  // namespace spikeforge::cli

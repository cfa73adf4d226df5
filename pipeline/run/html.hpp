// report.html of `spikeforge run`: one self-contained page (inline CSS, inline SVG drawn by inline
// JS from the embedded report.json; no network access). Every figure is a <figure id="fig-...">
// that the script marks data-ok="1" once drawn; script errors are recorded on <body
// data-js-errors="...">, and <body data-rendered="1"> is set when the script finished
// (tests/cli/check_report_html.py checks these in headless Chromium).
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace spikeforge::pipeline::run {

/// Ids of the figures the page contains.
const std::vector<std::string>& html_figure_ids();

/// The whole page for `report` (assemble_report's layout).
std::string render_html(const nlohmann::json& report);

}  // namespace spikeforge::pipeline::run

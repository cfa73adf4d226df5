#include "cli/explore_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace spikeforge::cli {

using nlohmann::json;

namespace {

std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string num(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

std::string render_explore_html(const json& e) {
  constexpr double kW = 720, kH = 420, kL = 70, kR = 20, kT = 20, kB = 50;  // plot box [px]
  const json& pts = e.at("points");
  std::vector<const json*> done;
  for (const auto& p : pts)
    if (p.value("status", "") == "done") done.push_back(&p);
  double emin = 1e300, emax = -1e300, amin = 1.0, amax = 0.0;
  for (const json* p : done) {
    const double en = p->at("energy_j").get<double>(), ac = p->at("fixed_accuracy").get<double>();
    emin = std::min(emin, en), emax = std::max(emax, en), amin = std::min(amin, ac), amax = std::max(amax, ac);
  }
  if (done.empty()) emin = 1e-9, emax = 1e-6, amin = 0, amax = 1;
  // Log energy axis, padded by 10 % of a decade; accuracy padded by one point.
  const double lx0 = std::log10(emin) - 0.1, lx1 = std::log10(emax) + 0.1;
  const double ay0 = std::max(0.0, amin - 0.01), ay1 = std::min(1.0, amax + 0.01) + (amax - amin < 1e-9 ? 0.01 : 0.0);
  auto X = [&](double en) { return kL + (std::log10(en) - lx0) / (lx1 - lx0) * (kW - kL - kR); };
  auto Y = [&](double ac) { return kT + (1.0 - (ac - ay0) / (ay1 - ay0)) * (kH - kT - kB); };

  std::ostringstream svg;
  svg << "<svg xmlns='http://www.w3.org/2000/svg' width='" << kW << "' height='" << kH << "' viewBox='0 0 " << kW << " "
      << kH << "'>";
  svg << "<rect x='" << kL << "' y='" << kT << "' width='" << kW - kL - kR << "' height='" << kH - kT - kB
      << "' fill='none' stroke='#999'/>";
  for (int d = static_cast<int>(std::ceil(lx0)); d <= static_cast<int>(std::floor(lx1)); ++d) {
    const double x = X(std::pow(10.0, d));
    svg << "<line x1='" << x << "' x2='" << x << "' y1='" << kT << "' y2='" << kH - kB << "' stroke='#eee'/>"
        << "<text x='" << x << "' y='" << kH - kB + 16 << "' text-anchor='middle' font-size='11'>1e" << d << "</text>";
  }
  for (int k = 0; k <= 4; ++k) {
    const double a = ay0 + (ay1 - ay0) * k / 4.0;
    svg << "<text x='" << kL - 6 << "' y='" << Y(a) + 4 << "' text-anchor='end' font-size='11'>" << num("%.1f", 100 * a)
        << "%</text>";
  }
  svg << "<text x='" << (kW + kL) / 2 << "' y='" << kH - 10 << "' text-anchor='middle' font-size='12'>energy per inference [J] ("
      << esc(e.value("energy_set", "")) << ", RTL counters)</text>";
  svg << "<text transform='translate(16," << (kH - kB + kT) / 2
      << ") rotate(-90)' text-anchor='middle' font-size='12'>fixed-point test accuracy</text>";
  std::string line;
  for (const auto& id : e.at("pareto_front")) {
    for (const json* p : done) {
      if (p->at("id") != id) continue;
      line += num("%.1f", X(p->at("energy_j").get<double>())) + "," + num("%.1f", Y(p->at("fixed_accuracy").get<double>())) + " ";
    }
  }
  svg << "<polyline id='front' points='" << line << "' fill='none' stroke='#d62728' stroke-width='1.5'/>";
  const std::string rec = e.value("recommended", json()).is_string() ? e["recommended"].get<std::string>() : "";
  for (const json* p : done) {
    const std::string id = p->at("id").get<std::string>();
    const bool r = id == rec;
    svg << "<circle class='point' data-id='" << esc(id) << "' cx='" << num("%.1f", X(p->at("energy_j").get<double>()))
        << "' cy='" << num("%.1f", Y(p->at("fixed_accuracy").get<double>())) << "' r='" << (r ? 7 : 5) << "' fill='"
        << (p->at("method") == "bptt" ? "#1f77b4" : "#2ca02c") << "' stroke='" << (r ? "#000" : "none")
        << "' stroke-width='2'><title>" << esc(id) << "</title></circle>";
  }
  svg << "</svg>";

  std::ostringstream h;
  h << "<!doctype html><html><head><meta charset='utf-8'><title>spikeforge explore</title><style>"
       "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;font-size:13px}"
       "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}"
       "tr.front td{font-weight:bold}tr.rec td{background:#fff5cc}</style></head><body>";
  h << "<h1>Accuracy against energy</h1><p>" << done.size() << " of " << pts.size()
    << " points done. Green: ADMM, blue: BPTT; red line: Pareto front; black ring: recommended (" << esc(rec.empty() ? "none" : rec)
    << ": the lowest energy within " << num("%.1f", 100 * e.value("tolerance", 0.01))
    << " point of the best fixed-point accuracy).</p>" << svg.str();
  h << "<table><tr><th>point</th><th>method</th><th>encoding</th><th>T</th><th>spike budget</th><th>float acc</th>"
       "<th>fixed acc</th><th>RTL exact</th><th>hidden rate</th><th>energy [J]</th><th>SNN/ANN</th><th>cycles</th><th>status</th></tr>";
  for (const auto& p : pts) {
    const std::string id = p.at("id").get<std::string>();
    bool front = false;
    for (const auto& f : e.at("pareto_front")) front = front || f == id;
    h << "<tr class='" << (front ? "front" : "") << (id == rec ? " rec" : "") << "'><td>" << esc(id) << "</td><td>"
      << esc(p.at("method").get<std::string>()) << "</td><td>" << esc(p.at("encoding").get<std::string>()) << "</td><td>"
      << p.at("steps").get<int>() << "</td><td>" << p.at("spike_budget").get<double>() << "</td>";
    if (p.value("status", "") == "done") {
      h << "<td>" << num("%.4f", p.at("float_accuracy").get<double>()) << "</td><td>" << num("%.4f", p.at("fixed_accuracy").get<double>())
        << "</td><td>" << (p.at("spike_exact").get<bool>() ? "yes" : "NO") << "</td><td>"
        << (p.at("hidden_rate").is_null() ? std::string("–") : num("%.4f", p.at("hidden_rate").get<double>())) << "</td><td>"
        << num("%.3e", p.at("energy_j").get<double>()) << "</td><td>"
        << (p.at("snn_over_ann").is_null() ? std::string("–") : num("%.3f", p.at("snn_over_ann").get<double>())) << "</td><td>"
        << num("%.0f", p.at("cycles_per_inference").get<double>()) << "</td>";
    } else {
      h << "<td colspan='7'></td>";
    }
    h << "<td>" << esc(p.value("status", "")) << "</td></tr>";
  }
  h << "</table></body></html>\n";
  return h.str();
}

}  // namespace spikeforge::cli

// report.json assembly and the summary table of `spikeforge run`.
#include "pipeline/run/report.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "pipeline/run/config.hpp"

namespace spikeforge::pipeline::run {

std::string format_duration(double s) {
  char buf[32];
  const long t = static_cast<long>(std::max(0.0, s) + 0.5);
  if (t >= 3600) std::snprintf(buf, sizeof buf, "%ldh%02ldm", t / 3600, (t / 60) % 60);
  else std::snprintf(buf, sizeof buf, "%ldm%02lds", t / 60, t % 60);
  return buf;
}

using nlohmann::json;

json assemble_report(const json& config, const std::string& config_hash, const std::string& out,
                     const std::map<std::string, json>& results, const std::map<std::string, StageRecord>& records,
                     const json& hardware, double seconds_total) {
  json r = {{"format", "spikeforge.run-report/1"},
            {"version", SPIKEFORGE_VERSION},
            {"config", config},
            {"config_hash", config_hash},
            {"out", out},
            {"seconds_total", seconds_total},
            {"hardware", hardware}};
  json stages = json::array();
  for (const auto& name : stage_names()) {
    const auto it = records.find(name);
    const StageRecord rec = it == records.end() ? StageRecord{} : it->second;
    stages.push_back({{"name", name}, {"status", rec.status}, {"seconds", rec.seconds}});
    if (const auto res = results.find(name); res != results.end()) r[name] = res->second;
  }
  r["stages"] = stages;
  return r;
}

namespace {

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

}  // namespace

std::string summary_table(const json& r) {
  std::ostringstream os;
  auto row = [&os](const std::string& k, const std::string& v) {
    os << "  " << k << std::string(k.size() < 34 ? 34 - k.size() : 1, ' ') << v << "\n";
  };
  os << "spikeforge run summary (" << r.value("out", std::string()) << ")\n";
  for (const auto& s : r.at("stages")) {
    row("stage " + s.at("name").get<std::string>(),
        s.at("status").get<std::string>() +
            (s.at("status") == "done" ? " (" + format_duration(s.at("seconds").get<double>()) + ")" : std::string()));
  }
  if (r.contains("train")) {
    const auto& t = r["train"];
    std::string sizes;
    for (const auto& z : t["sizes"]) sizes += (sizes.empty() ? "" : "-") + std::to_string(z.get<int>());
    row("network", sizes + " (" + t["method"].get<std::string>() +
                       (t.contains("variant") ? " " + t["variant"].get<std::string>() : std::string()) + ", " +
                       std::to_string(t["train_samples"].get<int>()) + " train samples)");
    row("train accuracy", fmt("%.4f", t["train_acc"].get<double>()));
    if (!t["val_acc"].is_null()) row("validation accuracy", fmt("%.4f", t["val_acc"].get<double>()));
  }
  if (r.contains("eval"))
    row("float test accuracy", fmt("%.4f", r["eval"]["accuracy"].get<double>()) + " (" +
                                   std::to_string(r["eval"]["samples"].get<int>()) + " samples)");
  if (r.contains("quantize")) {
    for (const auto& [name, p] : r["quantize"]["profiles"].items()) {
      row("fixed accuracy " + name, fmt("%.4f", p["fixed_accuracy"].get<double>()) + " (agreement " +
                                        fmt("%.4f", p["agreement"].get<double>()) + ")" +
                                        (p.value("reset_changed", false) ? " [reset changed to zero]" : ""));
    }
  }
  if (r.contains("quantize")) {
    const auto& prim = r["quantize"]["profiles"][r["quantize"]["primary"].get<std::string>()];
    if (prim.contains("synapse_memory")) {
      const auto& m = prim["synapse_memory"];
      row("synapse memory " + r["quantize"]["primary"].get<std::string>(),
          fmt("%.1f", static_cast<double>(m["needed_bits"].get<long long>()) / 8192.0) + " KiB needed (" +
              std::to_string(m["nonzero"].get<long long>()) + " of " + std::to_string(m["synapses"].get<long long>()) +
              " synapses nonzero; RTL image " +
              (m["rtl_image_bits"].is_number()
                   ? fmt("%.1f", static_cast<double>(m["rtl_image_bits"].get<long long>()) / 8192.0) + " KiB)"
                   : std::string("none)")));
    }
  }
  if (r.contains("quantize") && r["quantize"].contains("netx")) {
    const auto& p = r["quantize"]["netx"];
    row("fixed accuracy netx (lava timing)", fmt("%.4f", p["fixed_accuracy"].get<double>()) + " (agreement " +
                                                  fmt("%.4f", p["agreement"].get<double>()) + ")");
  }
  if (r.contains("export")) {
    std::string files;
    for (const auto& f : r["export"]["files"]) files += (files.empty() ? "" : ", ") + f["file"].get<std::string>();
    row("exported", files);
  }
  if (r.contains("verify")) {
    const auto& v = r["verify"];
    row("RTL spike-exact", std::to_string(v["matched"].get<int>()) + "/" + std::to_string(v["samples"].get<int>()) +
                               (v["spike_exact"].get<bool>() ? "" : "  MISMATCH"));
    row("RTL cycles per inference", fmt("%.0f", v["cycles_per_sample"].get<double>()));
  }
  if (r.contains("energy")) {
    for (const auto& e : r["energy"]["estimates"]) {
      std::string v = fmt("%.3e J", e["energy_per_inference_j"].get<double>());
      if (!e["ann_energy_per_inference_j"].is_null())
        v += ", ANN " + fmt("%.3e J", e["ann_energy_per_inference_j"].get<double>()) + ", SNN/ANN " +
             fmt("%.3f", e["snn_over_ann"].get<double>());
      if (e.value("sop_only", false)) v += " (synaptic ops only)";
      row("energy/inference " + e["set"].get<std::string>(), v);
    }
  }
  const auto& hw = r["hardware"];
  row("core cells (yosys)", hw["cells"].is_null() ? "not measured" : std::to_string(hw["cells"].get<long long>()));
  row("total time", format_duration(r["seconds_total"].get<double>()));
  return os.str();
}

}  // namespace spikeforge::pipeline::run

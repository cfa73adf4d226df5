#include "pipeline/export.hpp"

#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/output_path.hpp"
#include "export/fixed_json.hpp"
#include "export/lava_json.hpp"
#include "export/netx.hpp"
#include "export/network_json.hpp"
#include "export/nir.hpp"
#include "export/rtl_mem.hpp"
#include "pipeline/dataset.hpp"
#include "pipeline/model.hpp"
#include "rtl_sim/fpga/ice40_flow.hpp"

namespace spikeforge::pipeline {
namespace {

using nlohmann::json;

void check_target(const ExportJob& job) {
  if (job.format == "rtl") {
    exporter::check_rtl_memory_target(job.out);
  } else if (job.format == "ice40") {
    core::check_output_dir(job.out, "export --out");  // the flow writes a directory
  } else {
    (void)core::check_output_file(job.out, "export --out");
  }
}

void write_lava(const ExportJob& job, exporter::LavaConnections connections, ExportResult& r) {
  const auto net = load_fixed(job.net, "export --format lava");
  const int steps = job.steps > 0 ? job.steps : net.encoding.steps;
  exporter::write_lava(job.out, net, steps, connections);
  const int lava_steps = steps + static_cast<int>(net.layers.size());
  nlohmann::json kinds = nlohmann::json::array();
  for (const bool sparse : exporter::lava_sparse_layers(net, connections)) kinds.push_back(sparse ? "Sparse" : "Dense");
  r.summary["layers"] = net.layers.size();
  r.summary["connections"] = kinds;
  r.summary["steps"] = steps;
  r.summary["lava_run_steps"] = lava_steps;
  r.notes.push_back("Lava's Dense adds one step per layer: run " + std::to_string(lava_steps) +
                    " Lava steps; layer l's step t appears at Lava step t + l (see timing in the file)");
}

void write_netx(const ExportJob& job, ExportResult& r) {
  const auto net = load_fixed(job.net, "export --format netx");
  exporter::NetxOptions o;
  o.allow_reset_change = job.allow_reset_change;
  o.allow_rounding = job.allow_rounding;
  const auto rep = exporter::write_netx(job.out, net, o);
  r.summary["layers"] = net.layers.size();
  r.summary["weights_rounded"] = rep.weights_rounded;
  r.summary["biases_rounded"] = rep.biases_rounded;
  r.summary["reset_changed"] = rep.reset_changed;
  r.notes.insert(r.notes.end(), rep.notes.begin(), rep.notes.end());
}

void write_nir(const ExportJob& job, ExportResult& r) {
  exporter::NirWriteOptions o;
  o.dt = job.dt;
  o.time = exporter::parse_nir_time(job.nir_time, "--nir-time");
  o.allow_reset_change = job.allow_reset_change;
  o.readout = exporter::parse_nir_readout(job.nir_readout, "--nir-readout");
  const Model m = load_model(job.net);
  const exporter::NirReport rep = m.is_fixed() ? exporter::write_nir(job.out, *m.fixed, o) : exporter::write_nir(job.out, *m.flt, o);
  r.summary["layers"] = m.is_fixed() ? m.fixed->layers.size() : m.flt->layers.size();
  r.summary["dt"] = job.dt;
  r.summary["nir_time"] = job.nir_time;
  r.summary["nir_readout"] = job.nir_readout;
  r.summary["reset_changed"] = rep.reset_changed;
  r.notes.insert(r.notes.end(), rep.notes.begin(), rep.notes.end());
}

void write_rtl(const ExportJob& job, ExportResult& r) {
  const auto net = load_fixed(job.net, "export --format rtl");
  exporter::write_rtl_memory(job.out, net);
  r.summary["layers"] = net.layers.size();
}

void write_ice40(const ExportJob& job, const Context& ctx, ExportResult& r) {
  rtl_sim::Ice40Job ij;
  ij.net = load_fixed(job.net, "export --format ice40");
  ij.out = job.out;
  ij.part = rtl_sim::parse_ice40_part(job.part, "--part");
  ij.baud = job.baud;
  ij.allow_timing_fail = job.allow_timing_fail;
  core::SpikeBatch batch(1, 1, 1);
  if (job.cycle_samples > 0) {
    // The network's own dataset and encoding (test split), as verify uses by default.
    DataRequest req;
    req.samples = job.cycle_samples;
    const core::DatasetSpec spec = resolve_spec(req, ij.net.encoding, "export --format ice40 (use --cycle-samples 0)", job.net);
    ctx.done(0.0, "loading " + std::to_string(job.cycle_samples) + " cycle samples of " + spec.name);
    batch = core::load_spikes(spec);
    ij.samples = &batch;
    ij.cycle_samples = job.cycle_samples;
  }
  ctx.done(0.1, "synthesis, place and route for " + job.part);
  r.summary["ice40"] = rtl_sim::to_json(rtl_sim::run_ice40_flow(ij));
}

}  // namespace

ExportResult export_network(const ExportJob& job, const Context& ctx) {
  if (job.format != "lava" && job.format != "netx" && job.format != "nir" && job.format != "rtl" && job.format != "ice40")
    throw core::ConfigError("export: --format '" + job.format + "' is not one of lava, netx, nir, rtl, ice40");
  // Checked before anything is read or written; only lava uses it.
  const auto connections = job.format == "lava"
                               ? exporter::parse_lava_connections(job.lava_connections, "export --lava-connections")
                               : exporter::LavaConnections::automatic;
  check_target(job);
  ExportResult r;
  r.summary = {{"command", "export"}, {"net", job.net}, {"format", job.format}, {"out", job.out}};
  if (job.format == "lava") write_lava(job, connections, r);
  else if (job.format == "netx") write_netx(job, r);
  else if (job.format == "nir") write_nir(job, r);
  else if (job.format == "rtl") write_rtl(job, r);
  else write_ice40(job, ctx, r);
  r.summary["notes"] = r.notes;
  return r;
}

}  // namespace spikeforge::pipeline

// The stages of `spikeforge run` (see cli/run_stages.hpp).
#include "cli/run_stages.hpp"
#include "cli/output.hpp"

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/metrics.hpp"
#include "export/fixed_json.hpp"
#include "export/lava_json.hpp"
#include "export/netx.hpp"
#include "export/network_json.hpp"
#include "export/nir.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/evaluate.hpp"
#include "quantizer/mapping.hpp"
#include "quantizer/profile.hpp"
#include "quantizer/report.hpp"
#include "rtl_sim/energy/counts.hpp"
#include "rtl_sim/energy/energy.hpp"
#include "rtl_sim/harness/cosim.hpp"
#include "rtl_sim/report_json.hpp"
#include "cli/app.hpp"
#include "pipeline/energy.hpp"
#include "pipeline/quantize.hpp"
#include "pipeline/train.hpp"

namespace spikeforge::cli::run {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

core::DatasetSpec spec_of(const RunConfig& c, const std::string& split, std::size_t offset, std::size_t max) {
  core::DatasetSpec s;
  s.name = c.data.dataset;
  s.data_dir = c.data.data_dir;
  s.split = split;
  s.encoding = c.data.encoding;
  s.steps = c.data.steps;
  s.seed = c.data.seed;
  s.offset = offset;
  s.max_samples = max;
  if (s.name == "shd" || s.name == "nmnist") {
    const auto info = core::describe_dataset(s.name, s.data_dir);
    if (info.default_bin_us > 0.0) s.bin_us = info.default_bin_us;
  }
  return s;
}

/// The netx-exact loihi mapping that the netx export is written from.
constexpr const char* kNetxFixed = "net.netx.q.json";

bool netx_wanted(const RunConfig& c) {
  return std::find(c.export_.formats.begin(), c.export_.formats.end(), "netx") != c.export_.formats.end();
}

core::SpikeBatch load_test(const RunConfig& c, std::size_t max) { return core::load_spikes(spec_of(c, "test", 0, max)); }

json confusion_json(const std::vector<int>& pred, const std::vector<int>& labels, int classes) {
  return confusion_to_json(core::confusion_matrix(pred, labels, classes));
}

json rates_json(const std::vector<Eigen::VectorXd>& counts, std::size_t samples, int steps, const std::vector<bool>& spiking) {
  return firing_rates_to_json(core::firing_rates(counts, samples, steps), spiking);
}

core::FloatNetwork read_float(const fs::path& out) {
  const fs::path p = out / "net.json";
  if (!fs::exists(p)) throw core::InputError("run: " + p.string() + " is missing (run the train stage first)");
  return exporter::read_network(p);
}

quantizer::FixedNetwork read_fixed(const fs::path& p) {
  if (!fs::exists(p)) throw core::InputError("run: " + p.string() + " is missing (run the quantize stage first)");
  return exporter::read_fixed_network(p);
}

// ---- train ---------------------------------------------------------------------------------------

json stage_train(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  pipeline::TrainJob job = c.train;
  job.data = spec_of(c, "train", 0, 0);
  job.seed = c.data.seed;
  job.train_samples = c.data.train_samples;
  job.val_samples = c.data.val_samples;
  pipeline::Context pc;
  auto& prog = ctx.progress;
  pc.note = [&prog](const std::string& line) { prog.note(line); };
  pc.iteration = [&prog](const trainer::TrainProgress& p) {
    std::ostringstream os;
    os << "iter " << p.iteration << "/" << p.total;
    for (const char* k : {"train_acc", "val_acc", "loss", "primal_res"})
      if (auto it = p.metrics.find(k); it != p.metrics.end()) os << "  " << k << "=" << it->second;
    prog.update(p.total > 0 ? static_cast<double>(p.iteration) / p.total : 1.0, os.str(), p.eta_seconds);
    if (hooks().iteration) hooks().iteration(p);
  };
  pipeline::TrainResult r = pipeline::train(job, pc);
  json meta = json::parse(r.net.metadata_json);
  meta["pipeline"] = "spikeforge run";
  r.net.metadata_json = meta.dump();
  exporter::write_network(ctx.out / "net.json", r.net);
  return r.report;
}

// ---- eval ----------------------------------------------------------------------------------------

json raster_json(const core::FloatNetwork& net, const core::SpikeBatch& batch, std::size_t sample) {
  std::vector<std::vector<std::vector<std::uint32_t>>> spikes;
  (void)core::simulate_reference(net, batch, sample, &spikes);
  json layers = json::array();
  json in_events = json::array();
  for (int t = 0; t < batch.steps(); ++t)
    for (std::uint32_t i : batch.active(sample, t)) in_events.push_back({t, i});
  layers.push_back({{"name", "input"}, {"neurons", batch.inputs()}, {"spiking", true}, {"events", in_events}});
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    json ev = json::array();
    if (l < spikes.size())
      for (std::size_t t = 0; t < spikes[l].size(); ++t)
        for (std::uint32_t i : spikes[l][t]) ev.push_back({t, i});
    const bool spk = net.layers[l].neuron.spiking;
    layers.push_back({{"name", spk ? "layer " + std::to_string(l + 1) : "output (integrator, no spikes)"},
                      {"neurons", net.layers[l].outputs()}, {"spiking", spk}, {"events", ev}});
  }
  return {{"sample", sample}, {"label", batch.label(sample)}, {"steps", batch.steps()}, {"layers", layers}};
}

json stage_eval(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const core::FloatNetwork net = read_float(ctx.out);
  const core::SpikeBatch test = load_test(c, c.data.test_samples);
  ctx.progress.update(0.1, "float model on " + std::to_string(test.size()) + " test samples");
  const core::SimResult sim = core::simulate(net, test);
  std::vector<bool> spiking;
  for (const auto& l : net.layers) spiking.push_back(l.neuron.spiking);
  const int classes = std::max(test.classes(), net.outputs());
  const std::size_t rs = std::min(c.report.raster_sample, test.size() - 1);
  return {{"samples", test.size()},
          {"accuracy", core::accuracy(sim.predictions, test.labels())},
          {"classes", classes},
          {"confusion", confusion_json(sim.predictions, test.labels(), classes)},
          {"firing_rates", rates_json(sim.spike_counts, test.size(), test.steps(), spiking)},
          {"raster", raster_json(net, test, rs)}};
}

// ---- quantize ------------------------------------------------------------------------------------

/// The report of one mapping evaluated on `test`: the quantization report plus accuracies.
json mapped_report(const quantizer::MappingResult& mapped, const quantizer::ChipProfile& profile,
                   const quantizer::MappingOptions& opt, const pipeline::Comparison& cmp, const core::SpikeBatch& test,
                   const fs::path& path) {
  const quantizer::QuantEvaluation& e = cmp.eval;
  json rep = quantizer::quantization_report_json(mapped.report, profile, opt, &e);
  rep["file"] = path.filename().string();
  rep["float_accuracy"] = e.float_accuracy;
  rep["fixed_accuracy"] = e.fixed_accuracy;
  rep["agreement"] = e.agreement;
  rep["samples"] = test.size();
  rep["timing"] = quantizer::to_string(e.timing);
  rep["reset_changed"] = pipeline::reset_changed(mapped.report);
  rep["confusion"] =
      confusion_json(cmp.fixed_predictions, test.labels(), std::max(test.classes(), mapped.network.outputs()));
  return rep;
}

json stage_quantize(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const core::FloatNetwork net = read_float(ctx.out);
  const std::size_t n = c.quantize.samples > 0 ? c.quantize.samples : c.data.test_samples;
  const core::SpikeBatch test = load_test(c, n);
  ctx.progress.update(0.0, "float model on " + std::to_string(test.size()) + " test samples");
  const core::SimResult float_run = core::simulate(net, test);  // shared by every mapping's comparison
  json profiles = json::object();
  double float_acc = 0.0;
  std::size_t k = 0;
  const double parts = static_cast<double>(c.quantize.profiles.size()) + (netx_wanted(c) ? 1.0 : 0.0);
  for (const auto& name : c.quantize.profiles) {
    const quantizer::ChipProfile profile = quantizer::load_profile(name);
    quantizer::MappingOptions opt;
    opt.allow_reset_change = c.quantize.allow_reset_change;
    opt.weight_bits = c.quantize.weight_bits;
    const quantizer::MappingResult mapped = pipeline::map_named(net, "net.json", profile, opt);
    ctx.progress.update(static_cast<double>(k) / parts,
                        "golden model (" + profile.name + ") on " + std::to_string(test.size()) + " samples");
    const pipeline::Comparison cmp =
        pipeline::compare_float_fixed(float_run, mapped.network, test, quantizer::Timing::immediate, c.data.dataset, "test");
    float_acc = cmp.eval.float_accuracy;
    const fs::path path = fixed_path(c, ctx.out, name);
    exporter::write_fixed_network(path, mapped.network);
    json rep = mapped_report(mapped, profile, opt, cmp, test, path);
    if (rep["reset_changed"].get<bool>()) {
      char buf[320];
      std::snprintf(buf, sizeof buf,
                    "%s has zero reset only: the network was trained with subtract reset and mapped with "
                    "allow_reset_change, so its accuracy under the chip's semantics is %.4f (float, subtract reset: %.4f)",
                    profile.name.c_str(), cmp.eval.fixed_accuracy, float_acc);
      rep["reset_consequence"] = buf;
      ctx.progress.note(buf);
    }
    profiles[name] = std::move(rep);
    ++k;
  }
  json out = {{"primary", c.quantize.profiles.front()}, {"samples", test.size()}, {"profiles", profiles}};
  if (netx_wanted(c)) {
    // The network the netx export holds exactly: the loihi mapping with weights in netx's 8-bit form,
    // measured as netx runs it (lava timing: one step of delay per layer, biases from the first step).
    const quantizer::ChipProfile loihi = quantizer::load_profile("loihi");
    quantizer::MappingOptions opt;
    opt.allow_reset_change = c.quantize.allow_reset_change;
    opt.weight_bits = c.quantize.weight_bits;
    opt.netx_exact = true;
    const quantizer::MappingResult mapped = pipeline::map_named(net, "net.json", loihi, opt);
    ctx.progress.update(static_cast<double>(k) / parts, "netx mapping: golden model (lava timing) on " +
                                                            std::to_string(test.size()) + " samples");
    const pipeline::Comparison cmp =
        pipeline::compare_float_fixed(float_run, mapped.network, test, quantizer::Timing::lava, c.data.dataset, "test");
    float_acc = cmp.eval.float_accuracy;
    const fs::path path = ctx.out / kNetxFixed;
    exporter::write_fixed_network(path, mapped.network);
    out["netx"] = mapped_report(mapped, loihi, opt, cmp, test, path);
  }
  out["float_accuracy"] = float_acc;
  return out;
}

// ---- export --------------------------------------------------------------------------------------

json stage_export(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const std::string primary = c.quantize.profiles.front();
  const quantizer::FixedNetwork fixed = read_fixed(fixed_path(c, ctx.out, primary));
  json files = json::array();
  json notes = json::array();
  std::size_t k = 0;
  for (const auto& f : c.export_.formats) {
    ctx.progress.update(static_cast<double>(k++) / static_cast<double>(c.export_.formats.size()), "writing " + f);
    if (f == "lava") {
      exporter::write_lava(ctx.out / "lava.json", fixed, fixed.encoding.steps);
      files.push_back({{"format", "lava"}, {"file", "lava.json"}, {"from", fixed_path(c, ctx.out, primary).filename().string()}});
    } else if (f == "netx") {
      // From the netx-exact mapping of the quantize stage: nothing is rounded (write_netx refuses
      // rounding by default), and the file is exact against the golden model's lava timing.
      const quantizer::FixedNetwork nx = read_fixed(ctx.out / kNetxFixed);
      exporter::NetxOptions o;
      o.allow_reset_change = c.quantize.allow_reset_change;
      const auto rep = exporter::write_netx(ctx.out / "net.net", nx, o);
      for (const auto& n : rep.notes) notes.push_back("netx: " + n);
      files.push_back({{"format", "netx"}, {"file", "net.net"}, {"from", kNetxFixed},
                       {"weights_rounded", rep.weights_rounded}, {"biases_rounded", rep.biases_rounded},
                       {"reset_changed", rep.reset_changed}, {"exact_against", "golden model, lava timing"}});
    } else if (f == "nir") {
      const core::FloatNetwork flt = read_float(ctx.out);
      exporter::NirWriteOptions o;
      o.dt = c.export_.nir_dt;
      o.allow_reset_change = c.quantize.allow_reset_change;
      const auto rep = exporter::write_nir(ctx.out / "net.nir", flt, o);
      for (const auto& n : rep.notes) notes.push_back("nir: " + n);
      files.push_back({{"format", "nir"}, {"file", "net.nir"}, {"from", "net.json"}, {"reset_changed", rep.reset_changed}});
    } else if (f == "rtl") {
      exporter::write_rtl_memory(ctx.out / "mem", fixed);
      files.push_back({{"format", "rtl"}, {"file", "mem/"}, {"from", fixed_path(c, ctx.out, primary).filename().string()}});
    }
  }
  for (const auto& n : notes) ctx.progress.note(n.get<std::string>());
  return {{"files", files}, {"notes", notes}};
}

// ---- verify --------------------------------------------------------------------------------------

json counters_json(const rtl_sim::RtlCounters& r) { return rtl_sim::to_json(r); }

rtl_sim::RtlCounters counters_from_json(const json& j) { return rtl_sim::rtl_counters_from_json(j); }

json stage_verify(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const fs::path path = fixed_path(c, ctx.out, c.quantize.profiles.front());
  const quantizer::FixedNetwork net = read_fixed(path);
  const core::SpikeBatch batch = load_test(c, c.verify.samples);
  rtl_sim::CosimOptions opt;
  if (fs::exists(ctx.out / "mem" / "manifest.json")) opt.image = exporter::read_rtl_memory(ctx.out / "mem");
  auto& prog = ctx.progress;
  const rtl_sim::CosimReport rep =
      rtl_sim::verify_samples(net, batch, 0, batch.size(), opt, [&prog](std::size_t done, std::size_t total, std::size_t matched) {
        prog.update(total ? static_cast<double>(done) / static_cast<double>(total) : 1.0,
                    std::to_string(done) + "/" + std::to_string(total) + " samples, " + std::to_string(matched) + " matched");
      });
  if (!rep.all_matched()) prog.note("NOT spike-exact: " + rep.first_mismatch->describe());
  const double n = static_cast<double>(std::max<std::size_t>(rep.samples, 1));
  return {{"net", path.filename().string()},
          {"image", opt.image ? "mem/" : "built from the network"},
          {"samples", rep.samples},
          {"matched", rep.matched},
          {"spike_exact", rep.all_matched()},
          {"accuracy", static_cast<double>(rep.correct) / n},
          {"cycles_per_sample", static_cast<double>(rep.rtl.cycles) / n},
          {"seconds", rep.seconds},
          {"counters", counters_json(rep.rtl)},
          {"golden_counts", rtl_sim::to_json(rep.golden)},
          {"first_mismatch", rep.first_mismatch ? rtl_sim::to_json(*rep.first_mismatch) : json(nullptr)}};
}

// ---- energy --------------------------------------------------------------------------------------

json stage_energy(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const quantizer::FixedNetwork net = read_fixed(fixed_path(c, ctx.out, c.quantize.profiles.front()));
  const auto table = rtl_sim::load_energy_sets(rtl_sim::default_energy_constants());
  const std::vector<const rtl_sim::EnergySet*> sets = pipeline::select_energy_sets(table, c.energy.constants);
  rtl_sim::EnergyInput in;
  json j = {{"synapses", net.synapses()}, {"source", c.energy.source}};
  const fs::path verify_json = ctx.out / "stages" / "verify.json";
  if (c.energy.source == "rtl") {
    if (!fs::exists(verify_json))
      throw core::InputError("run: energy.source = rtl needs " + verify_json.string() + " (run the verify stage first)");
    json v;
    {
      std::ifstream f(verify_json);
      f >> v;
    }
    in = pipeline::rtl_energy_input(net, counters_from_json(v.at("counters")), v.at("samples").get<std::size_t>(),
                                    v.at("spike_exact").get<bool>(), "the verify stage was not spike-exact");
    j["counts_note"] = "counters of the RTL core from the verify stage (cross-checked against the golden model)";
  } else {
    const core::SpikeBatch batch = load_test(c, c.energy.samples > 0 ? c.energy.samples : c.verify.samples);
    in = pipeline::golden_energy_input(net, batch);
    j["counts_note"] = "micro-architectural counts derived from the golden model (rtl_sim/energy/counts.hpp)";
  }
  j["samples"] = in.inferences;
  j["counts"] = counters_json(in.counts);
  json est = json::array();
  for (const auto* s : sets) est.push_back(rtl_sim::to_json(rtl_sim::estimate_energy(*s, in)));
  j["estimates"] = est;
  return j;
}

}  // namespace

fs::path fixed_path(const RunConfig& cfg, const fs::path& out, const std::string& profile) {
  if (profile == cfg.quantize.profiles.front()) return out / "net.q.json";
  std::string stem = fs::path(profile).stem().string();
  return out / ("net." + stem + ".q.json");
}

json run_stage(const std::string& name, const StageContext& ctx) {
  if (name == "train") return stage_train(ctx);
  if (name == "eval") return stage_eval(ctx);
  if (name == "quantize") return stage_quantize(ctx);
  if (name == "export") return stage_export(ctx);
  if (name == "verify") return stage_verify(ctx);
  if (name == "energy") return stage_energy(ctx);
  throw core::ConfigError("run: unknown stage '" + name + "'");
}

}  // namespace spikeforge::cli::run

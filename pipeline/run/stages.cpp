// The stages of `spikeforge run` (see pipeline/run/stages.hpp).
#include "pipeline/run/stages.hpp"

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
#include "pipeline/energy.hpp"
#include "pipeline/eval.hpp"
#include "pipeline/export.hpp"
#include "pipeline/json_form.hpp"
#include "pipeline/model.hpp"
#include "pipeline/quantize.hpp"
#include "pipeline/train.hpp"
#include "pipeline/verify.hpp"

namespace spikeforge::pipeline::run {

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
  s.latency_cutoff = c.data.latency_cutoff;
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
  TrainJob job = c.train;
  job.data = spec_of(c, "train", 0, 0);
  job.seed = c.data.seed;
  job.train_samples = c.data.train_samples;
  job.val_samples = c.data.val_samples;
  TrainResult r = pipeline::train(job, ctx.pc);
  json meta = json::parse(r.net.metadata_json);
  meta["pipeline"] = "spikeforge run";
  r.net.metadata_json = meta.dump();
  exporter::write_network(ctx.out / "net.json", r.net);
  return r.report;
}

// ---- eval ----------------------------------------------------------------------------------------

json stage_eval(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const Model m = model_of(read_float(ctx.out), (ctx.out / "net.json").string());
  const EvalResult r =
      evaluate(m, spec_of(c, "test", 0, c.data.test_samples), quantizer::Timing::immediate, ctx.pc);
  json j = pipeline::to_json(r);
  const std::size_t rs = std::min(c.report.raster_sample, r.batch->size() - 1);
  j["raster"] = raster_json(*m.flt, *r.batch, rs);
  return j;
}

// ---- quantize ------------------------------------------------------------------------------------

/// The report of one mapping evaluated on `test`: the quantization report plus accuracies.
json mapped_report(const quantizer::MappingResult& mapped, const quantizer::ChipProfile& profile,
                   const quantizer::MappingOptions& opt, const Comparison& cmp, const core::SpikeBatch& test,
                   const fs::path& path) {
  const quantizer::QuantEvaluation& e = cmp.eval;
  json rep = quantizer::quantization_report_json(mapped.report, profile, opt, &e);
  rep["file"] = path.filename().string();
  rep["float_accuracy"] = e.float_accuracy;
  rep["fixed_accuracy"] = e.fixed_accuracy;
  rep["agreement"] = e.agreement;
  rep["samples"] = test.size();
  rep["timing"] = quantizer::to_string(e.timing);
  rep["reset_changed"] = reset_changed(mapped.report);
  rep["synapse_memory"] = synapse_memory_json(mapped.network);
  rep["confusion"] =
      confusion_json(cmp.fixed_predictions, test.labels(), std::max(test.classes(), mapped.network.outputs()));
  return rep;
}

json stage_quantize(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const core::FloatNetwork net = read_float(ctx.out);
  const std::size_t n = c.quantize.samples > 0 ? c.quantize.samples : c.data.test_samples;
  const core::SpikeBatch test = load_test(c, n);
  ctx.pc.done(0.0, "float model on " + std::to_string(test.size()) + " test samples");
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
    const quantizer::MappingResult mapped = map_named(net, "net.json", profile, opt);
    ctx.pc.done(static_cast<double>(k) / parts,
                        "golden model (" + profile.name + ") on " + std::to_string(test.size()) + " samples");
    const Comparison cmp =
        compare_float_fixed(float_run, mapped.network, test, quantizer::Timing::immediate, c.data.dataset, "test");
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
      ctx.pc.say(buf);
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
    const quantizer::MappingResult mapped = map_named(net, "net.json", loihi, opt);
    ctx.pc.done(static_cast<double>(k) / parts, "netx mapping: golden model (lava timing) on " +
                                                            std::to_string(test.size()) + " samples");
    const Comparison cmp =
        compare_float_fixed(float_run, mapped.network, test, quantizer::Timing::lava, c.data.dataset, "test");
    float_acc = cmp.eval.float_accuracy;
    const fs::path path = ctx.out / kNetxFixed;
    exporter::write_fixed_network(path, mapped.network);
    out["netx"] = mapped_report(mapped, loihi, opt, cmp, test, path);
  }
  out["float_accuracy"] = float_acc;
  return out;
}

// ---- export --------------------------------------------------------------------------------------

/// The source of each format: lava and rtl from the primary fixed network, netx from the
/// netx-exact loihi mapping of the quantize stage (nothing rounded: export refuses rounding), nir
/// from the float network.
json stage_export(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const std::string primary = fixed_path(c, ctx.out, c.quantize.profiles.front()).filename().string();
  json files = json::array();
  json notes = json::array();
  std::size_t k = 0;
  for (const auto& f : c.export_.formats) {
    ctx.pc.done(static_cast<double>(k++) / static_cast<double>(c.export_.formats.size()), "writing " + f);
    ExportJob job;
    job.format = f;
    job.allow_reset_change = c.quantize.allow_reset_change;
    job.dt = c.export_.nir_dt;
    std::string from = primary;
    std::string file;
    if (f == "lava") file = "lava.json";
    else if (f == "netx") from = kNetxFixed, file = "net.net";
    else if (f == "nir") from = "net.json", file = "net.nir";
    else if (f == "rtl") file = "mem";
    job.net = (ctx.out / from).string();
    job.out = (ctx.out / file).string();
    if (!fs::exists(job.net)) throw core::InputError("run: " + job.net + " is missing (run the earlier stages first)");
    const ExportResult r = export_network(job, ctx.pc);
    json entry = {{"format", f}, {"file", f == "rtl" ? "mem/" : file}, {"from", from}};
    for (const char* key : {"weights_rounded", "biases_rounded", "reset_changed"})
      if (r.summary.contains(key)) entry[key] = r.summary[key];
    if (f == "netx") entry["exact_against"] = "golden model, lava timing";
    files.push_back(entry);
    for (const auto& n : r.notes) notes.push_back(f + ": " + n);
  }
  for (const auto& n : notes) ctx.pc.say(n.get<std::string>());
  return {{"files", files}, {"notes", notes}};
}

// ---- verify --------------------------------------------------------------------------------------

json stage_verify(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const fs::path path = fixed_path(c, ctx.out, c.quantize.profiles.front());
  const quantizer::FixedNetwork net = read_fixed(path);
  rtl_sim::CosimOptions opt;
  if (fs::exists(ctx.out / "mem" / "manifest.json")) opt.image = exporter::read_rtl_memory(ctx.out / "mem");
  const VerifyResult r = verify(net, spec_of(c, "test", 0, c.verify.samples), std::move(opt), ctx.pc);
  if (!r.spike_exact()) ctx.pc.say("NOT spike-exact: " + r.mismatch_text());
  json j = pipeline::to_json(r);
  j["net"] = path.filename().string();
  j["image"] = r.image_loaded ? "mem/" : "built from the network";
  return j;
}

// ---- energy --------------------------------------------------------------------------------------

json stage_energy(const StageContext& ctx) {
  const RunConfig& c = ctx.cfg;
  const quantizer::FixedNetwork net = read_fixed(fixed_path(c, ctx.out, c.quantize.profiles.front()));
  const auto table = rtl_sim::load_energy_sets(rtl_sim::default_energy_constants());
  const std::vector<const rtl_sim::EnergySet*> sets = select_energy_sets(table, c.energy.constants);
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
    in = rtl_energy_input(net, rtl_sim::rtl_counters_from_json(v.at("counters")), v.at("samples").get<std::size_t>(),
                                    v.at("spike_exact").get<bool>(), "the verify stage was not spike-exact");
    j["counts_note"] = "counters of the RTL core from the verify stage (cross-checked against the golden model)";
  } else {
    const core::SpikeBatch batch = load_test(c, c.energy.samples > 0 ? c.energy.samples : c.verify.samples);
    in = golden_energy_input(net, batch);
    j["counts_note"] = "micro-architectural counts derived from the golden model (rtl_sim/energy/counts.hpp)";
  }
  j["samples"] = in.inferences;
  j["counts"] = rtl_sim::to_json(in.counts);
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

}  // namespace spikeforge::pipeline::run

// `spikeforge energy`: energy per inference of a fixed network on dataset samples. Event counts
// come from the RTL core's counters (co-simulated with the golden model, which must agree), or,
// with `--source golden`, from the golden model alone through the core's counter formulas
// (rtl_sim/energy/counts.hpp). Each constant set is priced separately and named with its source,
// process node and voltage (rtl_sim/energy/constants.json).
#include <cstdint>
#include <iomanip>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/dataset_args.hpp"
#include "cli/output.hpp"
#include "pipeline/energy.hpp"
#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/output_path.hpp"
#include "export/fixed_json.hpp"
#include "export/rtl_mem.hpp"
#include "quantizer/evaluate.hpp"
#include "rtl_sim/energy/counts.hpp"
#include "rtl_sim/energy/energy.hpp"
#include "rtl_sim/harness/cosim.hpp"
#include "rtl_sim/report_json.hpp"

namespace spikeforge::cli {

namespace {

struct EnergyArgs : DatasetArgs {
  std::string net;
  bool json_out = false;
  std::vector<std::string> constants;
  std::string source = "rtl";
  std::string table;
  std::string report;
  std::string layout = "auto";
};

void run_energy(const EnergyArgs& a) {
  core::check_output_files({{a.report, "energy --report"}});
  const std::vector<rtl_sim::EnergySet> table =
      rtl_sim::load_energy_sets(a.table.empty() ? rtl_sim::default_energy_constants() : std::filesystem::path(a.table));
  const std::vector<const rtl_sim::EnergySet*> sets = pipeline::select_energy_sets(table, a.constants);
  const quantizer::FixedNetwork net = exporter::read_fixed_network(a.net);
  const core::DatasetSpec spec = dataset_spec(a, net.encoding, "energy", a.net);
  const core::SpikeBatch batch = core::load_spikes(spec);
  if (batch.inputs() != net.inputs()) {
    throw core::ConfigError("energy: dataset " + spec.name + " has " + std::to_string(batch.inputs()) +
                            " inputs but the network expects " + std::to_string(net.inputs()));
  }
  nlohmann::json j = {{"net", a.net}, {"dataset", spec.name}, {"split", spec.split}, {"samples", batch.size()},
                      {"steps", batch.steps()}, {"synapses", net.synapses()}, {"source", a.source}};
  const exporter::RtlLayoutChoice layout = exporter::parse_rtl_layout_choice(a.layout, "energy --weight-layout");
  const exporter::RtlMemoryImage image = exporter::build_rtl_image(net, {}, layout);
  j["weight_layout"] = a.layout;
  j["rtl_image_bits"] = image.synapse_bits();
  for (const auto& l : image.layers) j["rtl_image_layouts"].push_back(exporter::to_string(l.layout));
  rtl_sim::EnergyInput in;
  if (a.source == "golden") {
    in = pipeline::golden_energy_input(net, batch, &j["golden_counts"], layout);
    j["counts_note"] = "micro-architectural counts derived from the golden counts (rtl_sim/energy/counts.hpp)";
  } else {
    progress("energy", "co-simulating " + std::to_string(batch.size()) + " samples on the RTL core");
    rtl_sim::CosimOptions opt;
    opt.image = image;
    const rtl_sim::CosimReport rep = rtl_sim::verify_samples(net, batch, 0, batch.size(), opt);
    in = pipeline::rtl_energy_input(net, rep.rtl, batch.size(), rep.all_matched(),
                                    rep.first_mismatch ? rep.first_mismatch->describe() : "");
    j["golden_counts"] = rtl_sim::to_json(rep.golden);
    j["counts_cross_checked"] = true;
  }
  j["counts"] = rtl_sim::to_json(in.counts);
  nlohmann::json est = nlohmann::json::object();
  for (const rtl_sim::EnergySet* s : sets) est[s->name] = rtl_sim::to_json(rtl_sim::estimate_energy(*s, in));
  j["estimates"] = est;
  write_json_report(a.report, j);
  if (a.json_out) {
    print_json(j);
    return;
  }
  std::cout << "energy per inference (" << batch.size() << " samples, counts from " << a.source << "):\n";
  for (const rtl_sim::EnergySet* s : sets) {
    const rtl_sim::EnergyEstimate e = rtl_sim::estimate_energy(*s, in);
    std::cout << "  " << std::left << std::setw(14) << e.set << std::right << std::scientific << std::setprecision(3)
              << e.energy_per_inference_j << " J" << (e.sop_only ? " (synaptic ops only)" : "");
    if (e.snn_over_ann) std::cout << ", ANN (int8) " << *e.ann_energy_per_inference_j << " J, SNN/ANN " << std::fixed
                                  << std::setprecision(3) << *e.snn_over_ann;
    std::cout << "  [" << e.node << ", " << e.voltage << "; " << e.source << "]\n";
  }
  std::cout << "  spikes per synapse per inference: " << std::fixed << std::setprecision(4)
            << rtl_sim::estimate_energy(*sets.front(), in).spikes_per_synapse << "\n";
}

}  // namespace

void add_energy_command(CLI::App& app) {
  auto a = std::make_shared<EnergyArgs>();
  CLI::App* cmd = app.add_subcommand("energy", "Energy per inference from the RTL core's event counters");
  cmd->add_option("--net", a->net, "Fixed-point network (net.q.json)")->required();
  add_dataset_options(cmd, *a);
  cmd->add_option("--samples", a->samples, "Number of samples")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--constants", a->constants, "Constant set(s) to price with (default: all)");
  cmd->add_option("--source", a->source, "Event counts from: rtl (co-simulated, cross-checked) | golden (faster)")
      ->capture_default_str()->check(CLI::IsMember({"rtl", "golden"}));
  cmd->add_option("--table", a->table, "Energy constants JSON (default: rtl_sim/energy/constants.json)");
  cmd->add_option("--report", a->report, "Also write the JSON result to this file");
  cmd->add_option("--weight-layout", a->layout,
                  "Weight layout of the core's image: auto (each layer dense or sparse, whichever holds fewer bits) | "
                  "dense | sparse (docs/formats-rtl.md)")
      ->capture_default_str()->check(CLI::IsMember({"auto", "dense", "sparse"}));
  cmd->add_flag("--json", a->json_out, "Print the result as JSON on stdout");
  cmd->callback([a] { run_energy(*a); });
}

}  // namespace spikeforge::cli

// `spikeforge import --nir FILE --out net.json`: a feed-forward NIR graph (as snnTorch, Norse or
// Rockpool write it) into a float network, so networks trained elsewhere can be quantized,
// verified and costed. Mapping and limits: export/nir.hpp, docs/formats.md.
#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "core/output_path.hpp"
#include "export/network_json.hpp"
#include "export/nir.hpp"

namespace spikeforge::cli {
namespace {

struct ImportArgs {
  std::string nir;
  std::string out;
  double dt = 1e-4;
  std::string nir_time = "euler";
  int steps = 0;
  std::string reset;
  bool json_out = false;
};

void run_import(const ImportArgs& a) {
  core::check_output_file(a.out, "import --out");
  exporter::NirReadOptions o;
  o.dt = a.dt;
  o.time = exporter::parse_nir_time(a.nir_time, "--nir-time");
  if (!a.reset.empty()) o.reset = core::parse_reset_mode(a.reset, "--reset");
  exporter::NirImportReport rep;
  auto net = exporter::read_nir(a.nir, o, &rep);
  for (const auto& w : rep.warnings) progress("import", "warning: " + w);
  for (const auto& n : rep.notes) progress("import", n);
  if (a.steps > 0) net.encoding.steps = a.steps;
  exporter::write_network(a.out, net);
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : net.layers) {
    layers.push_back({{"inputs", l.inputs()},
                      {"outputs", l.outputs()},
                      {"leak", l.neuron.leak},
                      {"v_thresh", l.neuron.v_thresh},
                      {"reset", core::to_string(l.neuron.reset)},
                      {"spiking", l.neuron.spiking}});
  }
  if (a.json_out) {
    print_json({{"command", "import"}, {"nir", a.nir}, {"out", a.out}, {"layers", layers}, {"warnings", rep.warnings}});
  } else {
    progress("import", "wrote " + a.out + " (" + std::to_string(net.layers.size()) + " layers)");
  }
}

}  // namespace

void add_import_command(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand("import", "Read a NIR graph (snnTorch, Norse, Rockpool, ...) into net.json");
  cmd->add_option("--nir", args->nir, "NIR HDF5 file")->required();
  cmd->add_option("--out", args->out, "net.json to write")->required();
  cmd->add_option("--dt", args->dt, "Seconds per step (used when the file does not record dt)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--nir-time", args->nir_time, "euler | exp (used when the file does not record it)")
      ->check(CLI::IsMember({"euler", "exp"}));
  cmd->add_option("--steps", args->steps, "Time steps T recorded in the network's encoding")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--reset", args->reset,
                  "zero | subtract: how spiking nodes reset, overriding the file's metadata (a node that says nothing is read as "
                  "zero, with a warning; snnTorch writes its subtract-reset Leaky as a plain LIF)")
      ->check(CLI::IsMember({"zero", "subtract"}));
  cmd->add_flag("--json", args->json_out, "Print a JSON summary on stdout");
  cmd->callback([args] { run_import(*args); });
}

}  // namespace spikeforge::cli

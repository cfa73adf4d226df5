// Each subcommand registers itself on the root CLI11 app: parses its options, calls the library,
// reports. Only cli/ parses argv and prints.
#pragma once
#include <CLI/CLI.hpp>

namespace spikeforge::cli {

// One line per subcommand (keep alphabetical).
void add_data_command(CLI::App& app);
void add_energy_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_explore_command(CLI::App& app);
void add_export_command(CLI::App& app);
void add_import_command(CLI::App& app);
void add_quantize_command(CLI::App& app);
void add_run_command(CLI::App& app);
void add_simulate_command(CLI::App& app);
void register_train(CLI::App& app);
void add_verify_command(CLI::App& app);


}  // namespace spikeforge::cli

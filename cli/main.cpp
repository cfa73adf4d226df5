// spikeforge: train -> quantize -> export -> verify -> estimate, one subcommand per step.
// Exit codes: 0 success, 2 bad usage or configuration, 3 bad or missing input file, 1 anything else.
#include <exception>
#include <iostream>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "core/errors.hpp"

int main(int argc, char** argv) {
  namespace sf = spikeforge;
  CLI::App app{"spikeforge: train, quantize, export, verify and estimate spiking neural networks"};
  app.set_version_flag("--version", "spikeforge " SPIKEFORGE_VERSION);
  app.require_subcommand(1);
  // Subcommands (keep alphabetical).
  sf::cli::add_data_command(app);
  sf::cli::add_energy_command(app);
  sf::cli::add_eval_command(app);
  sf::cli::add_export_command(app);
  sf::cli::add_import_command(app);
  sf::cli::add_quantize_command(app);
  sf::cli::add_run_command(app);
  sf::cli::add_simulate_command(app);
  sf::cli::register_train(app);
  sf::cli::add_verify_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;
  } catch (const sf::core::ConfigError& e) {
    std::cerr << "spikeforge: error: " << e.what() << "\n";
    return 2;
  } catch (const sf::core::InputError& e) {
    std::cerr << "spikeforge: error: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "spikeforge: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

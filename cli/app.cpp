// The spikeforge command line (cli/app.hpp).
#include "cli/app.hpp"

#include <exception>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/numeric.hpp"
#include "cli/job.hpp"
#include "core/errors.hpp"
#ifdef SPIKEFORGE_WITH_MPI
#include "dist/abort.hpp"
#include "dist/mpi_reducer.hpp"
#include "dist/session.hpp"
#endif

namespace spikeforge::cli {

namespace {
const Hooks* g_hooks = nullptr;

/// Installs the caller's hooks for the duration of one run_cli call.
struct HooksScope {
  explicit HooksScope(const Hooks& h) { g_hooks = &h; }
  ~HooksScope() { g_hooks = nullptr; }
  HooksScope(const HooksScope&) = delete;
  HooksScope& operator=(const HooksScope&) = delete;
};
}  // namespace

const Hooks& hooks() {
  static const Hooks none;
  return g_hooks ? *g_hooks : none;
}

int run_cli(int argc, char** argv, const Hooks& hooks) {
  namespace sf = spikeforge;
  const HooksScope scope(hooks);
#ifdef SPIKEFORGE_WITH_MPI
  const sf::dist::Session session(argc, argv);
  std::unique_ptr<sf::dist::MpiReducer> reducer;
  if (session.active()) {
    reducer = std::make_unique<sf::dist::MpiReducer>();
    set_job_reducer(reducer.get());
  }
  const bool distributed = session.size() > 1;
#else
  const bool distributed = false;
#endif
  // One error path: a single process returns the code; a rank of a larger job ends the job.
  auto fail = [distributed](int code, const std::string& what) {
#ifdef SPIKEFORGE_WITH_MPI
    if (distributed) sf::dist::abort_job(code, what);
#endif
    (void)distributed;
    std::cerr << "spikeforge: error: " << what << "\n";
    return code;
  };
  CLI::App app{"spikeforge: train, quantize, export, verify and estimate spiking neural networks"};
  app.set_version_flag("--version", "spikeforge " SPIKEFORGE_VERSION);
  app.require_subcommand(1);
  // Subcommands (keep alphabetical).
  add_data_command(app);
  add_energy_command(app);
  add_eval_command(app);
  add_explore_command(app);
  add_export_command(app);
  add_import_command(app);
  add_quantize_command(app);
  add_run_command(app);
  add_simulate_command(app);
  register_train(app);
  add_verify_command(app);
  apply_numeric_policy(app);  // every integer option: no negatives for unsigned, no fractions, in range
  try {
    if (distributed) {
      // Only these commands shard their samples; the others would just repeat the work K times.
      std::string command;
      for (int i = 1; i < argc && command.empty(); ++i)
        if (argv[i][0] != '-') command = argv[i];
      if (!command.empty() && command != "train" && command != "eval" && command != "verify")
        throw sf::core::ConfigError("'" + command + "' does not run under mpirun -np > 1 (train, eval and verify do)");
    }
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    if (distributed) fail(2, e.what());
    return 2;
  } catch (const sf::core::ConfigError& e) {
    return fail(2, e.what());
  } catch (const sf::core::InputError& e) {
    return fail(3, e.what());
  } catch (const std::bad_alloc& e) {
    return fail(1, std::string("out of memory (") + e.what() + ")");
  } catch (const std::exception& e) {
    return fail(1, e.what());
  }
  return 0;
}

}  // namespace spikeforge::cli

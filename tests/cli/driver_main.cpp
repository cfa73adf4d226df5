// The spikeforge command line with two test-only failure hooks, stripped from argv before the
// command line sees them (the production binary has neither):
//   --stop-after-iter N   exit abruptly (std::_Exit(75), no cleanup) right after trainer iteration N
//                         (its checkpoint is on disk): a kill -9 at a known point, for resume tests.
//   --fail-stage NAME     `run`: stage NAME throws when it starts, for resume-after-failure tests.
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "cli/app.hpp"
#include "core/errors.hpp"

int main(int argc, char** argv) {
  namespace sf = spikeforge;
  int stop_after = 0;
  std::string fail_stage;
  std::vector<char*> args;
  for (int i = 0; i < argc; ++i) {
    const std::string a = argv[i];
    if ((a == "--stop-after-iter" || a == "--fail-stage") && i + 1 < argc) {
      if (a == "--stop-after-iter") stop_after = std::stoi(argv[i + 1]);
      else fail_stage = argv[i + 1];
      ++i;
      continue;
    }
    args.push_back(argv[i]);
  }
  sf::cli::Hooks hooks;
  if (stop_after > 0) {
    hooks.iteration = [stop_after](const sf::trainer::TrainProgress& p) {
      if (p.iteration == stop_after) {
        std::cerr << std::flush;
        std::_Exit(75);
      }
    };
  }
  if (!fail_stage.empty()) {
    hooks.stage_start = [fail_stage](const std::string& stage) {
      if (stage == fail_stage) throw sf::core::Error("forced failure (--fail-stage " + stage + ")");
    };
  }
  args.push_back(nullptr);
  return sf::cli::run_cli(static_cast<int>(args.size()) - 1, args.data(), hooks);
}

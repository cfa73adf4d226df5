// Each subcommand registers itself on the root CLI11 app: parses its options, calls the library,
// reports. Only cli/ parses argv and prints.
#pragma once
#include <CLI/CLI.hpp>

namespace spikeforge::cli {

// One line per subcommand (keep alphabetical).


}  // namespace spikeforge::cli

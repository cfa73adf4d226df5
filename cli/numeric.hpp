// The CLI half of the numeric policy (core/numeric_text.hpp): every integer option of every
// subcommand gets a validator that rejects negatives for unsigned options, fractions, exponents,
// hex/octal and out-of-range values (exit 2, CLI11 names the option). One call in cli/app.cpp, after
// the subcommands are registered; options declared later are not covered.
#pragma once

#include <CLI/CLI.hpp>

namespace spikeforge::cli {

/// Adds the integer validator to every option of `app` and its subcommands whose CLI11 type is
/// INT or UINT (deduced from the bound variable). Returns the number of options covered.
int apply_numeric_policy(CLI::App& app);

/// The validator alone (for options of a CLI::App built elsewhere).
CLI::Validator integer_validator(bool is_signed);

}  // namespace spikeforge::cli

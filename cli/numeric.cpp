#include "cli/numeric.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include "core/numeric_text.hpp"

namespace spikeforge::cli {

CLI::Validator integer_validator(bool is_signed) {
  return CLI::Validator(
      [is_signed](std::string& value) -> std::string {
        const auto problem = is_signed ? core::integer_text_problem<std::int64_t>(value)
                                       : core::integer_text_problem<std::uint64_t>(value);
        return problem ? value + ": " + *problem : std::string();
      },
      "", is_signed ? "INTEGER" : "NON-NEGATIVE INTEGER");
}

int apply_numeric_policy(CLI::App& app) {
  int covered = 0;
  for (CLI::Option* opt : app.get_options()) {
    const std::string type = opt->get_type_name();
    const bool is_uint = type.rfind("UINT", 0) == 0;
    const bool is_int = !is_uint && type.rfind("INT", 0) == 0;
    if (!is_uint && !is_int) continue;
    opt->check(integer_validator(is_int));
    ++covered;
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) covered += apply_numeric_policy(*sub);
  return covered;
}

}  // namespace spikeforge::cli

#include "core/numeric_text.hpp"

#include "core/errors.hpp"

namespace spikeforge::core {

std::optional<std::string> integer_text_problem(std::string_view text, std::int64_t lo, std::uint64_t hi) {
  const std::string range = "[" + std::to_string(lo) + ", " + std::to_string(hi) + "]";
  const auto bad = [&](const std::string& why) { return std::optional<std::string>(why + "; must be an integer in " + range); };
  std::string_view digits = text;
  const bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.remove_prefix(1);
  if (digits.empty()) return bad("not a number");
  for (char c : digits) {
    if (c < '0' || c > '9') {
      if (c == '.' || c == 'e' || c == 'E') return bad("not an integer");
      return bad("not a decimal integer");
    }
  }
  if (digits.size() > 1 && digits[0] == '0') return bad("leading zero (octal is not accepted)");
  // Magnitude, saturating above 2^64 − 1 (20 digits at most fit).
  std::uint64_t mag = 0;
  bool overflow = digits.size() > 20;
  for (char c : digits) {
    if (overflow) break;
    const auto d = static_cast<std::uint64_t>(c - '0');
    if (mag > (UINT64_MAX - d) / 10) overflow = true;
    else mag = mag * 10 + d;
  }
  if (negative) {
    if (lo >= 0 && mag != 0) return bad("negative");
    const std::uint64_t lo_mag = lo < 0 ? static_cast<std::uint64_t>(-(lo + 1)) + 1 : 0;
    if (overflow || mag > lo_mag) return bad("out of range");
  } else if (overflow || mag > hi) {
    return bad("out of range");
  }
  return std::nullopt;
}

void throw_integer_problem(const std::string& name, std::string_view text, const std::string& problem) {
  throw ConfigError(name + " = " + std::string(text) + ": " + problem);
}

}  // namespace spikeforge::core

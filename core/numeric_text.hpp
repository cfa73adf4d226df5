// Numeric policy for user-given integers (CLI options, config keys): decimal digits only, a '-'
// only for signed types, no fraction, exponent, hex, octal or spaces, and in the type's range.
// "-1" never wraps to 2^64 − 1, "2.5" is never truncated to 2, "1e10" is never read as an int.
#pragma once
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace spikeforge::core {

/// Why `text` is not a decimal integer in [lo, hi], or nullopt if it is. The reason reads after
/// the value: "must be an integer in [0, 18446744073709551615]".
std::optional<std::string> integer_text_problem(std::string_view text, std::int64_t lo, std::uint64_t hi);

/// The problem for integer type T (its full range).
template <class T>
std::optional<std::string> integer_text_problem(std::string_view text) {
  static_assert(std::numeric_limits<T>::is_integer && sizeof(T) <= 8);
  return integer_text_problem(text, static_cast<std::int64_t>(std::numeric_limits<T>::min()),
                              static_cast<std::uint64_t>(std::numeric_limits<T>::max()));
}

/// Throws the ConfigError of parse_integer (kept out of line).
[[noreturn]] void throw_integer_problem(const std::string& name, std::string_view text, const std::string& problem);

/// Parses `text` as T; throws ConfigError "<name> = <text>: <problem>".
template <class T>
T parse_integer(std::string_view text, const std::string& name) {
  if (auto p = integer_text_problem<T>(text)) throw_integer_problem(name, text, *p);
  if (!text.empty() && text[0] == '-') return static_cast<T>(std::stoll(std::string(text)));
  return static_cast<T>(std::stoull(std::string(text)));
}

}  // namespace spikeforge::core

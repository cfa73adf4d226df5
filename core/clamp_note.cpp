#include "core/clamp_note.hpp"

namespace spikeforge::core {

std::optional<std::string> clamp_note(const std::string& option, std::size_t asked, std::size_t available) {
  if (asked == 0 || asked <= available) return std::nullopt;
  return "warning: " + option + " " + std::to_string(asked) + " > " + std::to_string(available) +
         " available: using " + std::to_string(available);
}

}  // namespace spikeforge::core

// Sample counts asked for but not available: the commands clip them to the data (a count of 0
// means "all"), and say so on stderr instead of clipping silently.
#pragma once
#include <cstddef>
#include <optional>
#include <string>

namespace spikeforge::core {

/// The warning for `option` = `asked` when only `available` samples were taken, or nullopt when
/// nothing was clipped (asked == 0 means all, asked <= available). E.g.
/// "warning: --train-samples 1000000000000 > 60000 available: using 60000".
std::optional<std::string> clamp_note(const std::string& option, std::size_t asked, std::size_t available);

}  // namespace spikeforge::core

// Input path policy: a file a command reads must exist, be a regular file (or a device/FIFO that
// can be read) and be readable. Every problem is an InputError (exit 3) naming the file, so a
// missing file, a directory or an unreadable file all exit 3 with the same kind of message,
// before any work. Readers also bound their allocations by the file's real size
// (core::input_file_size), so a forged header cannot ask for gigabytes.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

namespace spikeforge::core {

/// Checks that `path` can be read as an input file. `what` names it in messages ("export --net",
/// "profile"). Throws InputError "<what> <path>: does not exist | is a directory | ...".
void check_input_file(const std::filesystem::path& path, const std::string& what);

/// check_input_file(), then returns the whole file as bytes (std::string). InputError on a read error.
std::string read_input_file(const std::filesystem::path& path, const std::string& what);

/// Size in bytes of the regular file `path` (after check_input_file). 0 for devices and FIFOs.
std::uint64_t input_file_size(const std::filesystem::path& path);

}  // namespace spikeforge::core

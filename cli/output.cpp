#include "cli/output.hpp"

#include <iostream>

#include "core/atomic_write.hpp"

namespace spikeforge::cli {

void print_json(const nlohmann::json& j) { std::cout << j.dump(2) << "\n" << std::flush; }

void write_json_report(const std::string& path, const nlohmann::json& j) {
  if (path.empty()) return;
  core::write_file_atomically(path, j.dump(2) + "\n");
}

void progress(const std::string& stage, const std::string& message) {
  std::cerr << "[" << stage << "] " << message << "\n" << std::flush;
}

}  // namespace spikeforge::cli

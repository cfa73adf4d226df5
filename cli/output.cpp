#include "cli/output.hpp"

#include <iostream>

#include "cli/job.hpp"
#include "core/atomic_write.hpp"

namespace spikeforge::cli {

void print_json(const nlohmann::json& j) {
  if (is_root()) std::cout << j.dump(2) << "\n" << std::flush;
}

void write_json_report(const std::string& path, const nlohmann::json& j) {
  if (path.empty() || !is_root()) return;  // under MPI only rank 0 writes
  core::write_file_atomically(path, j.dump(2) + "\n");
}

void progress(const std::string& stage, const std::string& message) {
  if (!is_root()) return;
  std::cerr << ("[" + stage + "] " + message + "\n") << std::flush;  // one write: no interleaving under MPI
}

}  // namespace spikeforge::cli

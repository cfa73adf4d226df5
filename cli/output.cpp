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

nlohmann::json history_to_json(const trainer::History& history) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& r : history) {
    nlohmann::json row = {{"iteration", r.iteration}, {"seconds", r.seconds}};
    for (const auto& [k, v] : r.metrics) row[k] = v;
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace spikeforge::cli

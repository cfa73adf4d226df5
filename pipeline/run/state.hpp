// state.json of a `spikeforge run` directory ("format": "spikeforge.run-state/1"): the config hash,
// the finished stages in order, their seconds, and the files each stage wrote (size + FNV-1a), so
// that `--resume` skips only stages whose artifacts are intact. Files of an earlier run in the
// same directory that this run has not rewritten (yet) are listed as stale_from_previous_run.
#pragma once
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/file_digest.hpp"

namespace spikeforge::pipeline::run {

struct RunState {
  std::string config_hash;
  std::vector<std::string> finished;
  std::map<std::string, double> seconds;
  std::map<std::string, std::map<std::string, core::FileDigest>> artifacts;  ///< stage -> files it wrote
  std::vector<std::string> stale;  ///< files of an earlier run in this directory, not rewritten (yet) by this one

  [[nodiscard]] bool is_finished(const std::string& stage) const;
};

/// Files of the run directory that belong to no stage (written around the stages).
const std::vector<std::string>& bookkeeping_files();

/// Writes out/state.json atomically.
void save_state(const std::filesystem::path& out, const RunState& s);
/// Reads out/state.json. ConfigError if it does not exist ("nothing to resume"), InputError
/// naming the file if it is not a state file.
RunState load_state(const std::filesystem::path& out);

/// Records the files `stage` wrote since `before` (a core::stamp_tree of `out`) and unmarks them
/// as stale.
void record_artifacts(const std::filesystem::path& out, const std::string& stage,
                      const std::map<std::string, core::FileStamp>& before, RunState& state);

/// For --resume: the first finished stage whose recorded files are missing or changed is dropped
/// with every stage after it (their inputs may differ). Returns why ("" if all are intact).
std::string drop_changed_stages(const std::filesystem::path& out, RunState& state);

/// Reads a JSON file of the run directory (InputError naming it if missing or malformed).
nlohmann::json read_json_file(const std::filesystem::path& p);

}  // namespace spikeforge::pipeline::run

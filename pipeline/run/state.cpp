#include "pipeline/run/state.hpp"

#include <algorithm>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/atomic_write.hpp"
#include "core/dir_lock.hpp"
#include "core/errors.hpp"

namespace spikeforge::pipeline::run {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kStateFormat = "spikeforge.run-state/1";

json digests_to_json(const std::map<std::string, core::FileDigest>& files) {
  json j = json::object();
  for (const auto& [name, d] : files) j[name] = {{"size", d.size}, {"fnv1a", d.fnv1a}};
  return j;
}

}  // namespace

bool RunState::is_finished(const std::string& stage) const {
  return std::find(finished.begin(), finished.end(), stage) != finished.end();
}

const std::vector<std::string>& bookkeeping_files() {
  static const std::vector<std::string> files = {"state.json", core::DirLock::kFileName, "config.json", "report.json",
                                                 "report.html"};
  return files;
}

json read_json_file(const fs::path& p) {
  std::ifstream in(p);
  if (!in) throw core::InputError("run: cannot open " + p.string());
  try {
    json j;
    in >> j;
    return j;
  } catch (const json::exception& e) {
    throw core::InputError("run: " + p.string() + " is not valid JSON: " + e.what());
  }
}

void save_state(const fs::path& out, const RunState& s) {
  json sec = json::object();
  for (const auto& [k, v] : s.seconds) sec[k] = v;
  json art = json::object();
  for (const auto& [stage, files] : s.artifacts) art[stage] = digests_to_json(files);
  const json j = {{"format", kStateFormat}, {"config_hash", s.config_hash}, {"finished", s.finished}, {"seconds", sec},
                  {"artifacts", art}, {"stale_from_previous_run", s.stale}};
  core::write_file_atomically(out / "state.json", j.dump(2) + "\n");
}

RunState load_state(const fs::path& out) {
  const fs::path p = out / "state.json";
  if (!fs::exists(p)) throw core::ConfigError("run: --resume: " + p.string() + " does not exist (nothing to resume)");
  const json j = read_json_file(p);
  RunState s;
  try {
    if (j.at("format").get<std::string>() != kStateFormat)
      throw core::InputError("run: " + p.string() + ": format = " + j.at("format").dump() + ", expected " + kStateFormat);
    s.config_hash = j.at("config_hash").get<std::string>();
    s.finished = j.at("finished").get<std::vector<std::string>>();
    for (const auto& [k, v] : j.at("seconds").items()) s.seconds[k] = v.get<double>();
    const json artifacts = j.value("artifacts", json::object());  // a named copy: items() refers into it
    for (const auto& [stage, files] : artifacts.items())
      for (const auto& [name, d] : files.items())
        s.artifacts[stage][name] = core::FileDigest{d.at("size").get<std::uint64_t>(), d.at("fnv1a").get<std::string>()};
    s.stale = j.value("stale_from_previous_run", std::vector<std::string>{});
  } catch (const json::exception& e) {
    throw core::InputError("run: " + p.string() + ": bad state: " + e.what());
  }
  return s;
}

void record_artifacts(const fs::path& out, const std::string& stage, const std::map<std::string, core::FileStamp>& before,
                      RunState& state) {
  state.artifacts[stage] = core::written_between(before, core::stamp_tree(out, bookkeeping_files()));
  std::erase_if(state.stale, [&](const std::string& f) { return state.artifacts[stage].count(f) > 0; });
}

std::string drop_changed_stages(const fs::path& out, RunState& state) {
  for (std::size_t k = 0; k < state.finished.size(); ++k) {
    const std::string stage = state.finished[k];
    const auto it = state.artifacts.find(stage);
    if (it == state.artifacts.end()) continue;  // a state.json of an older version records none
    if (const auto problem = core::verify_files(out, it->second)) {
      for (std::size_t r = k; r < state.finished.size(); ++r) state.artifacts.erase(state.finished[r]);
      const bool later = k + 1 < state.finished.size();
      state.finished.resize(k);
      return "stage " + stage + " is not intact (" + *problem + "): running it again" +
             (later ? " with the stages after it" : "");
    }
  }
  return {};
}

}  // namespace spikeforge::pipeline::run

// An exclusive lock on a directory that one process writes (a `run` output directory): a lock
// file `<dir>/.lock` held with flock(LOCK_EX | LOCK_NB) for the lifetime of the object. The kernel
// releases it when the process ends, even on kill -9, so a stale lock never blocks a later run.
// The file holds a line naming the holder (pid, host, start time) for the refusal message.
#pragma once
#include <filesystem>
#include <string>

namespace spikeforge::core {

class DirLock {
 public:
  /// Takes the lock on `dir` (which must exist). `what` names the user of the directory in the
  /// message ("run --out"). Throws ConfigError "<what> <dir>: in use by <holder>" when another
  /// process holds it, OutputError if the lock file cannot be created.
  DirLock(const std::filesystem::path& dir, const std::string& what);
  ~DirLock();
  DirLock(const DirLock&) = delete;
  DirLock& operator=(const DirLock&) = delete;

  /// The lock file's name inside the directory.
  static constexpr const char* kFileName = ".lock";

 private:
  int fd_ = -1;
};

}  // namespace spikeforge::core

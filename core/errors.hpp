// spikeforge error family: one root, a few leaves chosen by what the caller can do.
// Messages start with where they come from and name the file, field and value.
// The CLI maps them to exit codes: ConfigError -> 2, InputError -> 3, anything else -> 1.
#pragma once
#include <stdexcept>
#include <string>

namespace spikeforge::core {

/// Root of every error spikeforge throws on purpose.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Bad settings or usage: invalid hyper-parameter, unknown option value, shape mismatch between
/// a network and the data given to it, a network over a chip's limits. Exit code 2.
class ConfigError : public Error {
 public:
  using Error::Error;
};

/// A value that cannot be represented in a chip's fixed-point format. Exit code 2.
class RangeError : public ConfigError {
 public:
  using ConfigError::ConfigError;
};

/// A bad or missing input file: not found, truncated, wrong magic or tag, invalid content.
/// The message names the file (and the field and value where there is one). Exit code 3.
class InputError : public Error {
 public:
  using Error::Error;
};

/// An output could not be written (disk full, permissions). Exit code 1.
class OutputError : public Error {
 public:
  using Error::Error;
};

}  // namespace spikeforge::core

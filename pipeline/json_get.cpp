#include "pipeline/json_get.hpp"

#include <cmath>
#include <cstdint>
#include <limits>

#include "core/errors.hpp"

namespace spikeforge::pipeline {

void throw_json_type(const nlohmann::json& v, const std::string& key, const std::string& what) {
  throw core::ConfigError(key + " = " + v.dump() + " must be " + what);
}

namespace {

template <class T>
void read_integer(const nlohmann::json& v, T& out, const std::string& key) {
  const std::string range = "an integer in [" + std::to_string(std::numeric_limits<T>::min()) + ", " +
                            std::to_string(std::numeric_limits<T>::max()) + "]";
  if (v.is_number_unsigned()) {
    const auto x = v.get<std::uint64_t>();
    if (x > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) throw_json_type(v, key, range);
    out = static_cast<T>(x);
    return;
  }
  if (v.is_number_integer()) {
    const auto x = v.get<std::int64_t>();
    if (x < 0 && !std::numeric_limits<T>::is_signed) throw_json_type(v, key, "a non-negative integer");
    if (std::numeric_limits<T>::is_signed &&
        (x < static_cast<std::int64_t>(std::numeric_limits<T>::min()) ||
         x > static_cast<std::int64_t>(std::numeric_limits<T>::max())))
      throw_json_type(v, key, range);
    out = static_cast<T>(x);
    return;
  }
  if (v.is_number_float()) {
    const double x = v.get<double>();
    if (!std::isfinite(x) || std::floor(x) != x) throw_json_type(v, key, "an integer");
    if (x < 0 && !std::numeric_limits<T>::is_signed) throw_json_type(v, key, "a non-negative integer");
    // 2^63 and 2^64 are exact in double; anything at or beyond the type's range is refused.
    if (x < static_cast<double>(std::numeric_limits<T>::min()) || x >= std::ldexp(1.0, std::numeric_limits<T>::digits))
      throw_json_type(v, key, range);
    out = static_cast<T>(x);
    return;
  }
  throw_json_type(v, key, "an integer");
}

template <class T>
void read_floating(const nlohmann::json& v, T& out, const std::string& key) {
  if (!v.is_number()) throw_json_type(v, key, "a number");
  const double x = v.get<double>();
  if (!std::isfinite(x) || std::fabs(x) > static_cast<double>(std::numeric_limits<T>::max()))
    throw_json_type(v, key, "a finite number");
  out = static_cast<T>(x);
}

}  // namespace

void read_json_value(const nlohmann::json& v, int& out, const std::string& key) { read_integer(v, out, key); }
void read_json_value(const nlohmann::json& v, long& out, const std::string& key) { read_integer(v, out, key); }
void read_json_value(const nlohmann::json& v, long long& out, const std::string& key) { read_integer(v, out, key); }
void read_json_value(const nlohmann::json& v, unsigned& out, const std::string& key) { read_integer(v, out, key); }
void read_json_value(const nlohmann::json& v, unsigned long& out, const std::string& key) { read_integer(v, out, key); }
void read_json_value(const nlohmann::json& v, unsigned long long& out, const std::string& key) { read_integer(v, out, key); }
void read_json_value(const nlohmann::json& v, double& out, const std::string& key) { read_floating(v, out, key); }
void read_json_value(const nlohmann::json& v, float& out, const std::string& key) { read_floating(v, out, key); }
void read_json_value(const nlohmann::json& v, bool& out, const std::string& key) {
  if (!v.is_boolean()) throw_json_type(v, key, "true or false");
  out = v.get<bool>();
}
void read_json_value(const nlohmann::json& v, std::string& out, const std::string& key) {
  if (!v.is_string()) throw_json_type(v, key, "a string");
  out = v.get<std::string>();
}

}  // namespace spikeforge::pipeline

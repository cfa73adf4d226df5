// Strict reads of JSON values into C++ fields: the run config's one numeric policy. An integer
// field takes only an integral number in the field's range (no 2.5, no -1 for an unsigned, no
// 1e10 for an int); a floating field takes any finite number; a bool only true/false; a string
// only a string. Errors are ConfigErrors naming the key: "run config: data.steps = 2.5 must be an integer".
#pragma once
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace spikeforge::pipeline {

/// ConfigError "<key> = <value> must be <what>".
[[noreturn]] void throw_json_type(const nlohmann::json& v, const std::string& key, const std::string& what);

/// Reads `v` into `out`; `key` names it in errors (e.g. "run config: train.iterations").
void read_json_value(const nlohmann::json& v, int& out, const std::string& key);
void read_json_value(const nlohmann::json& v, long& out, const std::string& key);
void read_json_value(const nlohmann::json& v, long long& out, const std::string& key);
void read_json_value(const nlohmann::json& v, unsigned& out, const std::string& key);
void read_json_value(const nlohmann::json& v, unsigned long& out, const std::string& key);
void read_json_value(const nlohmann::json& v, unsigned long long& out, const std::string& key);
void read_json_value(const nlohmann::json& v, double& out, const std::string& key);
void read_json_value(const nlohmann::json& v, float& out, const std::string& key);
void read_json_value(const nlohmann::json& v, bool& out, const std::string& key);
void read_json_value(const nlohmann::json& v, std::string& out, const std::string& key);

template <class T>
void read_json_value(const nlohmann::json& v, std::vector<T>& out, const std::string& key) {
  if (!v.is_array()) throw_json_type(v, key, "an array");
  std::vector<T> r(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) read_json_value(v[i], r[i], key + "[" + std::to_string(i) + "]");
  out = std::move(r);
}

}  // namespace spikeforge::pipeline

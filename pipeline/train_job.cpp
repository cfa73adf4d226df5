#include "pipeline/train_job.hpp"

#include <set>

#include "core/errors.hpp"
#include "pipeline/json_get.hpp"
#include "pipeline/train_fields.hpp"

namespace spikeforge::pipeline {

using nlohmann::json;

namespace {
/// The job's own plain fields, as rows like the trainers' tables (run-config key = member).
template <class F>
void job_fields(F&& f) {
  using J = TrainJob;
  f(Field{"method", "", "", &J::method});
  f(Field{"hidden", "", "", &J::hidden});
  f(Field{"leak", "", "", &J::leak});
  f(Field{"threshold", "", "", &J::threshold});
  f(Field{"threads", "", "", &J::threads});
  f(Field{"spike_budget", "", "", &J::spike_budget});
  f(Field{"profile", "", "", &J::profile});
  f(Field{"weight_bits", "", "", &J::weight_bits});
  f(Field{"max_fan_in", "", "", &J::max_fan_in});
  f(Field{"fan_in_group", "", "", &J::fan_in_group});
}
}  // namespace

void TrainJob::use_variant(const std::string& variant) {
  admm = trainer::admm::Settings::preset(trainer::admm::parse_variant(variant));
}

namespace {
/// The job's model fields onto ADMM or readout settings (same member names and types).
template <class S>
S with_common(S s, const TrainJob& job) {
  s.hidden = job.hidden;
  s.leak = job.leak;
  s.threshold = job.threshold;
  s.reset = job.reset;
  s.seed = job.seed;
  s.threads = job.threads;
  return s;
}
}  // namespace

trainer::admm::Settings TrainJob::admm_settings() const {
  trainer::admm::Settings s = with_common(admm, *this);
  s.spike_budget = spike_budget;
  return s;
}

trainer::BpttSettings TrainJob::bptt_settings() const {
  trainer::BpttSettings s = bptt;
  s.spike_budget = static_cast<float>(spike_budget);
  s.hidden = hidden;
  s.leak = static_cast<float>(leak);
  s.v_thresh = static_cast<float>(threshold);
  s.reset = reset;
  s.seed = seed;
  s.threads = threads;
  return s;
}

trainer::readout::Settings TrainJob::readout_settings() const { return with_common(readout, *this); }

void TrainJob::validate(const std::string& where) const {
  try {
    if (method == "admm") {
      admm_settings().validate();
      if (admm.iterations <= 0)  // like run's train.iterations: 0 iterations would save the init
        throw core::ConfigError("iterations = " + std::to_string(admm.iterations) + " must be > 0");
    } else if (method == "bptt") {
      bptt_settings().validate();
    } else if (method == "readout") {
      readout_settings().validate();
    } else {
      throw core::ConfigError("method = '" + method + "' must be admm, bptt or readout");
    }
    if (!profile.empty() && method != "admm")
      throw core::ConfigError("profile = '" + profile + "' (training on a chip's grid) needs method admm, not " + method);
    if (profile.empty() && weight_bits != 0)
      throw core::ConfigError("weight_bits = " + std::to_string(weight_bits) + " needs a profile to train on");
    if (!profile.empty() && (weight_bits < 0 || weight_bits == 1 || weight_bits > 8))
      throw core::ConfigError("weight_bits = " + std::to_string(weight_bits) +
                              " must be 0 (the profile's maximum) or 2..8 for ADMM training on a grid");
    if (max_fan_in < 0) throw core::ConfigError("max_fan_in = " + std::to_string(max_fan_in) + " must be >= 1 (0 = no limit)");
    if (max_fan_in > 0 && method != "admm")
      throw core::ConfigError("max_fan_in = " + std::to_string(max_fan_in) + " needs method admm, not " + method);
    if (fan_in_group < 1) throw core::ConfigError("fan_in_group = " + std::to_string(fan_in_group) + " must be >= 1");
    if (fan_in_group > 1 && max_fan_in == 0)
      throw core::ConfigError("fan_in_group = " + std::to_string(fan_in_group) + " needs max_fan_in > 0");
    if (checkpoint_every < 0)
      throw core::ConfigError("checkpoint_every = " + std::to_string(checkpoint_every) + " must be >= 0");
    if (resume && checkpoint.empty()) throw core::ConfigError("resume needs a checkpoint file");
  } catch (const core::ConfigError& e) {
    throw core::ConfigError(where + ": " + e.what());
  }
}

json train_to_json(const TrainJob& job) {
  json j = {{"reset", core::to_string(job.reset)},
            {"threads", job.threads},
            {"spike_budget", job.spike_budget},
            {"profile", job.profile},
            {"weight_bits", job.weight_bits},
            {"max_fan_in", job.max_fan_in},
            {"fan_in_group", job.fan_in_group},
            {"variant", trainer::admm::to_string(job.admm.variant)},
            {"init", trainer::admm::to_string(job.admm.init)}};
  job_fields([&](auto field) { j[field.key] = job.*field.member; });
  auto put = [&j](const auto& settings) {
    return [&j, &settings](auto field) { j[field.key] = settings.*field.member; };
  };
  admm_fields(put(job.admm));
  bptt_fields(put(job.bptt));
  readout_fields(put(job.readout));
  return j;
}

void apply_train_json(TrainJob& job, const json& train) {
  const std::string prefix = "run config: train.";
  if (!train.is_object()) throw_json_type(train, "run config: train", "an object");
  if (auto it = train.find("variant"); it != train.end()) {
    std::string v;
    read_json_value(*it, v, prefix + "variant");
    try {
      job.use_variant(v);
    } catch (const core::ConfigError& e) {
      throw core::ConfigError(prefix + "variant: " + e.what());
    }
  }
  for (const auto& [key, value] : train.items()) {
    const std::string name = prefix + key;
    if (key == "variant") continue;
    bool common = false;
    job_fields([&](auto field) {
      if (key == field.key) {
        read_json_value(value, job.*field.member, name);
        common = true;
      }
    });
    if (common) {
      continue;
    } else if (key == "reset") {
      std::string r;
      read_json_value(value, r, name);
      job.reset = core::parse_reset_mode(r, name);
    } else if (key == "init") {
      std::string r;
      read_json_value(value, r, name);
      try {
        job.admm.init = trainer::admm::parse_init(r);
      } catch (const core::ConfigError& e) {
        throw core::ConfigError(name + ": " + e.what());
      }
    } else {
      bool found = false;
      auto get = [&](auto& settings) {
        return [&](auto field) {
          if (key == field.key) {
            read_json_value(value, settings.*field.member, name);
            found = true;
          }
        };
      };
      admm_fields(get(job.admm));
      bptt_fields(get(job.bptt));
      readout_fields(get(job.readout));
      if (!found) throw core::ConfigError("run config: unknown key 'train." + key + "'");
    }
  }
}

}  // namespace spikeforge::pipeline

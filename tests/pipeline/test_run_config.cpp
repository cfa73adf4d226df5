// Tests of pipeline/run/config.cpp: JSON config onto defaults, errors naming the key, config hash.
#include <catch2/catch.hpp>

#include "pipeline/run/config.hpp"
#include "core/errors.hpp"

namespace run = spikeforge::pipeline::run;
using nlohmann::json;

namespace {
std::string config_error(const json& doc) {
  run::RunConfig c;
  try {
    run::apply_json(c, doc);
  } catch (const spikeforge::core::ConfigError& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST_CASE("run config: keys given override the defaults, others keep them") {
  run::RunConfig c;
  run::apply_json(c, json::parse(R"({"train": {"hidden": [64, 32], "iterations": 3}, "verify": {"samples": 7}})"));
  CHECK(c.train.hidden == std::vector<int>{64, 32});
  CHECK(c.train.admm.iterations == 3);
  CHECK(c.verify.samples == 7);
  CHECK(c.data.dataset == "fashion-mnist");
  CHECK(c.quantize.profiles == std::vector<std::string>{"spikeforge-core", "loihi"});
}

TEST_CASE("run config: unknown keys and wrong types are ConfigErrors naming the key") {
  CHECK_THAT(config_error(json::parse(R"({"train": {"foo": 1}})")), Catch::Contains("unknown key 'train.foo'"));
  CHECK_THAT(config_error(json::parse(R"({"trian": {}})")), Catch::Contains("unknown key 'trian'"));
  CHECK_THAT(config_error(json::parse(R"({"verify": {"samples": "many"}})")), Catch::Contains("verify.samples"));
  CHECK_THAT(config_error(json::parse(R"({"train": {"method": "admm", "iterations": 0}})")), Catch::Contains("train.iterations"));
  CHECK_THAT(config_error(json::parse(R"({"quantize": {"profiles": ["no-such-chip"]}})")),
             Catch::Contains("no-such-chip"));
  CHECK_THAT(config_error(json::parse(R"({"export": {"formats": ["onnx"]}})")), Catch::Contains("export.formats"));
  CHECK(config_error(json::parse(R"({"train": {"rho": 2}})")).empty());  // an integer where a double is expected is fine
}

TEST_CASE("run config: the hash follows the effective config") {
  run::RunConfig a, b;
  CHECK(run::config_hash(a) == run::config_hash(b));
  CHECK(run::config_hash(a).size() == 16);
  b.make_quick();
  CHECK(run::config_hash(a) != run::config_hash(b));
  run::RunConfig c;
  run::apply_json(c, json::parse(R"({"data": {"seed": 2}})"));
  CHECK(run::config_hash(a) != run::config_hash(c));
  // The JSON form round-trips to the same hash.
  run::RunConfig d;
  run::apply_json(d, run::to_json(b));
  CHECK(run::config_hash(d) == run::config_hash(b));
}

TEST_CASE("run config: one numeric policy: no negatives for counts, no fractions or overflow for integers") {
  // Issue #16's cases, each a ConfigError naming the key.
  CHECK_THAT(config_error(json::parse(R"({"verify": {"samples": -1}})")), Catch::Contains("verify.samples = -1"));
  CHECK_THAT(config_error(json::parse(R"({"data": {"steps": 2.5}})")), Catch::Contains("data.steps = 2.5"));
  CHECK_THAT(config_error(json::parse(R"({"train": {"hidden": [16.7]}})")), Catch::Contains("train.hidden[0]"));
  CHECK_THAT(config_error(json::parse(R"({"data": {"steps": 1e10}})")), Catch::Contains("data.steps"));
  CHECK_THAT(config_error(json::parse(R"({"data": {"seed": -3}})")), Catch::Contains("data.seed"));
  CHECK_THAT(config_error(json::parse(R"({"train": {"rho": "x"}})")), Catch::Contains("train.rho"));
  CHECK(config_error(json::parse(R"({"data": {"steps": 10.0}})")).empty());  // an integral double is an integer
}

TEST_CASE("run config: train takes every trainer's table keys and the variant preset first") {
  run::RunConfig c;
  run::apply_json(c, json::parse(R"({"train": {"agg_kappa": 0.5, "variant": "paper", "method": "bptt", "epochs": 4}})"));
  CHECK(c.train.admm.agg_kappa == 0.5);     // applied after the paper preset despite its position
  CHECK(c.train.admm.aggregate == false);   // the paper preset
  CHECK(c.train.method == "bptt");
  CHECK(c.train.bptt.epochs == 4);
  // The JSON form lists every key once and reads back to the same job.
  run::RunConfig d;
  run::apply_json(d, run::to_json(c));
  CHECK(run::to_json(d) == run::to_json(c));
  CHECK_THAT(config_error(json::parse(R"({"train": {"method": "sgd"}})")), Catch::Contains("method = 'sgd'"));
}

TEST_CASE("run config: profile, weight bits and energy sets are checked before the stages", "[bad_input]") {
  CHECK_THAT(config_error(json::parse(R"({"quantize": {"weight_bits": 99}})")),
             Catch::Contains("quantize.weight_bits") && Catch::Contains("99"));
  CHECK_THAT(config_error(json::parse(R"({"energy": {"constants": ["no-such-set"]}})")), Catch::Contains("no-such-set"));
  run::RunConfig c;
  REQUIRE_THROWS_AS(run::apply_json(c, json::parse(R"({"quantize": {"profiles": ["/no/such/profile.json"]}})")),
                    spikeforge::core::InputError);
}

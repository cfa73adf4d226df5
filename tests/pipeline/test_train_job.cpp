// Tests of pipeline/train_job.cpp and pipeline/train_fields.hpp: defaults written once, presets,
// the JSON form, and the table keys.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "core/errors.hpp"
#include "pipeline/train_fields.hpp"
#include "pipeline/train_job.hpp"

namespace sf = spikeforge;
using nlohmann::json;

TEST_CASE("every table key and flag is unique over the three trainers") {
  std::set<std::string> keys = {"method", "hidden", "leak", "threshold", "reset", "threads", "spike_budget", "variant", "init"};
  std::set<std::string> flags;
  std::size_t rows = 0;
  auto check = [&](auto field) {
    ++rows;
    CHECK(keys.insert(field.key).second);
    CHECK(flags.insert(field.flag).second);
  };
  sf::pipeline::admm_fields(check);
  sf::pipeline::bptt_fields(check);
  sf::pipeline::readout_fields(check);
  CHECK(rows == flags.size());
}

TEST_CASE("the job's defaults are the trainers' (improved preset for ADMM)") {
  const sf::pipeline::TrainJob job;
  const auto s = job.admm_settings();
  const auto improved = sf::trainer::admm::Settings::improved();
  CHECK(s.iterations == improved.iterations);
  CHECK(s.gamma == improved.gamma);
  CHECK(s.aggregate == improved.aggregate);
  CHECK(s.hidden == job.hidden);
  CHECK_NOTHROW(job.validate());
}

TEST_CASE("a variant preset replaces every ADMM field; the common fields still win") {
  sf::pipeline::TrainJob job;
  job.leak = 0.9;
  job.use_variant("paper");
  const auto s = job.admm_settings();
  CHECK_FALSE(s.aggregate);
  CHECK(s.gamma == 0.0);
  CHECK(s.leak == 0.9);
  CHECK_THROWS_AS(job.use_variant("fancy"), sf::core::ConfigError);
}

TEST_CASE("validate names the method's field, prefixed by where the job came from") {
  sf::pipeline::TrainJob job;
  job.admm.rho = -1;
  CHECK_THROWS_WITH(job.validate("run config: train"), Catch::Contains("run config: train: admm: rho = -1"));
  job.method = "bptt";
  CHECK_NOTHROW(job.validate());  // the ADMM fields do not matter to BPTT
  job.bptt.lr = 0;
  CHECK_THROWS_WITH(job.validate(), Catch::Contains("lr"));
  job.method = "sgd";
  CHECK_THROWS_WITH(job.validate(), Catch::Contains("method = 'sgd'"));
}

TEST_CASE("the JSON form round-trips and names unknown keys") {
  sf::pipeline::TrainJob a;
  a.method = "bptt";
  a.bptt.epochs = 7;
  a.admm.agg_kappa = 0.4;
  a.hidden = {32, 16};
  sf::pipeline::TrainJob b;
  sf::pipeline::apply_train_json(b, sf::pipeline::train_to_json(a));
  CHECK(sf::pipeline::train_to_json(b) == sf::pipeline::train_to_json(a));
  CHECK(b.bptt.epochs == 7);
  CHECK_THROWS_WITH(sf::pipeline::apply_train_json(b, json{{"epoch", 3}}), Catch::Contains("unknown key 'train.epoch'"));
  CHECK_THROWS_WITH(sf::pipeline::apply_train_json(b, json{{"epochs", 2.5}}), Catch::Contains("train.epochs = 2.5"));
  sf::pipeline::apply_train_json(b, json{{"epochs", -3}});  // an int: the settings' rule refuses it
  CHECK_THROWS_WITH(b.validate("run config: train"), Catch::Contains("epochs = -3"));
}

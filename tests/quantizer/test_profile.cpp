// Chip profiles: the two shipped files load; lookup by name, path and env var; validation errors
// name the file, field and value.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"
#include "quantizer/profile.hpp"
#include "support/temp_dir.hpp"

using namespace spikeforge;
using quantizer::ChipProfile;

namespace {

nlohmann::json loihi_doc() {
  std::ifstream in(quantizer::profile_dir() / "loihi.json");
  return nlohmann::json::parse(in);
}

std::filesystem::path write(const test::TempDir& dir, const std::string& name, const nlohmann::json& doc) {
  const auto p = dir / name;
  std::ofstream(p) << doc.dump(2);
  return p;
}

}  // namespace

TEST_CASE("profile: loihi and spikeforge-core load with the documented widths") {
  const ChipProfile loihi = quantizer::load_profile("loihi");
  CHECK(loihi.name == "loihi");
  CHECK(loihi.vth_max() == 131071);
  CHECK(loihi.bias_mant_max() == 4095);
  CHECK(loihi.bias_mant_min() == -4096);
  CHECK(loihi.bias_exp_max() == 7);
  CHECK(loihi.supports(core::ResetMode::zero));
  CHECK_FALSE(loihi.supports(core::ResetMode::subtract));
  CHECK(loihi.energy_table == "loihi-2018");
  const ChipProfile core_p = quantizer::load_profile("spikeforge-core");
  CHECK(core_p.supports(core::ResetMode::subtract));
  CHECK(core_p.energy_table == "horowitz-45nm");
  // The networks the project trains fit: 784-256-256-10 synapses and N-MNIST's 2312 fan-in.
  CHECK(core_p.max_synapses >= 784 * 256 + 256 * 256 + 256 * 10);
  CHECK(core_p.max_fan_in >= 2312);
  const auto names = quantizer::profile_names();
  CHECK(std::find(names.begin(), names.end(), "loihi") != names.end());
}

TEST_CASE("profile: a path loads the file, SPIKEFORGE_PROFILE_DIR changes the lookup directory") {
  test::TempDir dir;
  auto doc = loihi_doc();
  doc["name"] = "loihi-small";
  doc["limits"]["max_neurons_per_layer"] = 128;
  const auto p = write(dir, "loihi-small.json", doc);
  CHECK(quantizer::load_profile(p.string()).max_neurons_per_layer == 128);
  ::setenv("SPIKEFORGE_PROFILE_DIR", dir.path().c_str(), 1);
  const ChipProfile by_name = quantizer::load_profile("loihi-small");
  CHECK_THROWS_AS(quantizer::load_profile("loihi"), core::ConfigError);  // not in the env dir
  ::unsetenv("SPIKEFORGE_PROFILE_DIR");
  CHECK(by_name.name == "loihi-small");
  CHECK_THROWS_WITH(quantizer::load_profile("no-such-chip"), Catch::Contains("unknown profile 'no-such-chip'"));
}

TEST_CASE("profile: invalid values are ConfigErrors naming file, field and value") {
  test::TempDir dir;
  struct Case {
    const char* section;
    const char* key;
    nlohmann::json value;
    const char* expect;
  };
  const std::vector<Case> cases{
      {"neuron", "vth_bits", 40, "neuron.vth_bits = 40"},
      {"neuron", "vth_bits", 0, "neuron.vth_bits = 0"},
      {"neuron", "u_bits", 20, "neuron.u_bits = 20"},
      {"neuron", "v_bits", 22, "neuron.v_bits = 22"},
      {"weights", "max_bits", 9, "weights.max_bits = 9"},
      {"weights", "exp_min", -20, "weights.exp_min = -20"},
      {"weights", "exp_max", -9, "weights.exp_max = -9"},
      {"limits", "max_fan_in", 0, "limits.max_fan_in = 0"},
      {"neuron", "reset_modes", nlohmann::json::array(), "reset_modes"},
  };
  for (const auto& c : cases) {
    auto doc = loihi_doc();
    doc[c.section][c.key] = c.value;
    const auto p = write(dir, "bad.json", doc);
    INFO(c.expect);
    CHECK_THROWS_AS(quantizer::read_profile(p), core::ConfigError);
    CHECK_THROWS_WITH(quantizer::read_profile(p), Catch::Contains(c.expect) && Catch::Contains("bad.json"));
  }
  // v width below vth width + 7 is impossible (vth << 6 must fit in signed v).
  auto doc = loihi_doc();
  doc["neuron"]["vth_bits"] = 17;
  ChipProfile p = quantizer::read_profile(write(dir, "ok.json", doc));
  p.v_bits = 23;
  CHECK_THROWS_WITH(p.validate(), Catch::Contains("v_bits = 23"));
}

TEST_CASE("profile: missing fields, wrong types and bad tags are InputErrors") {
  test::TempDir dir;
  auto doc = loihi_doc();
  doc["limits"].erase("max_synapses");
  CHECK_THROWS_WITH(quantizer::read_profile(write(dir, "a.json", doc)), Catch::Contains("limits.max_synapses"));
  CHECK_THROWS_AS(quantizer::read_profile(write(dir, "a.json", doc)), core::InputError);
  doc = loihi_doc();
  doc["neuron"]["vth_bits"] = "seventeen";
  CHECK_THROWS_AS(quantizer::read_profile(write(dir, "b.json", doc)), core::InputError);
  doc = loihi_doc();
  doc["format"] = "something/1";
  CHECK_THROWS_AS(quantizer::read_profile(write(dir, "c.json", doc)), core::InputError);
  CHECK_THROWS_AS(quantizer::read_profile(dir / "missing.json"), core::InputError);
  std::ofstream(dir / "trunc.json") << "{\"format\": ";
  CHECK_THROWS_AS(quantizer::read_profile(dir / "trunc.json"), core::InputError);
}

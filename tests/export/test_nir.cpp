// Tests of export/nir_write.cpp and export/nir_read.cpp (one header, export/nir.hpp).
#include "export/nir.hpp"

#include <cmath>
#include <set>

#include <catch2/catch.hpp>

#include "core/dataset.hpp"
#include "core/errors.hpp"
#include "core/float_sim.hpp"
#include "core/h5.hpp"
#include "export/fixed_fixture.hpp"
#include "support/temp_dir.hpp"

namespace sf = spikeforge;

namespace {

// Leaks go through τ in float32 and back: δ comes back within float32 rounding of τ (rel. 6e-8)
// amplified by 1/(1 − δ) ≤ 20 for the leaks used here.
constexpr double kLeakTol = 2e-6;
// A threshold written as float32 and read back: 2^-24 relative rounding, with margin.
constexpr double kFloat32Rel = 1e-6;

sf::core::FloatNetwork make_float_network(sf::core::ResetMode reset = sf::core::ResetMode::zero) {
  std::mt19937_64 rng(5);
  std::normal_distribution<float> g(0.0F, 0.5F);
  sf::core::FloatNetwork net;
  const int sizes[] = {6, 5, 4, 3};
  const float leaks[] = {0.9F, 1.0F, 0.75F};
  for (int l = 0; l < 3; ++l) {
    sf::core::Layer L;
    L.weights.resize(sizes[l + 1], sizes[l]);
    for (Eigen::Index k = 0; k < L.weights.size(); ++k) L.weights(k) = g(rng);
    L.bias.resize(sizes[l + 1]);
    for (Eigen::Index k = 0; k < L.bias.size(); ++k) L.bias(k) = g(rng) * 0.1F;
    L.neuron.leak = leaks[l];
    L.neuron.v_thresh = 0.5F + 0.25F * static_cast<float>(l);
    L.neuron.reset = reset;
    L.neuron.spiking = l < 2;
    net.layers.push_back(std::move(L));
  }
  return net;
}

void check_same(const sf::core::FloatNetwork& a, const sf::core::FloatNetwork& b) {
  REQUIRE(a.layers.size() == b.layers.size());
  for (std::size_t l = 0; l < a.layers.size(); ++l) {
    INFO("layer " << l);
    CHECK(a.layers[l].weights == b.layers[l].weights);
    CHECK(a.layers[l].bias == b.layers[l].bias);
    CHECK(std::abs(static_cast<double>(a.layers[l].neuron.leak) - static_cast<double>(b.layers[l].neuron.leak)) < kLeakTol);
    CHECK(a.layers[l].neuron.spiking == b.layers[l].neuron.spiking);
    if (a.layers[l].neuron.spiking) {
      CHECK(a.layers[l].neuron.v_thresh == b.layers[l].neuron.v_thresh);
      CHECK(b.layers[l].neuron.reset == sf::core::ResetMode::zero);
    }
  }
}

// A hand-made NIR file: input(2) → a(Affine 3×2) → n(LIF 3) → output(3). `edit(nodes, edges, skip)`
// runs first: it may add nodes, change the edges and name default nodes not to write in `skip`.
template <class Edit>
std::filesystem::path hand_made(const sf::test::TempDir& dir, const std::string& name, Edit edit) {
  const auto path = dir / name;
  auto f = sf::core::h5::File::create(path.string());
  f.write_vlen_string("version", "1.0");
  auto g = f.create_group("node");
  g.write_vlen_string("type", "NIRGraph");
  auto nodes = g.create_group("nodes");
  std::vector<std::string> edges{"input", "a", "a", "n", "n", "output"};
  std::set<std::string> skip;
  edit(nodes, edges, skip);
  g.write_strings("edges", edges, {edges.size() / 2, 2});
  if (skip.count("all")) return path;
  auto in = nodes.create_group("input");
  in.write_vlen_string("type", "Input");
  const std::vector<std::int64_t> s2{2}, s3{3};
  in.write_array("shape", std::span<const std::int64_t>(s2), {1});
  if (!skip.count("a")) {
    auto a = nodes.create_group("a");
    a.write_vlen_string("type", "Affine");
    const std::vector<float> w{1, 2, 3, 4, 5, 6}, b{0, 0, 0};
    a.write_array("weight", std::span<const float>(w), {3, 2});
    a.write_array("bias", std::span<const float>(b), {3});
  }
  if (skip.count("n")) {
    auto out = nodes.create_group("output");
    out.write_vlen_string("type", "Output");
    out.write_array("shape", std::span<const std::int64_t>(s3), {1});
    return path;
  }
  auto n = nodes.create_group("n");
  const double dt = 1e-4, tau = 1e-3;  // δ = 0.9 (Euler)
  const std::vector<float> t(3, static_cast<float>(tau)), r{10, 20, 10}, z(3, 0.0F), th{1.0F, 1.0F, 2.0F};
  n.write_vlen_string("type", "LIF");
  n.write_array("tau", std::span<const float>(t), {3});
  n.write_array("r", std::span<const float>(r), {3});
  n.write_array("v_leak", std::span<const float>(z), {3});
  n.write_array("v_threshold", std::span<const float>(th), {3});
  n.write_array("v_reset", std::span<const float>(z), {3});
  auto out = nodes.create_group("output");
  out.write_vlen_string("type", "Output");
  out.write_array("shape", std::span<const std::int64_t>(s3), {1});
  (void)dt;
  return path;
}

void expect_input_error(const std::filesystem::path& p, const std::vector<std::string>& needles) {
  try {
    (void)sf::exporter::read_nir(p);
    FAIL("expected InputError");
  } catch (const sf::core::InputError& e) {
    const std::string msg = e.what();
    INFO(msg);
    CHECK(msg.find(p.filename().string()) != std::string::npos);
    for (const auto& s : needles) CHECK(msg.find(s) != std::string::npos);
  }
}

}  // namespace

TEST_CASE("NIR writer -> reader round trip (Euler and exp time)", "[export][nir]") {
  sf::test::TempDir dir;
  const auto net = make_float_network();
  for (auto t : {sf::exporter::NirTime::euler, sf::exporter::NirTime::exp}) {
    sf::exporter::NirWriteOptions o;
    o.time = t;
    o.dt = 1e-3;
    const auto path = dir / (std::string("net_") + sf::exporter::to_string(t) + ".nir");
    const auto rep = sf::exporter::write_nir(path, net, o);
    CHECK_FALSE(rep.reset_changed);
    // The reader takes dt and the convention from the file's metadata, not from its own defaults.
    const auto back = sf::exporter::read_nir(path, {});
    check_same(net, back);
  }
}

TEST_CASE("NIR writer refuses subtract reset unless allowed, then keeps it in node metadata", "[export][nir]") {
  sf::test::TempDir dir;
  const auto net = make_float_network(sf::core::ResetMode::subtract);
  REQUIRE_THROWS_WITH(sf::exporter::write_nir(dir / "a.nir", net), Catch::Contains("reset = subtract"));
  CHECK(std::filesystem::is_empty(dir.path()));
  sf::exporter::NirWriteOptions o;
  o.allow_reset_change = true;
  CHECK(sf::exporter::write_nir(dir / "a.nir", net, o).reset_changed);
  // In the file: a plain LIF with v_reset = 0 (what NIR tools run) and metadata/reset = "subtract".
  {
    const auto file = sf::core::h5::File::open((dir / "a.nir").string());
    const auto node = file.open_group("node/nodes/1");
    CHECK(node.read_string("type") == "LIF");
    CHECK(node.read_doubles("v_reset").values == std::vector<double>(5, 0.0));
    CHECK(node.open_group("metadata").read_string("reset") == "subtract");
    CHECK(file.open_group("node/nodes/3").open_group("metadata").read_string("reset") == "subtract");
    CHECK_FALSE(file.open_group("node/nodes/5").exists("metadata"));  // the LI readout never resets
  }
  sf::exporter::NirImportReport rep;
  const auto back = sf::exporter::read_nir(dir / "a.nir", {}, &rep);
  CHECK(back.layers[0].neuron.reset == sf::core::ResetMode::subtract);
  CHECK(back.layers[1].neuron.reset == sf::core::ResetMode::subtract);
  CHECK(rep.warnings.empty());
  // --reset overrides the metadata, with a warning per node.
  sf::exporter::NirReadOptions zero;
  zero.reset = sf::core::ResetMode::zero;
  const auto forced = sf::exporter::read_nir(dir / "a.nir", zero, &rep);
  CHECK(forced.layers[0].neuron.reset == sf::core::ResetMode::zero);
  REQUIRE(rep.warnings.size() == 2);
  CHECK_THAT(rep.warnings[0], Catch::Contains("node '1'") && Catch::Contains("overrides the file's metadata reset = subtract"));
  // A zero-reset network says so too: no warning on import.
  sf::exporter::write_nir(dir / "z.nir", make_float_network(), {});
  CHECK(sf::exporter::read_nir(dir / "z.nir", {}, &rep).layers[0].neuron.reset == sf::core::ResetMode::zero);
  CHECK(rep.warnings.empty());
}

TEST_CASE("NIR reader: a spiking node that does not say how it resets is zero, with a warning", "[export][nir]") {
  // As snnTorch writes a Leaky (its default reset subtracts): a plain LIF without metadata.
  sf::test::TempDir dir;
  const auto path = hand_made(dir, "snntorch.nir", [](auto&, auto&, auto&) {});
  sf::exporter::NirImportReport rep;
  CHECK(sf::exporter::read_nir(path, {}, &rep).layers[0].neuron.reset == sf::core::ResetMode::zero);
  REQUIRE(rep.warnings.size() == 1);
  CHECK_THAT(rep.warnings[0], Catch::Contains("snntorch.nir") && Catch::Contains("'n'") &&
                                  Catch::Contains("--reset subtract") && Catch::Contains("snnTorch"));
  sf::exporter::NirReadOptions o;
  o.reset = sf::core::ResetMode::subtract;
  CHECK(sf::exporter::read_nir(path, o, &rep).layers[0].neuron.reset == sf::core::ResetMode::subtract);
  CHECK(rep.warnings.empty());  // the user said it
}

TEST_CASE("NIR readout lif: an LIF that cannot fire, read back as the integrator", "[export][nir]") {
  sf::test::TempDir dir;
  const auto net = make_float_network();
  sf::exporter::NirWriteOptions o;
  o.readout = sf::exporter::NirReadout::lif;
  const auto rep = sf::exporter::write_nir(dir / "lif.nir", net, o);
  CHECK_THAT(rep.notes.back(), Catch::Contains("cannot reach"));
  const auto file = sf::core::h5::File::open((dir / "lif.nir").string());
  const auto node = file.open_group("node/nodes/5");
  CHECK(node.read_string("type") == "LIF");
  CHECK(node.open_group("metadata").read_string("readout") == "potential");
  // Twice the largest potential: (Σ positive weights + bias⁺) / (1 − δ), the largest over neurons.
  const double bound = sf::exporter::readout_bound(net.layers[2], net.encoding.steps);
  CHECK(bound > 0.0);
  CHECK(node.read_doubles("v_threshold").values[0] == Approx(2.0 * bound).epsilon(kFloat32Rel));
  sf::exporter::NirImportReport back_rep;
  const auto back = sf::exporter::read_nir(dir / "lif.nir", {}, &back_rep);
  check_same(net, back);
  CHECK_THAT(back_rep.notes.front(), Catch::Contains("readout integrator"));
}

TEST_CASE("NIR reader: an output LIF whose threshold its input cannot reach is the integrator", "[export][nir]") {
  // No metadata (another tool's file): hand_made's LIF with its thresholds raised beyond reach.
  sf::test::TempDir dir;
  auto high = [](double th) {
    return [th](auto& nodes, auto&, auto& skip) {
      skip.insert("n");
      auto n = nodes.create_group("n");
      const std::vector<float> t(3, 1e-3F), r(3, 10.0F), z(3, 0.0F), thr(3, static_cast<float>(th));
      n.write_vlen_string("type", "LIF");
      n.write_array("tau", std::span<const float>(t), {3});
      n.write_array("r", std::span<const float>(r), {3});
      n.write_array("v_leak", std::span<const float>(z), {3});
      n.write_array("v_threshold", std::span<const float>(thr), {3});
    };
  };
  // Weights [[1,2],[3,4],[5,6]], gain 1, δ = 0.9: neuron 2 can reach 11 / 0.1 = 110, the others less.
  CHECK_FALSE(sf::exporter::read_nir(hand_made(dir, "never.nir", high(111.0))).layers[0].neuron.spiking);
  CHECK(sf::exporter::read_nir(hand_made(dir, "reach.nir", high(109.0))).layers[0].neuron.spiking);
}

TEST_CASE("NIR reader folds per-neuron gains and thresholds into the weights", "[export][nir]") {
  sf::test::TempDir dir;
  const auto path = hand_made(dir, "h.nir", [](auto&, auto&, auto&) {});
  const auto net = sf::exporter::read_nir(path);  // dt = 1e-4 default (no metadata), τ = 1e-3
  REQUIRE(net.layers.size() == 1);
  const auto& l = net.layers[0];
  CHECK(std::abs(static_cast<double>(l.neuron.leak) - 0.9) < kLeakTol);
  CHECK(l.neuron.v_thresh == 1.0F);
  // gain r·dt/τ: 1, 2, 1; neuron 2's threshold 2 → scaled by 1/2.
  CHECK(l.weights(0, 1) == Approx(2.0));
  CHECK(l.weights(1, 0) == Approx(6.0));
  CHECK(l.weights(2, 1) == Approx(3.0));
  CHECK(l.neuron.spiking);
}

TEST_CASE("NIR reader rejects bad graphs naming file, node and field", "[export][nir]") {
  sf::test::TempDir dir;
  expect_input_error(hand_made(dir, "cycle.nir", [](auto&, auto& e, auto&) {
                       e.push_back("n");
                       e.push_back("a");
                     }),
                     {"'n'", "successors"});
  expect_input_error(hand_made(dir, "cycle2.nir", [](auto&, auto& e, auto&) {
                       e = {"input", "a", "a", "n", "n", "a"};
                     }),
                     {"cycle"});
  expect_input_error(hand_made(dir, "unknown.nir", [](auto& nodes, auto&, auto&) {
                       auto x = nodes.create_group("conv");
                       x.write_vlen_string("type", "Conv2d");
                     }),
                     {"'conv'", "Conv2d"});
  expect_input_error(hand_made(dir, "noweight.nir", [](auto& nodes, auto&, auto& skip) {
                       auto m = nodes.create_group("a");
                       m.write_vlen_string("type", "Affine");
                       skip.insert("a");
                     }),
                     {"'a'", "missing field 'weight'"});
  expect_input_error(hand_made(dir, "mismatch.nir", [](auto& nodes, auto&, auto&) {
                       auto n = nodes.create_group("in5");
                       (void)n;
                     }),
                     {"'in5'", "type"});
  expect_input_error(hand_made(dir, "missing.nir", [](auto& nodes, auto& e, auto& skip) {
                       auto n2 = nodes.create_group("n2");
                       n2.write_vlen_string("type", "LIF");
                       const std::vector<float> t(3, 1e-3F);
                       n2.write_array("tau", std::span<const float>(t), {3});
                       e = {"input", "a", "a", "n2", "n2", "output"};
                       skip.insert("n");
                     }),
                     {"'n2'", "missing field 'r'"});
}

TEST_CASE("NIR reader rejects mismatched shapes and unsupported values", "[export][nir]") {
  sf::test::TempDir dir;
  auto with_input = [&](const std::string& name, std::int64_t n_in) {
    return hand_made(dir, name, [n_in](auto& nodes, auto&, auto&) {
      // Replace the input node by one of another size.
      auto in2 = nodes.create_group("input2");
      in2.write_vlen_string("type", "Input");
      const std::vector<std::int64_t> s{n_in};
      in2.write_array("shape", std::span<const std::int64_t>(s), {1});
    });
  };
  // Two inputs: refused before shapes are looked at.
  expect_input_error(with_input("two_inputs.nir", 4), {"more than one Input"});
  expect_input_error(hand_made(dir, "wshape.nir",
                               [](auto& nodes, auto&, auto& skip) {
                                 auto a2 = nodes.create_group("a");
                                 a2.write_vlen_string("type", "Affine");
                                 const std::vector<float> w(12, 1.0F), b(3, 0.0F);
                                 a2.write_array("weight", std::span<const float>(w), {3, 4});
                                 a2.write_array("bias", std::span<const float>(b), {3});
                                 skip.insert("a");
                               }),
                     {"'a'", "4 inputs"});
}

TEST_CASE("dequantize maps a fixed network to float units through scale", "[export][nir]") {
  auto q = sf::test::make_fixed_network({4, 3, 2}, sf::core::ResetMode::zero);
  for (auto& l : q.layers) l.du = 4095;
  const auto f = sf::exporter::dequantize(q);
  const auto& a = q.layers[0];
  CHECK(f.layers[0].weights(1, 2) == Approx(a.weights(1, 2) * std::ldexp(a.scale, a.weight_exp)));
  CHECK(f.layers[0].bias(0) == Approx(a.bias_mant[0] * std::ldexp(a.scale, a.bias_exp) / 64.0));
  CHECK(f.layers[0].neuron.v_thresh == Approx(a.vth * a.scale));
  CHECK(f.layers[0].neuron.leak == Approx(1.0 - a.dv / 4096.0));
  CHECK_FALSE(f.layers[1].neuron.spiking);
  q.layers[1].du = 100;
  CHECK_THROWS_WITH(sf::exporter::dequantize(q), Catch::Contains("du = 100"));
}

TEST_CASE("NIR from a fixed network: current decay becomes CubaLIF, du = 4095 reads back", "[export][nir]") {
  sf::test::TempDir dir;
  auto q = sf::test::make_fixed_network({4, 3, 2}, sf::core::ResetMode::zero);
  q.layers[0].du = 4095;
  q.layers[1].du = 4095;
  // No current decay: the file reads back as the dequantized float network.
  sf::exporter::write_nir(dir / "plain.nir", q);
  const auto back = sf::exporter::read_nir(dir / "plain.nir");
  const auto f = sf::exporter::dequantize(q);
  REQUIRE(back.layers.size() == 2);
  CHECK(back.layers[0].weights == f.layers[0].weights);
  CHECK(back.layers[0].bias == f.layers[0].bias);

  q.layers[0].du = 2047;  // α = 1 − 2048/4096 = 0.5
  const double dt = 1e-4;
  sf::exporter::write_nir(dir / "cuba.nir", q);
  const auto file = sf::core::h5::File::open((dir / "cuba.nir").string());
  const auto node = file.open_group("node/nodes/1");
  CHECK(node.read_string("type") == "CubaLIF");
  CHECK(node.read_doubles("tau_syn").values[0] == Approx(dt / 0.5));
  CHECK(node.read_doubles("w_in").values[0] == Approx(2.0));
  const double delta = static_cast<double>(f.layers[0].neuron.leak);
  CHECK(node.read_doubles("v_leak").values[1] == Approx(static_cast<double>(f.layers[0].bias(1)) / (1.0 - delta)));
  CHECK(file.open_group("node/nodes/0").read_doubles("bias").values[1] == 0.0);
  // Our float model has no synaptic current: the reader refuses it, naming the node and field.
  REQUIRE_THROWS_WITH(sf::exporter::read_nir(dir / "cuba.nir"), Catch::Contains("'1'") && Catch::Contains("tau_syn"));
}

TEST_CASE("NIR round trip: import of our export predicts identically on the synthetic test split", "[export][nir]") {
  // Both resets, both readouts; and a fixed network, against its dequantized float network.
  sf::test::TempDir dir;
  sf::core::DatasetSpec spec;
  spec.name = "synthetic";
  spec.split = "test";
  spec.max_samples = 300;
  const auto batch = sf::core::load_spikes(spec);
  auto compare = [&](const sf::core::FloatNetwork& net, const sf::core::FloatNetwork& back) {
    const auto a = sf::core::simulate(net, batch);
    const auto b = sf::core::simulate(back, batch);
    CHECK(a.predictions == b.predictions);
    std::set<int> classes(a.predictions.begin(), a.predictions.end());
    CHECK(classes.size() > 1);  // not a constant classifier
  };
  for (const auto reset : {sf::core::ResetMode::zero, sf::core::ResetMode::subtract}) {
    for (const auto readout : {sf::exporter::NirReadout::li, sf::exporter::NirReadout::lif}) {
      INFO("reset " << sf::core::to_string(reset) << ", readout " << sf::exporter::to_string(readout));
      auto net = sf::test::make_float_network({32, 24, 4}, 0.9F, 31);
      for (auto& l : net.layers) l.neuron.reset = reset;
      sf::exporter::NirWriteOptions o;
      o.allow_reset_change = true;
      o.readout = readout;
      sf::exporter::write_nir(dir / "rt.nir", net, o);
      const auto back = sf::exporter::read_nir(dir / "rt.nir");
      CHECK(back.layers[0].neuron.reset == reset);
      CHECK_FALSE(back.layers.back().neuron.spiking);
      compare(net, back);
    }
  }
  auto q = sf::test::make_fixed_network({32, 24, 4}, sf::core::ResetMode::subtract, 13);
  for (auto& l : q.layers) l.du = sf::quantizer::kDuNoCurrent;
  sf::exporter::NirWriteOptions o;
  o.allow_reset_change = true;
  sf::exporter::write_nir(dir / "q.nir", q, o);
  compare(sf::exporter::dequantize(q), sf::exporter::read_nir(dir / "q.nir"));
}

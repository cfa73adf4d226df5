// pipeline/energy.cpp: counts from the golden model follow the weight layouts of the image the
// core would hold (the analytic twin, rtl_sim/energy/counts.hpp), and the ANN basis is the
// network's non-zero synapses.
#include <catch2/catch.hpp>

#include <random>

#include "export/rtl_mem.hpp"
#include "pipeline/energy.hpp"
#include "quantizer/evaluate.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/energy/counts.hpp"
#include "rtl_sim/rtl_fixtures.hpp"

namespace sf = spikeforge;

TEST_CASE("golden_energy_input counts the image's layouts; the ANN basis is the non-zero synapses", "[pipeline][energy]") {
  std::mt19937_64 rng(77);
  sf::test::RandomNetSpec spec;
  spec.max_neurons = 60;
  auto net = sf::test::random_network(rng, spec);
  sf::test::sparsify(net, rng, 0.03);
  std::int64_t nonzero = 0;
  for (const auto& l : net.layers) nonzero += (l.weights.array() != 0).count();
  const int T = 6;
  const auto batch = sf::test::random_batch(rng, 3, T, net.inputs(), 0.3);
  const auto layer_counts = sf::quantizer::evaluate_fixed(net, batch).layer_counts;
  const auto image = sf::exporter::build_rtl_image(net);
  const auto in = sf::pipeline::golden_energy_input(net, batch);
  CHECK(in.counts == sf::rtl_sim::core_counts(net, image, layer_counts, sf::rtl_sim::golden_input_events(net, batch),
                                              batch.size(), T));
  CHECK(in.nonzero_synapses == nonzero);
  CHECK(in.synapses == net.synapses());
  // Forced dense: the dense twin (every row of every event).
  const auto dense = sf::pipeline::golden_energy_input(net, batch, nullptr, sf::exporter::RtlLayoutChoice::dense);
  CHECK(dense.counts == sf::rtl_sim::core_counts_from_golden(net, layer_counts, batch.size(), T, in.lanes));
  CHECK(dense.counts.pointer_reads == 0);
  CHECK(in.counts.weight_reads <= dense.counts.weight_reads);
}

#include "trainer/admm/anchor.hpp"

#include <algorithm>

#include "core/float_sim.hpp"

namespace spikeforge::trainer::admm {

void anchor_to_forward(const Settings& s, const Problem& p, State& st) {
  constexpr std::size_t kChunk = 1024;  // samples simulated together (memory ∝ chunk)
  const core::FloatNetwork net = network_of(s, st.w);
  const std::size_t H = st.hidden_layers();
  const auto T = static_cast<std::size_t>(p.steps());
  core::SimOptions opt;
  opt.record_spikes = true;
  opt.record_potentials = true;
  const std::size_t n = p.x->size();
  for (std::size_t first = 0; first < n; first += kChunk) {
    const std::size_t count = std::min(kChunk, n - first);
    const auto sim = core::simulate(net, p.x->slice(first, count), opt);
    const auto c0 = static_cast<Eigen::Index>(first);
    const auto cn = static_cast<Eigen::Index>(count);
    for (std::size_t l = 0; l <= H; ++l)
      for (std::size_t t = 0; t < T; ++t) {
        st.z[l][t].middleCols(c0, cn) = sim.potentials[l][t];
        if (l < H) st.a[l][t].middleCols(c0, cn) = sim.spikes[l][t];
      }
  }
  std::fill(st.u_dirty.begin(), st.u_dirty.end(), true);
  refresh_input_currents(p, st);
}

}  // namespace spikeforge::trainer::admm

// Plain reference twin of the golden model: dense loops over every synapse, written from the rule
// text in golden.hpp and docs/fixed-point.md without sharing code with golden.cpp.
// Its constants (4096, 64, 2^23, ...) stay literal on purpose: it is the independent check of
// quantizer/fixed_point.hpp as well as of golden.cpp, so it must not take its numbers from there.
#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "quantizer/golden.hpp"

namespace spikeforge::quantizer {

namespace {

std::int64_t ref_trunc12(std::int64_t x) {
  const std::int64_t m = x < 0 ? -x : x;
  const std::int64_t q = m / 4096;
  return x < 0 ? -q : q;
}

std::int64_t ref_shift(std::int64_t acc, int e) {
  if (e >= 0) {
    for (int k = 0; k < e; ++k) acc *= 2;
    return acc;
  }
  // Arithmetic right shift = floor division by 2^−e.
  std::int64_t d = 1;
  for (int k = 0; k < -e; ++k) d *= 2;
  std::int64_t q = acc / d;
  if (acc % d != 0 && acc < 0) q -= 1;
  return q;
}

// A bias that could make a neuron without input spike: bias · 4096 > (vth << 6) · dv (golden.hpp).
bool unsafe_bias(const FixedLayer& F, std::size_t n) {
  const std::int64_t bias = ref_shift(F.bias_mant[n], F.bias_exp);
  return bias * 4096 > static_cast<std::int64_t>(F.vth) * 64 * F.dv;
}

}  // namespace

GoldenRun run_golden_reference(const FixedNetwork& net, const core::SpikeBatch& batch, std::size_t sample,
                               bool record_state, Timing timing) {
  net.validate();
  if (batch.inputs() != net.inputs()) {
    throw core::ConfigError("golden reference: batch has " + std::to_string(batch.inputs()) +
                            " inputs, network has " + std::to_string(net.inputs()));
  }
  if (sample >= batch.size()) throw core::ConfigError("golden reference: sample out of range");
  const std::size_t L = net.layers.size();
  const bool lava = timing == Timing::lava;
  const int T_in = batch.steps();
  const int T = lava ? T_in + static_cast<int>(L) : T_in;  // lava: L more (input-free) steps to drain the delays
  const std::int64_t two23 = 8388608;  // 2^23

  std::vector<std::vector<std::int64_t>> u(L), v(L);
  std::vector<std::vector<int>> s(L);  // spikes of the previous step, then of this step
  // The update rule's per-neuron flags and owed decays (golden.hpp).
  std::vector<std::vector<int>> live(L), dec(L), owed(L);
  for (std::size_t l = 0; l < L; ++l) {
    const auto n = static_cast<std::size_t>(net.layers[l].outputs());
    u[l].assign(n, 0);
    v[l].assign(n, 0);
    s[l].assign(n, 0);
    owed[l].assign(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
      const bool biased = net.layers[l].bias_mant[i] != 0;
      live[l].push_back((unsafe_bias(net.layers[l], i) || (biased && l + 1 == L)) ? 1 : 0);
      dec[l].push_back(biased ? 1 : 0);
    }
  }
  GoldenRun run;
  run.counts.assign(L, EventCounts{});
  run.spikes.assign(L, std::vector<std::vector<std::uint32_t>>(static_cast<std::size_t>(T)));
  if (record_state) {
    run.u.assign(L, std::vector<std::vector<std::int32_t>>(static_cast<std::size_t>(T)));
    run.v.assign(L, std::vector<std::vector<std::int32_t>>(static_cast<std::size_t>(T)));
  }
  std::vector<std::vector<std::size_t>> spike_total(L);
  for (std::size_t l = 0; l < L; ++l) spike_total[l].assign(static_cast<std::size_t>(net.layers[l].outputs()), 0);

  std::vector<int> input_prev(static_cast<std::size_t>(net.inputs()), 0);  // lava: the input one step back
  for (int t = 0; t < T; ++t) {
    // Dense 0/1 input vector of this step (none after the T input steps).
    std::vector<int> input_now(static_cast<std::size_t>(net.inputs()), 0);
    if (t < T_in) {
      for (const std::uint32_t i : batch.active(sample, t)) input_now[i] = 1;
    }
    // Lava timing: every layer reads what the layer below produced one step earlier.
    const std::vector<std::vector<int>> s_before = s;
    std::vector<int> in = lava ? input_prev : input_now;
    input_prev = input_now;
    for (std::size_t l = 0; l < L; ++l) {
      const FixedLayer& F = net.layers[l];
      const int n_out = F.outputs();
      const int n_in = F.inputs();
      int n_active_inputs = 0;
      for (int i = 0; i < n_in; ++i) n_active_inputs += in[static_cast<std::size_t>(i)];
      std::vector<int> out(static_cast<std::size_t>(n_out), 0);
      for (int n = 0; n < n_out; ++n) {
        const auto nn = static_cast<std::size_t>(n);
        std::int64_t acc = 0;
        for (int i = 0; i < n_in; ++i) {
          if (in[static_cast<std::size_t>(i)] != 0) {
            acc += F.weights(n, i);
            run.counts[l].synaptic_ops += 1;
          }
        }
        const std::int64_t bias = ref_shift(F.bias_mant[nn], F.bias_exp);
        const bool prev_spike = s[l][nn] != 0;
        const std::int64_t v_before = v[l][nn];
        const bool updated = live[l][nn] != 0 || acc != 0 || (n_active_inputs > 0 && dec[l][nn] != 0);
        if (updated) {
          run.counts[l].updates_active += 1;
        } else {
          run.counts[l].updates_idle += 1;
        }
        const std::int64_t a = ref_shift(acc, F.weight_exp);
        std::int64_t un = ref_trunc12(u[l][nn] * (4096 - (F.du + 1))) + a * 64;
        if (un > two23) {
          un = un - 2 * two23;
        } else if (un <= -two23) {
          un = un + 2 * two23;
        }
        un = static_cast<std::int32_t>(un);  // stored as int32 (modular), as golden.hpp says
        std::int64_t vn = ref_trunc12(v[l][nn] * (4096 - F.dv)) + un + bias;
        if (F.reset == core::ResetMode::subtract && prev_spike) vn -= static_cast<std::int64_t>(F.vth) * 64;
        if (vn > two23 - 1) vn = two23 - 1;
        if (vn < -(two23 - 1)) vn = -(two23 - 1);
        int spike = 0;
        if (F.spiking && vn > static_cast<std::int64_t>(F.vth) * 64) spike = 1;
        if (spike != 0 && F.reset == core::ResetMode::zero) vn = 0;
        u[l][nn] = un;
        v[l][nn] = vn;
        out[nn] = spike;
        if (updated) {
          run.counts[l].catchup_decays += static_cast<std::uint64_t>(owed[l][nn]);
          owed[l][nn] = 0;
          dec[l][nn] = ((F.dv != 0 && vn != 0) || F.bias_mant[nn] != 0) ? 1 : 0;
          const bool last = l + 1 == L;
          live[l][nn] = (unsafe_bias(F, nn) || (F.reset == core::ResetMode::subtract && spike != 0) ||
                         (F.du != kDecayMax && un != 0) || (dec[l][nn] != 0 && (last || n_active_inputs == 0)))
                            ? 1
                            : 0;
        } else if (dec[l][nn] != 0 && vn != v_before) {
          owed[l][nn] += 1;
        }
        if (spike != 0) {
          run.counts[l].spikes += 1;
          run.spikes[l][static_cast<std::size_t>(t)].push_back(static_cast<std::uint32_t>(n));
          spike_total[l][nn] += 1;
        }
      }
      if (n_active_inputs > 0) run.counts[l].input_steps += 1;
      s[l] = out;
      if (record_state) {
        for (int n = 0; n < n_out; ++n) {
          run.u[l][static_cast<std::size_t>(t)].push_back(static_cast<std::int32_t>(u[l][static_cast<std::size_t>(n)]));
          run.v[l][static_cast<std::size_t>(t)].push_back(static_cast<std::int32_t>(v[l][static_cast<std::size_t>(n)]));
        }
      }
      in = lava ? s_before[l] : out;
    }
  }
  const FixedLayer& last = net.layers.back();
  for (const std::int64_t x : v[L - 1]) run.output_v.push_back(static_cast<std::int32_t>(x));
  int best = 0;
  for (int n = 1; n < last.outputs(); ++n) {
    const auto nn = static_cast<std::size_t>(n);
    const auto bb = static_cast<std::size_t>(best);
    const bool better = last.spiking ? spike_total[L - 1][nn] > spike_total[L - 1][bb]
                                     : run.output_v[nn] > run.output_v[bb];
    if (better) best = n;
  }
  run.prediction = best;
  return run;
}

}  // namespace spikeforge::quantizer

// Event-driven golden model: per step, only the weight columns of spiking inputs are read.
#include "quantizer/golden.hpp"

#include <algorithm>
#include <string>

#include "core/errors.hpp"
#include "quantizer/dense.hpp"
#include "quantizer/fixed_point.hpp"

namespace spikeforge::quantizer {

EventCounts& EventCounts::operator+=(const EventCounts& o) {
  synaptic_ops += o.synaptic_ops;
  updates_active += o.updates_active;
  updates_idle += o.updates_idle;
  catchup_decays += o.catchup_decays;
  input_steps += o.input_steps;
  spikes += o.spikes;
  return *this;
}

namespace {

struct LayerState {
  std::vector<std::int32_t> u, v;
  std::vector<std::uint8_t> spiked;         // spiked in the previous step (read), this step (after update)
  std::vector<std::uint32_t> spikes;        // this step's spikes, ascending
  std::vector<std::int32_t> acc;            // accumulated weights of this step
  std::vector<std::int64_t> bias;           // bias_mant · 2^bias_exp
  // Event-driven update rule (golden.hpp): bias ≠ 0 and not safe (static), the core's per-neuron
  // flags, the decays a skipped neuron owes (deferred steps that changed v), and the neurons updated
  // at the latest step.
  std::vector<std::uint8_t> unsafe_bias, live, dec;
  std::vector<std::uint32_t> owed;
  std::vector<std::uint32_t> updated;
};

}  // namespace

struct GoldenModel::Impl {
  FixedNetwork net;
  Timing timing = Timing::immediate;
  std::vector<LayerState> state;
  std::vector<EventCounts> counts;
  std::vector<std::uint32_t> input_prev;  // lava timing: the input of the previous step (the first Dense's delay)

  void step_layer(std::size_t l, std::span<const std::uint32_t> active) {
    const FixedLayer& L = net.layers[l];
    LayerState& S = state[l];
    EventCounts& C = counts[l];
    const std::size_t n_out = static_cast<std::size_t>(L.outputs());
    std::int32_t* acc = S.acc.data();
    std::fill(S.acc.begin(), S.acc.end(), 0);
    const std::int16_t* w = L.weights.data();
    for (const std::uint32_t i : active) {
      const std::int16_t* col = w + static_cast<std::size_t>(i) * n_out;
      for (std::size_t n = 0; n < n_out; ++n) acc[n] += col[n];
    }
    C.synaptic_ops += static_cast<std::uint64_t>(active.size()) * n_out;

    const bool had_syn = !active.empty();
    const bool subtract = L.reset == core::ResetMode::subtract;
    const std::int64_t u_keep = current_keep(L.du);
    const std::int64_t v_keep = voltage_keep(L.dv);
    const std::int64_t vth64 = threshold_to_state(L.vth);
    S.spikes.clear();
    S.updated.clear();
    const bool last_layer = l + 1 == net.layers.size();
    for (std::size_t n = 0; n < n_out; ++n) {
      const std::int64_t u0 = S.u[n];
      const std::int64_t v0 = S.v[n];
      const bool was_spike = S.spiked[n] != 0;
      const bool sub = subtract && was_spike;
      const bool update = S.live[n] != 0 || acc[n] != 0 || (had_syn && S.dec[n] != 0);
      const std::int64_t a = dense_shift(acc[n], L.weight_exp);
      const std::int64_t u1 = wrap24(trunc12(u0 * u_keep) + input_to_state(a));
      const auto u_stored = static_cast<std::int32_t>(u1);
      std::int64_t v1 = sat24(trunc12(v0 * v_keep) + u_stored + S.bias[n] - (sub ? vth64 : 0));
      const bool s = L.spiking && v1 > vth64;
      if (s) {
        S.spikes.push_back(static_cast<std::uint32_t>(n));
        if (!subtract) v1 = 0;
      }
      S.u[n] = u_stored;
      S.v[n] = static_cast<std::int32_t>(v1);
      S.spiked[n] = s ? 1 : 0;
      if (update) {
        S.updated.push_back(static_cast<std::uint32_t>(n));
        C.catchup_decays += S.owed[n];
        S.owed[n] = 0;
        const bool dec = (L.dv != 0 && v1 != 0) || S.bias[n] != 0;
        S.dec[n] = dec ? 1 : 0;
        S.live[n] = (S.unsafe_bias[n] != 0 || (subtract && s) || (L.du != kDecayMax && u_stored != 0) ||
                     (dec && (last_layer || !had_syn)))
                        ? 1
                        : 0;
      } else if (S.dec[n] != 0 && v1 != v0) {
        ++S.owed[n];  // a deferred decay the core applies when it next updates n
      }
    }
    C.updates_active += S.updated.size();
    C.updates_idle += n_out - S.updated.size();
    C.input_steps += had_syn ? 1U : 0U;
    C.spikes += S.spikes.size();
  }
};

const char* to_string(Timing timing) { return timing == Timing::lava ? "lava" : "immediate"; }

Timing parse_timing(const std::string& text, const std::string& field) {
  if (text == "immediate") return Timing::immediate;
  if (text == "lava") return Timing::lava;
  throw core::ConfigError(field + ": unknown timing '" + text + "' (expected 'immediate' or 'lava')");
}

int run_steps(Timing timing, int steps, std::size_t layers) {
  return steps + (timing == Timing::lava ? static_cast<int>(layers) : 0);
}

void require_immediate_timing(Timing timing, const std::string& where) {
  if (timing == Timing::immediate) return;
  throw core::ConfigError(where + ": timing 'lava' has no RTL counterpart: the RTL core, like the chip, has no "
                                  "inter-layer delay, so a co-simulation compares it with the golden model's "
                                  "'immediate' timing. Measure a network as Lava or netx runs it with "
                                  "`eval --timing lava` (the golden model in lava timing)");
}

GoldenModel::GoldenModel(const FixedNetwork& net, Timing timing) : impl_(std::make_shared<Impl>()) {
  net.validate();
  impl_->net = net;
  impl_->timing = timing;
  impl_->state.resize(net.layers.size());
  for (std::size_t l = 0; l < net.layers.size(); ++l) {
    const FixedLayer& L = net.layers[l];
    LayerState& S = impl_->state[l];
    const auto n = static_cast<std::size_t>(L.outputs());
    S.acc.assign(n, 0);
    S.bias.resize(n);
    S.unsafe_bias.resize(n);
    const std::int64_t vth64 = threshold_to_state(L.vth);
    for (std::size_t i = 0; i < n; ++i) {
      S.bias[i] = bias_value(L.bias_mant[i], L.bias_exp);
      S.unsafe_bias[i] = S.bias[i] * kDecayUnity > vth64 * L.dv ? 1 : 0;  // bias ≠ 0 and not safe (golden.hpp)
    }
  }
  reset();
}

void GoldenModel::reset() {
  for (std::size_t l = 0; l < impl_->net.layers.size(); ++l) {
    LayerState& S = impl_->state[l];
    const auto n = static_cast<std::size_t>(impl_->net.layers[l].outputs());
    S.u.assign(n, 0);
    S.v.assign(n, 0);
    S.spiked.assign(n, 0);
    S.spikes.clear();
    const bool last_layer = l + 1 == impl_->net.layers.size();
    S.live.resize(n);
    S.dec.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      S.dec[i] = S.bias[i] != 0 ? 1 : 0;
      S.live[i] = (S.unsafe_bias[i] != 0 || (last_layer && S.dec[i] != 0)) ? 1 : 0;
    }
    S.owed.assign(n, 0);
    S.updated.clear();
  }
  impl_->counts.assign(impl_->net.layers.size(), EventCounts{});
  impl_->input_prev.clear();
}

void GoldenModel::step(std::span<const std::uint32_t> input_active) {
  const auto n_in = static_cast<std::uint32_t>(impl_->net.inputs());
  std::int64_t prev = -1;
  for (const std::uint32_t i : input_active) {
    if (i >= n_in || static_cast<std::int64_t>(i) <= prev) {
      throw core::ConfigError("golden: input index " + std::to_string(i) +
                              " is out of range or not sorted/unique (inputs = " + std::to_string(n_in) + ")");
    }
    prev = i;
  }
  if (impl_->timing == Timing::lava) {
    // Each Dense delivers what it received one step earlier: step the layers top-down, so layer l
    // reads layer l−1's spikes of the previous step before they are overwritten.
    for (std::size_t l = impl_->net.layers.size(); l-- > 0;) {
      impl_->step_layer(l, l == 0 ? std::span<const std::uint32_t>(impl_->input_prev)
                                  : std::span<const std::uint32_t>(impl_->state[l - 1].spikes));
    }
    impl_->input_prev.assign(input_active.begin(), input_active.end());
    return;
  }
  std::span<const std::uint32_t> active = input_active;
  for (std::size_t l = 0; l < impl_->net.layers.size(); ++l) {
    impl_->step_layer(l, active);
    active = impl_->state[l].spikes;
  }
}

const std::vector<std::uint32_t>& GoldenModel::layer_spikes(std::size_t layer) const {
  return impl_->state.at(layer).spikes;
}
const std::vector<std::int32_t>& GoldenModel::layer_u(std::size_t layer) const { return impl_->state.at(layer).u; }
const std::vector<std::int32_t>& GoldenModel::layer_v(std::size_t layer) const { return impl_->state.at(layer).v; }
const std::vector<std::uint32_t>& GoldenModel::layer_updated(std::size_t layer) const {
  return impl_->state.at(layer).updated;
}
const std::vector<EventCounts>& GoldenModel::counts() const { return impl_->counts; }

const FixedNetwork& GoldenModel::network() const { return impl_->net; }
Timing GoldenModel::timing() const { return impl_->timing; }

GoldenRun run_golden(GoldenModel& model, const core::SpikeBatch& batch, std::size_t sample, bool record_state) {
  const FixedNetwork& net = model.network();
  if (batch.inputs() != net.inputs()) {
    throw core::ConfigError("golden: batch has " + std::to_string(batch.inputs()) + " inputs, network has " +
                            std::to_string(net.inputs()));
  }
  if (sample >= batch.size()) {
    throw core::ConfigError("golden: sample " + std::to_string(sample) + " >= batch size " +
                            std::to_string(batch.size()));
  }
  model.reset();
  const std::size_t L = net.layers.size();
  const auto T_in = static_cast<std::size_t>(batch.steps());
  const auto T = static_cast<std::size_t>(run_steps(model.timing(), batch.steps(), L));
  GoldenRun run;
  run.spikes.assign(L, std::vector<std::vector<std::uint32_t>>(T));
  if (record_state) {
    run.u.assign(L, std::vector<std::vector<std::int32_t>>(T));
    run.v.assign(L, std::vector<std::vector<std::int32_t>>(T));
  }
  for (std::size_t t = 0; t < T; ++t) {
    model.step(t < T_in ? batch.active(sample, static_cast<int>(t)) : std::span<const std::uint32_t>{});
    for (std::size_t l = 0; l < L; ++l) {
      run.spikes[l][t] = model.layer_spikes(l);
      if (record_state) {
        run.u[l][t] = model.layer_u(l);
        run.v[l][t] = model.layer_v(l);
      }
    }
  }
  run.counts = model.counts();
  run.output_v = model.layer_v(L - 1);
  const FixedLayer& out = net.layers.back();
  if (out.spiking) {
    std::vector<std::size_t> count(static_cast<std::size_t>(out.outputs()), 0);
    for (const auto& step : run.spikes.back()) {
      for (const std::uint32_t n : step) ++count[n];
    }
    run.prediction = static_cast<int>(std::max_element(count.begin(), count.end()) - count.begin());
  } else {
    run.prediction = static_cast<int>(std::max_element(run.output_v.begin(), run.output_v.end()) - run.output_v.begin());
  }
  return run;
}

GoldenRun run_golden(const FixedNetwork& net, const core::SpikeBatch& batch, std::size_t sample, bool record_state,
                     Timing timing) {
  GoldenModel model(net, timing);
  return run_golden(model, batch, sample, record_state);
}

}  // namespace spikeforge::quantizer

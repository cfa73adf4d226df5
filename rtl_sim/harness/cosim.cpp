// Lock-step RTL vs golden comparison.
#include "rtl_sim/harness/cosim.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <latch>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "core/errors.hpp"
#include "rtl_sim/energy/counts.hpp"

namespace spikeforge::rtl_sim {

std::string Mismatch::describe() const {
  std::ostringstream s;
  s << "sample " << sample;
  if (step >= 0) s << ", step " << step;
  if (layer >= 0) s << ", layer " << layer;
  if (neuron >= 0) s << ", neuron " << neuron;
  s << ": " << field << " expected " << expected << " (golden), got " << actual << " (rtl)";
  return s.str();
}

namespace {

// First neuron where two ascending spike lists differ, or -1.
int first_spike_difference(const std::vector<std::uint32_t>& expected, const std::vector<std::uint32_t>& actual,
                           bool& expected_spiked) {
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < expected.size() || j < actual.size()) {
    if (j == actual.size() || (i < expected.size() && expected[i] < actual[j])) {
      expected_spiked = true;
      return static_cast<int>(expected[i]);
    }
    if (i == expected.size() || actual[j] < expected[i]) {
      expected_spiked = false;
      return static_cast<int>(actual[j]);
    }
    ++i;
    ++j;
  }
  return -1;
}

void check_count(std::optional<Mismatch>& m, std::size_t sample, const char* field, std::uint64_t expected,
                 std::uint64_t actual) {
  if (m || expected == actual) return;
  m = Mismatch{sample, -1, -1, -1, field, static_cast<std::int64_t>(expected), static_cast<std::int64_t>(actual)};
}

}  // namespace

Cosim::Cosim(const quantizer::FixedNetwork& net, const CosimOptions& options)
    : net_(net), options_(options), core_(options.core), golden_(net) {
  image_ = options.image ? *options.image : exporter::build_rtl_image(net_, core_.limits());
  if (image_.layers.size() != net_.layers.size() || image_.inputs() != net_.inputs()) {
    throw core::ConfigError("rtl_sim: memory image has " + std::to_string(image_.layers.size()) + " layers and " +
                            std::to_string(image_.inputs()) + " inputs, the network " +
                            std::to_string(net_.layers.size()) + " and " + std::to_string(net_.inputs()));
  }
  core_.load(image_);
}

std::optional<Mismatch> Cosim::compare_writes(std::size_t sample, int step, const std::vector<StateWrite>& writes) const {
  // The core writes exactly the neurons the golden model's update rule selects, layer by layer in
  // neuron order, with the golden model's u and v.
  std::size_t k = 0;
  for (std::size_t l = 0; l < net_.layers.size(); ++l) {
    const auto& updated = golden_.layer_updated(l);
    const auto& gu = golden_.layer_u(l);
    const auto& gv = golden_.layer_v(l);
    const int li = static_cast<int>(l);
    for (const std::uint32_t n : updated) {
      const int ni = static_cast<int>(n);
      const bool rtl_wrote_l = k < writes.size() && writes[k].layer == l;
      if (!rtl_wrote_l || writes[k].neuron > n) return Mismatch{sample, step, li, ni, "state_write", 1, 0};
      if (writes[k].neuron < n) return Mismatch{sample, step, li, static_cast<int>(writes[k].neuron), "state_write", 0, 1};
      if (writes[k].u != gu[n]) return Mismatch{sample, step, li, ni, "u", gu[n], writes[k].u};
      if (writes[k].v != gv[n]) return Mismatch{sample, step, li, ni, "v", gv[n], writes[k].v};
      ++k;
    }
    if (k < writes.size() && writes[k].layer == l) {
      return Mismatch{sample, step, li, static_cast<int>(writes[k].neuron), "state_write", 0, 1};
    }
  }
  if (k < writes.size()) {
    return Mismatch{sample, step, static_cast<int>(writes[k].layer), static_cast<int>(writes[k].neuron), "state_write", 0, 1};
  }
  return std::nullopt;
}

SampleResult Cosim::run_sample(const core::SpikeBatch& batch, std::size_t sample) {
  if (batch.inputs() != net_.inputs()) {
    throw core::ConfigError("rtl_sim: batch has " + std::to_string(batch.inputs()) + " inputs, network has " +
                            std::to_string(net_.inputs()));
  }
  if (sample >= batch.size()) {
    throw core::ConfigError("rtl_sim: sample " + std::to_string(sample) + " >= batch size " + std::to_string(batch.size()));
  }
  SampleResult r;
  golden_.reset();
  core_.clear();
  const std::size_t L = net_.layers.size();
  std::vector<std::vector<std::uint32_t>> spikes;
  std::vector<StateWrite> writes;
  std::vector<StateWrite>* wp = options_.trace_state ? &writes : nullptr;
  std::vector<std::size_t> out_spike_count(static_cast<std::size_t>(net_.outputs()), 0);
  // Input events per layer and input (the analytic twin of the accumulate counters needs them).
  InputEvents input_events;
  for (const auto& layer : net_.layers) input_events.emplace_back(static_cast<std::size_t>(layer.inputs()), 0);
  for (int t = 0; t < batch.steps(); ++t) {
    const auto active = batch.active(sample, t);
    golden_.step(active);
    for (const std::uint32_t i : active) ++input_events[0][i];
    for (std::size_t l = 1; l < L; ++l) {
      for (const std::uint32_t i : golden_.layer_spikes(l - 1)) ++input_events[l][i];
    }
    writes.clear();
    core_.step(active, spikes, wp);
    for (const std::uint32_t n : golden_.layer_spikes(L - 1)) ++out_spike_count[n];
    if (r.mismatch) continue;  // keep both models stepping so the counters stay comparable
    for (std::size_t l = 0; l < L && !r.mismatch; ++l) {
      bool expected_spiked = false;
      const int n = first_spike_difference(golden_.layer_spikes(l), spikes[l], expected_spiked);
      if (n >= 0) {
        r.mismatch = Mismatch{sample, t, static_cast<int>(l), n, "spike", expected_spiked ? 1 : 0, expected_spiked ? 0 : 1};
      }
    }
    if (options_.trace_state && !r.mismatch) r.mismatch = compare_writes(sample, t, writes);
  }
  const auto& gv = golden_.layer_v(L - 1);
  const auto& rv = core_.output_v();
  for (std::size_t n = 0; n < gv.size() && !r.mismatch; ++n) {
    if (gv[n] != rv[n]) {
      r.mismatch = Mismatch{sample, batch.steps() - 1, static_cast<int>(L - 1), static_cast<int>(n), "output_v", gv[n], rv[n]};
    }
  }
  r.rtl = core_.counters();
  for (const auto& c : golden_.counts()) r.golden += c;
  // The accumulate counters follow the image's weight layouts: their twin from the golden events
  // (synaptic_ops is the golden count itself when every layer is dense).
  const RtlCounters twin = core_counts(net_, image_, golden_.counts(), input_events, 1, batch.steps());
  check_count(r.mismatch, sample, "counts.synaptic_ops", twin.synaptic_ops, r.rtl.synaptic_ops);
  check_count(r.mismatch, sample, "counts.weight_reads", twin.weight_reads, r.rtl.weight_reads);
  check_count(r.mismatch, sample, "counts.pointer_reads", twin.pointer_reads, r.rtl.pointer_reads);
  check_count(r.mismatch, sample, "counts.index_reads", twin.index_reads, r.rtl.index_reads);
  check_count(r.mismatch, sample, "counts.updates_active", r.golden.updates_active, r.rtl.updates_active);
  check_count(r.mismatch, sample, "counts.updates_idle", r.golden.updates_idle, r.rtl.updates_idle);
  check_count(r.mismatch, sample, "counts.catchup_decays", r.golden.catchup_decays, r.rtl.catchup_decays);
  check_count(r.mismatch, sample, "counts.spikes", r.golden.spikes, r.rtl.spikes);
  // Prediction as the golden model defines it (quantizer::run_golden).
  const quantizer::FixedLayer& out = net_.layers.back();
  if (out.spiking) {
    r.prediction = static_cast<int>(std::max_element(out_spike_count.begin(), out_spike_count.end()) -
                                    out_spike_count.begin());
  } else {
    r.prediction = static_cast<int>(std::max_element(gv.begin(), gv.end()) - gv.begin());
  }
  return r;
}

void CosimOptions::validate() const {
  core.validate();
  if (!core.fst_path.empty() && threads > 1) {
    throw core::ConfigError("rtl_sim: an FST waveform (" + core.fst_path + ") needs threads = 1, not " +
                            std::to_string(threads));
  }
}

CosimReport verify_samples(const quantizer::FixedNetwork& net, const core::SpikeBatch& batch, std::size_t first,
                           std::size_t count, const CosimOptions& options, const CosimProgress& progress) {
  options.validate();
  if (first + count > batch.size()) {
    throw core::ConfigError("rtl_sim: samples [" + std::to_string(first) + ", " + std::to_string(first + count) +
                            ") exceed the batch size " + std::to_string(batch.size()));
  }
  unsigned workers = options.threads != 0 ? options.threads
                                          : (options.core.fst_path.empty() ? std::thread::hardware_concurrency() : 1U);
  workers = static_cast<unsigned>(std::clamp<std::size_t>(std::min<std::size_t>(workers, count), 1, 1024));
  // Each worker owns a Cosim; the first is built here so that configuration errors surface in
  // the caller's thread before any worker starts.
  std::vector<std::unique_ptr<Cosim>> sims;
  sims.push_back(std::make_unique<Cosim>(net, options));
  std::vector<SampleResult> results(count);
  std::atomic<std::size_t> next{0};
  std::mutex progress_mutex;
  std::size_t done = 0;
  std::size_t matched = 0;
  std::vector<std::exception_ptr> errors(workers);
  std::vector<std::uint64_t> cycles(workers, 0);
  // Every worker builds and loads its core, then all start together: `seconds` is the sample loop.
  std::latch ready(workers);
  std::chrono::steady_clock::time_point t0;
  const auto work = [&](unsigned w) {
    try {
      try {
        if (!sims[w]) sims[w] = std::make_unique<Cosim>(net, options);
      } catch (...) {
        ready.count_down();
        throw;
      }
      ready.arrive_and_wait();
      if (w == 0) t0 = std::chrono::steady_clock::now();
      Cosim& sim = *sims[w];
      const std::uint64_t c0 = sim.clock_cycles();
      for (std::size_t k = next++; k < count; k = next++) {
        results[k] = sim.run_sample(batch, first + k);
        if (progress) {
          const std::lock_guard<std::mutex> lock(progress_mutex);
          ++done;
          if (results[k].matched()) ++matched;
          progress(done, count, matched);
        }
      }
      cycles[w] = sim.clock_cycles() - c0;
    } catch (...) {
      errors[w] = std::current_exception();
      next = count;  // stop the other workers
    }
  };
  sims.resize(workers);
  {
    std::vector<std::jthread> pool;
    for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work, w);
    work(0);
  }
  for (const auto& e : errors) {
    if (e) std::rethrow_exception(e);
  }
  CosimReport rep;
  rep.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  rep.threads = workers;
  for (std::size_t k = 0; k < count; ++k) {
    const SampleResult& r = results[k];
    ++rep.samples;
    if (r.matched()) ++rep.matched;
    if (!rep.first_mismatch && r.mismatch) rep.first_mismatch = r.mismatch;
    if (r.prediction >= 0 && r.prediction == batch.label(first + k)) ++rep.correct;
    rep.rtl += r.rtl;
    rep.golden += r.golden;
  }
  for (const std::uint64_t c : cycles) rep.clock_cycles += c;
  return rep;
}

}  // namespace spikeforge::rtl_sim

// CoreSim: the Verilator model lifecycle (context + model in unique_ptr, commandArgs before
// construction, a clock loop of eval() calls, final() at the end) and the core's port protocol.
#include "rtl_sim/harness/core_sim.hpp"

#include <string>
#include <utility>

#include <verilated.h>
#include <verilated_fst_c.h>

#include "Vlif_core.h"
#include "core/errors.hpp"

namespace spikeforge::rtl_sim {

namespace {
// Load-port selectors (lif_core.sv).
enum LoadSel : std::uint8_t { kLoadWeight = 0, kLoadBias = 1, kLoadGeom = 2, kLoadNeuron = 3, kLoadConfig = 4 };
// A step of a loaded network always finishes; this bounds a hung core (cycles per step).
constexpr std::uint64_t kStepTimeoutCycles = std::uint64_t{1} << 34;
}  // namespace

struct CoreSim::Impl {
  std::unique_ptr<VerilatedContext> ctx;
  std::unique_ptr<Vlif_core> top;
  std::unique_ptr<VerilatedFstC> fst;
  std::uint64_t cycles = 0;
  std::size_t layers = 0;
  std::vector<std::int32_t> output_v;

  explicit Impl(const CoreSimOptions& opt) : ctx(std::make_unique<VerilatedContext>()) {
    opt.validate();
    const std::string reset_arg = "+verilator+rand+reset+" + std::to_string(opt.rand_reset);
    const std::string seed_arg = "+verilator+seed+" + std::to_string(opt.seed);
    const char* argv[] = {"spikeforge-rtl", reset_arg.c_str(), seed_arg.c_str()};
    ctx->commandArgs(3, argv);
    if (!opt.fst_path.empty()) ctx->traceEverOn(true);
    top = std::make_unique<Vlif_core>(ctx.get(), "lif_core");
    if (!opt.fst_path.empty()) {
      fst = std::make_unique<VerilatedFstC>();
      top->trace(fst.get(), 99);
      fst->open(opt.fst_path.c_str());
      if (!fst->isOpen()) throw core::OutputError("rtl_sim: cannot open FST file " + opt.fst_path);
    }
    // Drive every input: with rand_reset the model starts with random input values too.
    top->clk = 0;
    top->ld_valid = 0;
    top->ld_sel = 0;
    top->ld_addr = 0;
    top->ld_data = 0;
    top->clear = 0;
    top->tick = 0;
    top->in_valid = 0;
    top->in_neuron = 0;
    top->out_ready = 1;
    top->rst_n = 0;
    cycle();
    cycle();
    top->rst_n = 1;
    cycle();
  }

  ~Impl() {
    top->final();
    if (fst) fst->close();
  }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  // Inputs set for this cycle are applied before the falling-edge eval; outputs sampled by the
  // caller after fall() describe what the next rising edge commits.
  void fall() {
    top->clk = 0;
    top->eval();
    if (fst) {
      ctx->timeInc(1);
      fst->dump(ctx->time());
    }
  }
  void rise() {
    top->clk = 1;
    top->eval();
    if (fst) {
      ctx->timeInc(1);
      fst->dump(ctx->time());
    }
    ++cycles;
  }
  void cycle() {
    fall();
    rise();
  }

  void load_word(std::uint8_t sel, std::uint32_t addr, std::uint64_t data) {
    top->ld_valid = 1;
    top->ld_sel = sel;
    top->ld_addr = addr;
    top->ld_data = data;
    cycle();
  }

  // Runs cycles until the core is idle (after clear) or `done` (after tick).
  template <typename F>
  void run_until(F&& stop, const char* what) {
    for (std::uint64_t k = 0; k < kStepTimeoutCycles; ++k) {
      fall();
      if (stop()) return;
      rise();
    }
    throw core::Error(std::string("rtl_sim: core did not finish ") + what);
  }
};

CoreSim::CoreSim(const CoreSimOptions& options) : impl_(std::make_unique<Impl>(options)) {}
CoreSim::~CoreSim() = default;

exporter::RtlCoreLimits CoreSim::limits() const {
  const Vlif_core& t = *impl_->top;
  exporter::RtlCoreLimits l;
  l.layers = static_cast<int>(t.lim_layers);
  l.neurons_per_layer = static_cast<int>(t.lim_neurons);
  l.inputs = static_cast<int>(t.lim_inputs);
  l.state_words = t.lim_state;
  l.weight_words = t.lim_weights;
  return l;
}

void CoreSim::load(const exporter::RtlMemoryImage& image) {
  if (image.limits != limits()) {
    throw core::ConfigError("rtl_sim: memory image was built for different core limits than this build");
  }
  Impl& s = *impl_;
  for (std::size_t a = 0; a < image.weights.size(); ++a) s.load_word(kLoadWeight, static_cast<std::uint32_t>(a), image.weights[a]);
  for (std::size_t a = 0; a < image.bias.size(); ++a) s.load_word(kLoadBias, static_cast<std::uint32_t>(a), image.bias[a]);
  for (std::size_t l = 0; l < image.geometry.size(); ++l) {
    s.load_word(kLoadGeom, static_cast<std::uint32_t>(l), image.geometry[l]);
    s.load_word(kLoadNeuron, static_cast<std::uint32_t>(l), image.neuron[l]);
  }
  s.load_word(kLoadConfig, 0, image.config);
  s.top->ld_valid = 0;
  s.layers = image.layers.size();
  s.output_v.assign(image.layers.empty() ? 0 : static_cast<std::size_t>(image.layers.back().outputs), 0);
}

void CoreSim::clear() {
  Impl& s = *impl_;
  s.top->clear = 1;
  s.cycle();
  s.top->clear = 0;
  s.run_until([&] { return s.top->idle != 0; }, "the clear pass");
  std::fill(s.output_v.begin(), s.output_v.end(), 0);
}

void CoreSim::step(std::span<const std::uint32_t> inputs, std::vector<std::vector<std::uint32_t>>& spikes,
                   std::vector<StateWrite>* writes) {
  Impl& s = *impl_;
  Vlif_core& t = *s.top;
  spikes.resize(s.layers);
  for (auto& l : spikes) l.clear();
  for (const std::uint32_t i : inputs) {
    t.in_valid = 1;
    t.in_neuron = static_cast<std::uint16_t>(i);
    s.run_until([&] { return t.in_ready != 0; }, "accepting an input event");
    s.rise();
  }
  t.in_valid = 0;
  t.tick = 1;
  s.cycle();
  t.tick = 0;
  const std::uint32_t last = s.layers == 0 ? 0 : static_cast<std::uint32_t>(s.layers - 1);
  s.run_until(
      [&] {
        if (t.out_valid) spikes[t.out_layer].push_back(t.out_neuron);
        if (t.mon_valid) {
          const auto u = static_cast<std::int32_t>(t.mon_u);
          const std::int32_t v = exporter::rtl_sign_extend(t.mon_v, 24);
          if (t.mon_layer == last) s.output_v[t.mon_neuron] = v;
          if (writes != nullptr) writes->push_back({t.mon_layer, t.mon_neuron, u, v, t.mon_spike != 0});
        }
        return t.done != 0;
      },
      "a timestep");
}

const std::vector<std::int32_t>& CoreSim::output_v() const { return impl_->output_v; }

RtlCounters CoreSim::counters() const {
  const Vlif_core& t = *impl_->top;
  RtlCounters c;
  c.cycles = t.cnt_cycles;
  c.synaptic_ops = t.cnt_sops;
  c.updates_active = t.cnt_upd_active;
  c.updates_idle = t.cnt_upd_idle;
  c.spikes = t.cnt_spikes;
  c.weight_reads = t.cnt_wmem_reads;
  c.state_reads = t.cnt_smem_reads;
  c.state_writes = t.cnt_smem_writes;
  return c;
}

std::uint64_t CoreSim::clock_cycles() const { return impl_->cycles; }

}  // namespace spikeforge::rtl_sim

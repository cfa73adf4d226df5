// CoreSim: the Verilator model lifecycle (context + model in unique_ptr, commandArgs before
// construction, a clock loop of eval() calls, final() at the end) and the core's port protocol,
// written once as a template over the model class and instantiated for every verilated build
// (one per lane count P, listed by the generated rtl_models.inc).
#include "rtl_sim/harness/core_sim.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include <verilated.h>
#include <verilated_fst_c.h>

#include "core/errors.hpp"
#include "rtl_models.inc"

namespace spikeforge::rtl_sim {

std::vector<int> rtl_lane_builds() {
  std::vector<int> lanes;
#define SPIKEFORGE_RTL_LANE(P, Model) lanes.push_back(P);
  SPIKEFORGE_RTL_MODELS(SPIKEFORGE_RTL_LANE)
#undef SPIKEFORGE_RTL_LANE
  std::sort(lanes.begin(), lanes.end());
  return lanes;
}

int rtl_default_lanes() { return kRtlDefaultLanes; }

namespace {
// Load-port selectors (lif_core.sv).
enum LoadSel : std::uint8_t {
  kLoadWeight = 0, kLoadBias = 1, kLoadGeom = 2, kLoadNeuron = 3, kLoadConfig = 4, kLoadPointer = 5, kLoadIndex = 6
};
// A step of a loaded network always finishes; this bounds a hung core (cycles per step).
constexpr std::uint64_t kStepTimeoutCycles = std::uint64_t{1} << 34;
}  // namespace

/// What CoreSim needs of a build; ModelImpl<Model> implements it for one verilated model class.
struct CoreSim::Impl {
  virtual ~Impl() = default;
  [[nodiscard]] virtual exporter::RtlCoreLimits limits() const = 0;
  [[nodiscard]] virtual int lanes() const = 0;
  virtual void load(const exporter::RtlMemoryImage& image) = 0;
  virtual void clear() = 0;
  virtual void step(std::span<const std::uint32_t> inputs, std::vector<std::vector<std::uint32_t>>& spikes,
                    std::vector<StateWrite>* writes) = 0;
  [[nodiscard]] virtual RtlCounters counters() const = 0;
  std::uint64_t cycles = 0;
  std::vector<std::int32_t> output_v;
};

template <typename Model>
struct CoreSim::ModelImpl final : CoreSim::Impl {
  std::unique_ptr<VerilatedContext> ctx;
  std::unique_ptr<Model> top;
  std::unique_ptr<VerilatedFstC> fst;
  std::size_t layers = 0;
  int stall_percent = 0;
  std::uint64_t stall_seed = 1;
  std::uint64_t stall_state = 1;  // xorshift64 state of the out_ready pattern (restarted by clear())

  explicit ModelImpl(const CoreSimOptions& opt)
      : ctx(std::make_unique<VerilatedContext>()), stall_percent(opt.out_stall_percent), stall_seed(opt.stall_seed), stall_state(opt.stall_seed) {
    const std::string reset_arg = "+verilator+rand+reset+" + std::to_string(opt.rand_reset);
    const std::string seed_arg = "+verilator+seed+" + std::to_string(opt.seed);
    const char* argv[] = {"spikeforge-rtl", reset_arg.c_str(), seed_arg.c_str()};
    ctx->commandArgs(3, argv);
    if (!opt.fst_path.empty()) ctx->traceEverOn(true);
    top = std::make_unique<Model>(ctx.get(), "lif_core");
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

  ~ModelImpl() override {
    top->final();
    if (fst) fst->close();
  }
  ModelImpl(const ModelImpl&) = delete;
  ModelImpl& operator=(const ModelImpl&) = delete;

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

  // out_ready for the next cycle: always high without stalls, else low in stall_percent % of cycles.
  bool next_out_ready() {
    if (stall_percent == 0) return true;
    stall_state ^= stall_state << 13;
    stall_state ^= stall_state >> 7;
    stall_state ^= stall_state << 17;
    return static_cast<int>((stall_state >> 32) % 100) >= stall_percent;
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

  [[nodiscard]] exporter::RtlCoreLimits limits() const override {
    exporter::RtlCoreLimits l;
    l.layers = static_cast<int>(top->lim_layers);
    l.neurons_per_layer = static_cast<int>(top->lim_neurons);
    l.inputs = static_cast<int>(top->lim_inputs);
    l.state_words = top->lim_state;
    l.weight_words = top->lim_weights;
    l.lanes = static_cast<int>(top->lim_lanes);
    l.sparse = top->lim_sparse != 0;
    l.pointer_words = top->lim_pointers;
    return l;
  }

  [[nodiscard]] int lanes() const override { return static_cast<int>(top->lim_lanes); }

  void load(const exporter::RtlMemoryImage& image) override {
    if (image.limits != limits()) {
      const auto& w = image.limits;
      throw core::ConfigError("rtl_sim: memory image was built for different core limits than this build (image: lanes " +
                              std::to_string(w.lanes) + ", sparse " + (w.sparse ? "yes" : "no") + "; build: lanes " +
                              std::to_string(lanes()) + ", sparse " + (top->lim_sparse ? "yes" : "no") +
                              "; sizes may differ too)");
    }
    for (std::size_t a = 0; a < image.weights.size(); ++a) load_word(kLoadWeight, static_cast<std::uint32_t>(a), image.weights[a]);
    for (std::size_t a = 0; a < image.pointers.size(); ++a) load_word(kLoadPointer, static_cast<std::uint32_t>(a), image.pointers[a]);
    // Block k of a sparse layer is block number weight_base / P + k (its weights' bank word).
    std::size_t k = 0;
    for (const exporter::RtlLayerImage& l : image.layers) {
      const std::uint32_t first = l.weight_base / static_cast<std::uint32_t>(image.limits.lanes);
      for (std::int64_t b = 0; b < l.blocks; ++b, ++k) {
        load_word(kLoadIndex, first + static_cast<std::uint32_t>(b), image.index.at(k));
      }
    }
    for (std::size_t a = 0; a < image.bias.size(); ++a) load_word(kLoadBias, static_cast<std::uint32_t>(a), image.bias[a]);
    for (std::size_t l = 0; l < image.geometry.size(); ++l) {
      load_word(kLoadGeom, static_cast<std::uint32_t>(l), image.geometry[l]);
      load_word(kLoadNeuron, static_cast<std::uint32_t>(l), image.neuron[l]);
    }
    load_word(kLoadConfig, 0, image.config);
    top->ld_valid = 0;
    layers = image.layers.size();
    output_v.assign(image.layers.empty() ? 0 : static_cast<std::size_t>(image.layers.back().outputs), 0);
  }

  void clear() override {
    top->clear = 1;
    cycle();
    top->clear = 0;
    run_until([&] { return top->idle != 0; }, "the clear pass");
    std::fill(output_v.begin(), output_v.end(), 0);
    stall_state = stall_seed;
  }

  void step(std::span<const std::uint32_t> inputs, std::vector<std::vector<std::uint32_t>>& spikes,
            std::vector<StateWrite>* writes) override {
    Model& t = *top;
    spikes.resize(layers);
    for (auto& l : spikes) l.clear();
    for (const std::uint32_t i : inputs) {
      t.in_valid = 1;
      t.in_neuron = static_cast<std::uint16_t>(i);
      run_until([&] { return t.in_ready != 0; }, "accepting an input event");
      rise();
    }
    t.in_valid = 0;
    t.tick = 1;
    cycle();
    t.tick = 0;
    const std::uint32_t last = layers == 0 ? 0 : static_cast<std::uint32_t>(layers - 1);
    // A spike is taken when out_valid and out_ready are both high (the next edge frees the port).
    // The step ends at `done` once no spike waits on the port; out_ready is then left high, so
    // the next edge takes a spike offered in the last cycle.
    bool done_seen = false;
    for (std::uint64_t k = 0;; ++k) {
      if (k == kStepTimeoutCycles) throw core::Error("rtl_sim: core did not finish a timestep");
      t.out_ready = next_out_ready() ? 1 : 0;
      fall();
      if (t.out_valid && t.out_ready) spikes[t.out_layer].push_back(t.out_neuron);
      if (t.mon_valid) {
        const auto u = static_cast<std::int32_t>(t.mon_u);
        const std::int32_t v = exporter::rtl_sign_extend(t.mon_v, 24);
        if (t.mon_layer == last) output_v[t.mon_neuron] = v;
        if (writes != nullptr) writes->push_back({t.mon_layer, t.mon_neuron, u, v, t.mon_spike != 0});
      }
      done_seen = done_seen || t.done != 0;
      if (done_seen && (!t.out_valid || t.out_ready)) break;
      rise();
    }
    t.out_ready = 1;
  }

  [[nodiscard]] RtlCounters counters() const override {
    const Model& t = *top;
    RtlCounters c;
    c.cycles = t.cnt_cycles;
    c.synaptic_ops = t.cnt_sops;
    c.updates_active = t.cnt_upd_active;
    c.updates_idle = t.cnt_upd_idle;
    c.catchup_decays = t.cnt_catchups;
    c.spikes = t.cnt_spikes;
    c.weight_reads = t.cnt_wmem_reads;
    c.state_reads = t.cnt_smem_reads;
    c.state_writes = t.cnt_smem_writes;
    c.u_reads = t.cnt_umem_reads;
    c.u_writes = t.cnt_umem_writes;
    c.flag_reads = t.cnt_flag_reads;
    c.pointer_reads = t.cnt_ptr_reads;
    c.index_reads = t.cnt_idx_reads;
    return c;
  }
};

std::unique_ptr<CoreSim::Impl> CoreSim::make_impl(const CoreSimOptions& options) {
  options.validate();
  const int lanes = options.lanes == 0 ? rtl_default_lanes() : options.lanes;
#define SPIKEFORGE_RTL_MAKE(P, Model) \
  if (lanes == (P)) return std::make_unique<ModelImpl<Model>>(options);
  SPIKEFORGE_RTL_MODELS(SPIKEFORGE_RTL_MAKE)
#undef SPIKEFORGE_RTL_MAKE
  throw core::ConfigError("rtl_sim: lanes = " + std::to_string(lanes) + " has no verilated core build");
}

CoreSim::CoreSim(const CoreSimOptions& options) : impl_(make_impl(options)) {}
CoreSim::~CoreSim() = default;

exporter::RtlCoreLimits CoreSim::limits() const { return impl_->limits(); }
int CoreSim::lanes() const { return impl_->lanes(); }
void CoreSim::load(const exporter::RtlMemoryImage& image) { impl_->load(image); }
void CoreSim::clear() { impl_->clear(); }
void CoreSim::step(std::span<const std::uint32_t> inputs, std::vector<std::vector<std::uint32_t>>& spikes,
                   std::vector<StateWrite>* writes) {
  impl_->step(inputs, spikes, writes);
}
const std::vector<std::int32_t>& CoreSim::output_v() const { return impl_->output_v; }
RtlCounters CoreSim::counters() const { return impl_->counters(); }
std::uint64_t CoreSim::clock_cycles() const { return impl_->cycles; }

}  // namespace spikeforge::rtl_sim

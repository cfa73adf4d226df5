// iCE40 flow (see ice40_flow.hpp): fit the core, run yosys / nextpnr-ice40 / icepack, summarize.
#include "rtl_sim/fpga/ice40_flow.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <unistd.h>

#include "core/atomic_write.hpp"
#include "core/errors.hpp"
#include "quantizer/golden.hpp"
#include "rtl_sim/energy/counts.hpp"

namespace spikeforge::rtl_sim {
namespace fs = std::filesystem;

namespace {

constexpr int kSpramWords = 16384;  // SB_SPRAM256KA: 16K x 16 bits
constexpr int kRtlSourceCount = 5;

// Smallest b >= lo with 2^b >= n.
int bits_for(std::int64_t n, int lo) {
  int b = lo;
  while ((std::int64_t{1} << b) < n) ++b;
  return b;
}

std::string quote(const fs::path& p) {
  std::string s = p.string(), q = "'";
  for (char c : s) q += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `cmd` (a shell command line) with stdout and stderr into `log`; Error naming the log if it fails.
void run_tool(const std::string& what, const std::string& cmd, const fs::path& log) {
  const std::string line = cmd + " > " + quote(log) + " 2>&1";
  if (std::system(line.c_str()) != 0) {
    throw core::Error("export --format ice40: " + what + " failed (command: " + cmd + "; log: " + log.string() + ")");
  }
}

std::string tool_version(const std::string& cmd) {
  const fs::path tmp = fs::temp_directory_path() / ("spikeforge_ver_" + std::to_string(::getpid()));
  if (std::system((cmd + " > " + quote(tmp) + " 2>&1").c_str()) != 0) {
    fs::remove(tmp);
    throw core::Error("export --format ice40: '" + cmd + "' did not run (install yosys, nextpnr-ice40 and fpga-icestorm: scripts/setup.sh)");
  }
  std::string v = read_text(tmp);
  fs::remove(tmp);
  while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.pop_back();
  return v.substr(0, v.find('\n'));
}

fs::path rtl_dir() { return fs::path(SPIKEFORGE_RTL_SOURCE_DIR); }

void over(std::vector<std::string>& msgs, const std::string& what, long used, long avail) {
  if (used > avail) {
    msgs.push_back(what + " " + std::to_string(used) + " > " + std::to_string(avail) + " (over by " +
                   std::to_string(used - avail) + ")");
  }
}

void refuse(const Ice40Job& job, const std::vector<std::string>& msgs, const std::string& where) {
  std::string m = "export --format ice40: the network does not fit the " + std::string(to_string(job.part)) + " (" + where + "): ";
  for (std::size_t i = 0; i < msgs.size(); ++i) m += (i ? "; " : "") + msgs[i];
  throw core::ConfigError(m);
}

// Cell counts from yosys' `stat` output.
std::map<std::string, long> parse_stat(const std::string& text) {
  std::map<std::string, long> cells;
  static const std::regex re(R"(^\s+(SB_\w+)\s+(\d+)\s*$)");
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, re)) cells[m[1]] = std::stol(m[2]);
  }
  return cells;
}

}  // namespace

Ice40Part parse_ice40_part(const std::string& text, const std::string& field) {
  if (text == "up5k") return Ice40Part::up5k;
  if (text == "hx8k") return Ice40Part::hx8k;
  throw core::ConfigError(field + ": '" + text + "' is not one of up5k, hx8k");
}

const char* to_string(Ice40Part part) { return part == Ice40Part::up5k ? "up5k" : "hx8k"; }

Ice40Capacity ice40_capacity(Ice40Part part) {
  if (part == Ice40Part::up5k) return {5280, 30, 4, 8};
  return {7680, 32, 0, 0};
}

exporter::RtlCoreLimits Ice40Build::limits() const {
  exporter::RtlCoreLimits l;
  l.layers = 1 << layer_aw;
  l.neurons_per_layer = 1 << neuron_aw;
  l.inputs = 1 << input_aw;
  l.state_words = std::int64_t{1} << state_aw;
  l.weight_words = std::int64_t{1} << weight_aw;
  // The FPGA build is P = 1 without the sparse layout's memories (lif_core SPARSE = 0, set in
  // sf_host_uart.sv): its images hold every layer dense.
  l.lanes = 1;
  l.sparse = false;
  l.pointer_words = 0;
  return l;
}

Ice40Build fit_ice40_build(const quantizer::FixedNetwork& net, Ice40Part part) {
  net.validate();
  if (net.layers.empty()) throw core::ConfigError("export --format ice40: the network has no layers");
  Ice40Build b;
  std::int64_t neurons = 0, max_out = 1, max_events = 1;
  std::int64_t max_sum = 1;
  int min_tz = 16;
  int lo = 0, hi = 0;
  for (const auto& l : net.layers) {
    neurons += l.outputs();
    b.weights += std::int64_t{l.inputs()} * l.outputs();
    max_out = std::max<std::int64_t>(max_out, l.outputs());
    max_events = std::max<std::int64_t>(max_events, l.inputs());
    for (int n = 0; n < l.outputs(); ++n) {
      std::int64_t pos = 0, neg = 0;
      for (int i = 0; i < l.inputs(); ++i) {
        const int w = l.weights(n, i);
        (w > 0 ? pos : neg) += std::abs(w);
        if (w != 0) {
          int tz = 0;
          while (((w >> tz) & 1) == 0) ++tz;
          min_tz = std::min(min_tz, tz);
        }
        lo = std::min(lo, w);
        hi = std::max(hi, w);
      }
      max_sum = std::max({max_sum, pos, neg});
    }
  }
  b.layer_aw = bits_for(static_cast<std::int64_t>(net.layers.size()), 1);
  b.neuron_aw = bits_for(max_out, 2);
  b.input_aw = bits_for(max_events, 1);
  b.state_aw = bits_for(neurons, 1);
  b.weight_aw = bits_for(b.weights, 1);
  // The event buffer is an sf_ram of INPUT_AW + 1 address bits and INPUT_AW-bit words; keep its
  // shape different from the weight bank's, which ice40_ram.sv recognizes by shape.
  if (b.input_aw + 1 == b.weight_aw && b.input_aw == exporter::kRtlWeightBits) ++b.input_aw;
  // No sum of one sign can wrap: |acc| <= max_sum < 2^(acc_w - 1).
  b.acc_w = std::min(exporter::kRtlAccBits, bits_for(max_sum + 1, 1) + 1);
  b.out_layer = static_cast<int>(net.layers.size()) - 1;
  b.out_n = net.layers.back().outputs();
  b.weight_shift = (min_tz == 16) ? 0 : std::min(min_tz, exporter::kRtlWeightBits - 1);
  const int slo = lo >> b.weight_shift, shi = hi >> b.weight_shift;
  b.weight_slot = (slo >= -128 && shi <= 127) ? 8 : 16;
  if (part == Ice40Part::up5k) {
    b.weights_in_spram = true;
    const std::int64_t per_word = b.weight_slot == 8 ? 2 : 1;
    // The bank spans 2^WEIGHT_AW addresses; only the network's weights need tiles.
    const std::int64_t words = (b.weights + per_word - 1) / per_word;
    b.spram_tiles = static_cast<int>((words + kSpramWords - 1) / kSpramWords);
    const int avail = ice40_capacity(part).spram;
    if (b.spram_tiles > avail) {
      throw core::ConfigError("export --format ice40: the network does not fit the up5k: weights need " +
                              std::to_string(b.spram_tiles) + " SPRAM tiles (" + std::to_string(b.weights) + " weights, " +
                              std::to_string(b.weight_slot) + " bits each), the part has " + std::to_string(avail) +
                              " (over by " + std::to_string(b.spram_tiles - avail) + ")");
    }
  }
  return b;
}

std::vector<std::uint8_t> ice40_load_stream(const exporter::RtlMemoryImage& image) {
  std::vector<std::uint8_t> out;
  auto put = [&out](std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  auto block = [&](int sel, const auto& words, int bytes) {
    if (words.empty()) return;
    out.push_back('L');
    put(static_cast<std::uint64_t>(sel), 1);
    put(0, 4);
    put(words.size(), 4);
    for (auto w : words) put(static_cast<std::uint64_t>(w), bytes);
  };
  block(0, image.weights, 2);
  block(1, image.bias, 2);
  block(2, image.geometry, 8);
  block(3, image.neuron, 8);
  block(4, std::vector<std::uint64_t>{image.config}, 8);
  return out;
}

void Ice40Job::validate() const {
  if (out.empty()) throw core::ConfigError("export --format ice40: --out is empty");
  if (clock_hz <= 0) throw core::ConfigError("export --format ice40: clock_hz " + std::to_string(clock_hz) + " is not positive");
  if (baud <= 0 || clock_hz / baud < 4) {
    throw core::ConfigError("export --format ice40: baud " + std::to_string(baud) + " needs at least 4 clocks per bit at " +
                            std::to_string(clock_hz) + " Hz");
  }
  if (samples != nullptr && samples->inputs() != (net.layers.empty() ? 0 : net.layers.front().inputs())) {
    throw core::ConfigError("export --format ice40: the samples have " + std::to_string(samples->inputs()) +
                            " inputs, the network " + std::to_string(net.layers.front().inputs()));
  }
}

Ice40Result run_ice40_flow(const Ice40Job& job) {
  job.validate();
  Ice40Result r;
  r.part = job.part;
  r.build = fit_ice40_build(job.net, job.part);
  const Ice40Build& b = r.build;
  const Ice40Capacity cap = ice40_capacity(job.part);
  const exporter::RtlMemoryImage image = exporter::build_rtl_image(job.net, b.limits());
  r.clks_per_bit = job.clock_hz / job.baud;
  r.target_mhz = job.clock_hz / 1e6;
  r.yosys_version = tool_version("yosys -V");
  r.nextpnr_version = tool_version("nextpnr-ice40 --version");
  tool_version("command -v icepack");

  // Cycles per inference (the analytic twin of the core's cycle counter, counts.hpp).
  const int steps = job.net.encoding.steps > 0 ? job.net.encoding.steps : 1;
  r.steps = steps;
  {
    std::vector<quantizer::EventCounts> worst(job.net.layers.size());
    for (std::size_t l = 0; l < job.net.layers.size(); ++l) {
      const auto& L = job.net.layers[l];
      worst[l].synaptic_ops = std::uint64_t(steps) * std::uint64_t(L.inputs()) * std::uint64_t(L.outputs());
      worst[l].updates_active = std::uint64_t(steps) * std::uint64_t(L.outputs());
      worst[l].input_steps = static_cast<std::uint64_t>(steps);
    }
    r.cycles_worst = core_cycles(job.net, worst, steps, 1);
  }
  // The same golden runs are the gate-level check's vectors (vectors.txt, docs/fpga.md).
  std::ostringstream vec;
  if (job.samples != nullptr) {
    const std::size_t n = std::min(job.cycle_samples, job.samples->size());
    quantizer::GoldenModel model(job.net);
    double sum = 0;
    const int T = job.samples->steps();
    vec << "spikeforge.ice40-vectors/1\nsamples " << n << " steps " << T << " out_n " << b.out_n << "\n";
    for (std::size_t s = 0; s < n; ++s) {
      const auto run = quantizer::run_golden(model, *job.samples, s);
      sum += static_cast<double>(core_cycles(job.net, run.counts, T, 1));
      vec << "sample " << s << "\n";
      for (int t = 0; t < T; ++t) {
        const auto in = job.samples->active(s, t);
        vec << "step " << t << " in " << in.size();
        for (auto i : in) vec << ' ' << i;
        std::size_t k = 0;
        for (const auto& layer : run.spikes) k += layer[static_cast<std::size_t>(t)].size();
        vec << " spikes " << k;
        for (std::size_t l = 0; l < run.spikes.size(); ++l) {
          for (auto nrn : run.spikes[l][static_cast<std::size_t>(t)]) vec << ' ' << l << ' ' << nrn;
        }
        vec << "\n";
      }
      vec << "readout";
      for (auto v : run.output_v) vec << ' ' << v;
      vec << " pred " << run.prediction << "\n";
    }
    r.cycle_samples = n;
    r.cycles_mean = n ? sum / static_cast<double>(n) : 0.0;
    r.steps = job.samples->steps();
  }

  const fs::path target = job.out;
  const fs::path tmp = core::temp_path_for(target);
  fs::remove_all(tmp);
  const fs::path bd = tmp / "build";
  fs::create_directories(bd);
  try {
    exporter::write_rtl_memory(tmp / "mem", image);
    const auto stream = ice40_load_stream(image);
    core::write_file_atomically(tmp / "load.bin", std::string(stream.begin(), stream.end()));
    if (job.samples != nullptr) core::write_file_atomically(tmp / "vectors.txt", vec.str());

    // yosys.
    const fs::path rtl = rtl_dir();
    std::ostringstream ys;
    ys << "# Generated by spikeforge export --format ice40 (rtl_sim/fpga/ice40_flow.cpp)\n";
    ys << "read_verilog -sv";
    if (b.weights_in_spram) {
      ys << " -DSF_WMEM_AW=" << b.weight_aw << " -DSF_WMEM_DW=" << exporter::kRtlWeightBits << " -DSF_WMEM_SHIFT="
         << b.weight_shift << " -DSF_WMEM_SLOT=" << b.weight_slot << " -DSF_WMEM_TILES=" << b.spram_tiles;
    }
    const std::vector<fs::path> sources = {rtl / "fpga/ice40_ram.sv", rtl / "rtl/lif_datapath.sv", rtl / "rtl/lif_core.sv",
                                           rtl / "fpga/sf_uart.sv", rtl / "fpga/sf_host_uart.sv"};
    static_assert(kRtlSourceCount == 5);
    for (const auto& s : sources) ys << " " << s.string();
    ys << "\nchparam -set CLKS_PER_BIT " << r.clks_per_bit << " -set OUT_LAYER " << b.out_layer << " -set OUT_N " << b.out_n
       << " -set LAYER_AW " << b.layer_aw << " -set NEURON_AW " << b.neuron_aw << " -set INPUT_AW " << b.input_aw
       << " -set STATE_AW " << b.state_aw << " -set WEIGHT_AW " << b.weight_aw << " -set ACC_W " << b.acc_w
       << " -set OWED_W " << b.owed_w << " sf_host_uart\n";
    ys << "synth_ice40 -top sf_host_uart" << (cap.dsp > 0 ? " -dsp" : "") << " -json " << (bd / "top.json").string() << "\n";
    ys << "tee -o " << (bd / "stat.txt").string() << " stat\n";
    ys << "write_verilog -noattr " << (tmp / "netlist.v").string() << "\n";
    core::write_file_atomically(bd / "synth.ys", ys.str());
    run_tool("yosys", "nice -n 10 yosys -q -l " + quote(bd / "synth.log") + " -s " + quote(bd / "synth.ys"), bd / "yosys.out");

    auto cells = parse_stat(read_text(bd / "stat.txt"));
    long luts = cells["SB_LUT4"], ffs = 0;
    for (const auto& [k, v] : cells) {
      if (k.rfind("SB_DFF", 0) == 0) ffs += v;
    }
    const long ebr = cells["SB_RAM40_4K"], spram = cells["SB_SPRAM256KA"], dsp = cells["SB_MAC16"];
    std::vector<std::string> msgs;
    over(msgs, "LUTs", luts, cap.logic_cells);
    over(msgs, "flip-flops", ffs, cap.logic_cells);
    over(msgs, "EBR", ebr, cap.ebr);
    over(msgs, "SPRAM", spram, cap.spram);
    over(msgs, "DSP", dsp, cap.dsp);
    if (!msgs.empty()) refuse(job, msgs, "after synthesis");

    // nextpnr-ice40.
    const std::string pcf = job.part == Ice40Part::up5k
                                ? "# iCEBreaker (UP5K SG48): 12 MHz clock, FTDI UART\nset_io clk 35\nset_io uart_rx 6\nset_io uart_tx 9\n"
                                : "# iCE40-HX8K breakout board (CT256): 12 MHz clock, FTDI UART\nset_io clk J3\nset_io uart_rx B10\nset_io uart_tx B12\n";
    core::write_file_atomically(bd / "top.pcf", pcf);
    const std::string dev = job.part == Ice40Part::up5k ? "--up5k --package sg48" : "--hx8k --package ct256";
    std::ostringstream pnr;
    pnr << "nice -n 10 nextpnr-ice40 " << dev << " --json " << quote(bd / "top.json") << " --pcf " << quote(bd / "top.pcf")
        << " --asc " << quote(bd / "top.asc") << " --freq " << r.target_mhz << " --seed " << job.seed << " --report "
        << quote(bd / "report.json") << (job.allow_timing_fail ? " --timing-allow-fail" : "") << " -q -l "
        << quote(bd / "nextpnr.log");
    const int rc = std::system((pnr.str() + " > " + quote(bd / "nextpnr.out") + " 2>&1").c_str());
    const std::string pnr_log = read_text(bd / "nextpnr.log");
    static const std::regex lc_re(R"(ICESTORM_LC:\s+(\d+)/\s*(\d+))");
    std::smatch lm;
    long lcs = -1;
    if (std::regex_search(pnr_log, lm, lc_re)) {
      lcs = std::stol(lm[1]);
      over(msgs, "logic cells", lcs, std::stol(lm[2]));
    }
    if (!msgs.empty()) refuse(job, msgs, "after packing");
    if (rc != 0) {
      static const std::regex fail_re(R"(ERROR: Max frequency for clock [^:]*: ([0-9.]+) MHz \(FAIL)");
      std::smatch fm;
      if (std::regex_search(pnr_log, fm, fail_re)) {
        throw core::Error("export --format ice40: routed, but Fmax " + fm[1].str() + " MHz is below the " +
                          std::to_string(job.clock_hz / 1'000'000) + " MHz clock (--allow-timing-fail writes the bitstream anyway; log: " +
                          (bd / "nextpnr.log").string() + ")");
      }
      throw core::Error("export --format ice40: nextpnr-ice40 failed (log: " + (bd / "nextpnr.log").string() + ")");
    }
    const auto rep = nlohmann::json::parse(read_text(bd / "report.json"));
    for (const auto& [clk, f] : rep.at("fmax").items()) {
      r.fmax_mhz = r.fmax_mhz == 0 ? f.at("achieved").get<double>() : std::min(r.fmax_mhz, f.at("achieved").get<double>());
    }
    r.timing_met = r.fmax_mhz >= r.target_mhz;
    run_tool("icepack", "icepack " + quote(bd / "top.asc") + " " + quote(tmp / "sf_core.bin"), bd / "icepack.out");

    r.resources = {{"logic_cells", lcs, cap.logic_cells}, {"luts", luts, 0},     {"flip_flops", ffs, 0},
                   {"ebr", ebr, cap.ebr},                 {"spram", spram, cap.spram}, {"dsp", dsp, cap.dsp}};
    core::write_file_atomically(tmp / "summary.json", to_json(r).dump(2) + "\n");
    core::write_file_atomically(tmp / "summary.txt", to_markdown(r));
    fs::remove_all(target);
    fs::rename(tmp, target);
  } catch (...) {
    std::error_code ec;
    if (std::getenv("SPIKEFORGE_KEEP_ICE40_BUILD") == nullptr) fs::remove_all(tmp, ec);
    throw;
  }
  return r;
}

nlohmann::json to_json(const Ice40Result& r) {
  const Ice40Build& b = r.build;
  nlohmann::json res = nlohmann::json::object();
  for (const auto& x : r.resources) {
    res[x.name] = {{"used", x.used}};
    if (x.available > 0) res[x.name]["available"] = x.available;
  }
  auto latency_us = [&](double cycles) { return r.fmax_mhz > 0 ? cycles / r.fmax_mhz : 0.0; };
  return {
      {"format", "spikeforge.ice40/1"},
      {"part", to_string(r.part)},
      {"tools", {{"yosys", r.yosys_version}, {"nextpnr", r.nextpnr_version}}},
      {"core",
       {{"LAYER_AW", b.layer_aw}, {"NEURON_AW", b.neuron_aw}, {"INPUT_AW", b.input_aw}, {"STATE_AW", b.state_aw},
        {"WEIGHT_AW", b.weight_aw}, {"ACC_W", b.acc_w}, {"OWED_W", b.owed_w}, {"LANES", 1}}},
      {"weights",
       {{"count", b.weights}, {"memory", b.weights_in_spram ? "spram" : "ebr"}, {"shift", b.weight_shift},
        {"slot_bits", b.weight_slot}, {"spram_tiles", b.spram_tiles}}},
      {"uart", {{"clks_per_bit", r.clks_per_bit}}},
      {"resources", res},
      {"fmax_mhz", r.fmax_mhz},
      {"target_mhz", r.target_mhz},
      {"timing_met", r.timing_met},
      {"steps", r.steps},
      {"cycles_per_inference", {{"worst", r.cycles_worst}, {"mean", r.cycles_mean}, {"samples", r.cycle_samples}}},
      {"latency_us", {{"worst", latency_us(static_cast<double>(r.cycles_worst))}, {"mean", latency_us(r.cycles_mean)}}},
  };
}

std::string to_markdown(const Ice40Result& r) {
  const auto j = to_json(r);
  std::ostringstream md;
  md << "# spikeforge core on iCE40 " << to_string(r.part) << "\n\n";
  md << "| resource | used | available |\n|---|---|---|\n";
  for (const auto& x : r.resources) {
    md << "| " << x.name << " | " << x.used << " | " << (x.available > 0 ? std::to_string(x.available) : "-") << " |\n";
  }
  md << "\nFmax (nextpnr, routed): " << r.fmax_mhz << " MHz (target " << r.target_mhz << " MHz"
     << (r.timing_met ? ", met" : ", NOT met: the bitstream needs a clock of at most Fmax") << ")\n\n";
  md << "Cycles per inference (T = " << r.steps << "): worst case " << r.cycles_worst;
  if (r.cycle_samples > 0) md << ", mean over " << r.cycle_samples << " samples " << r.cycles_mean;
  md << "\n\nLatency per inference at Fmax: worst " << j["latency_us"]["worst"].get<double>() << " us";
  if (r.cycle_samples > 0) md << ", mean " << j["latency_us"]["mean"].get<double>() << " us";
  md << " (core cycles only; the UART transfer of inputs and spikes is not included)\n\n";
  md << "Weights: " << r.build.weights << " in " << (r.build.weights_in_spram ? "SPRAM" : "EBR")
     << ", loaded at run time through the UART (load.bin); see docs/fpga.md.\n";
  return md.str();
}

}  // namespace spikeforge::rtl_sim

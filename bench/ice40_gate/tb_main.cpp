// Gate-level check of an `spikeforge export --format ice40` directory: the post-synthesis netlist
// (DIR/netlist.v, iCE40 cells simulated with yosys' cells_sim.v) runs under Verilator, driven only
// through its UART pins like a host would (docs/fpga.md "Host protocol"): it loads DIR/load.bin,
// then replays DIR/vectors.txt (inputs per step) and compares every spike of every layer, the output
// layer's v and the prediction with the golden model's, which the flow recorded there.
// Built and run by bench/ice40_gate_check.sh (the netlist only exists after an export).
// Usage: ice40_gate_tb DIR CLKS_PER_BIT   exit 0 spike-exact, 1 on the first mismatch (printed).
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "Vsf_host_uart.h"
#include "verilated.h"

namespace {

struct Uart {
  Vsf_host_uart* top;
  int cpb;
  std::uint64_t cycles = 0;
  // Receiver state (samples uart_tx in the middle of each bit).
  int rx_phase = -1, rx_bit = 0, rx_cnt = 0;
  std::uint8_t rx_byte = 0;
  std::deque<std::uint8_t> rx;

  void clock() {
    top->clk = 0;
    top->eval();
    top->clk = 1;
    top->eval();
    ++cycles;
    const int line = top->uart_tx;
    if (rx_phase < 0) {
      if (line == 0) {
        rx_phase = 0;
        rx_cnt = cpb / 2;
        rx_bit = 0;
        rx_byte = 0;
      }
    } else if (--rx_cnt <= 0) {
      rx_cnt = cpb;
      if (rx_bit >= 1 && rx_bit <= 8) rx_byte |= static_cast<std::uint8_t>(line << (rx_bit - 1));
      if (rx_bit == 9) {
        if (line == 1) rx.push_back(rx_byte);
        rx_phase = -1;
      }
      ++rx_bit;
    }
  }
  void send(std::uint8_t b) {
    const int bits[10] = {0, b & 1, (b >> 1) & 1, (b >> 2) & 1, (b >> 3) & 1, (b >> 4) & 1, (b >> 5) & 1, (b >> 6) & 1, (b >> 7) & 1, 1};
    for (int k = 0; k < 10; ++k) {
      top->uart_rx = bits[k];
      for (int c = 0; c < cpb; ++c) clock();
    }
  }
  std::uint8_t recv(const char* what) {
    const std::uint64_t limit = cycles + 200'000'000ULL;
    while (rx.empty()) {
      if (cycles > limit) {
        std::fprintf(stderr, "timeout waiting for %s\n", what);
        std::exit(1);
      }
      clock();
    }
    const std::uint8_t b = rx.front();
    rx.pop_front();
    return b;
  }
};

[[noreturn]] void fail(const std::string& m) {
  std::printf("MISMATCH: %s\n", m.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s DIR CLKS_PER_BIT\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const int cpb = std::atoi(argv[2]);
  Verilated::commandArgs(1, argv);
  auto* top = new Vsf_host_uart;
  Uart u{top, cpb};
  top->uart_rx = 1;
  for (int i = 0; i < 64; ++i) u.clock();
  const auto t0 = std::chrono::steady_clock::now();

  // Load: each 'L' block, then wait for its 'A'.
  std::ifstream lf(dir + "/load.bin", std::ios::binary);
  const std::vector<std::uint8_t> load((std::istreambuf_iterator<char>(lf)), std::istreambuf_iterator<char>());
  for (std::size_t p = 0; p < load.size();) {
    const int sel = load[p + 1];
    const std::uint32_t count = load[p + 6] | (load[p + 7] << 8) | (load[p + 8] << 16) | (std::uint32_t(load[p + 9]) << 24);
    const std::size_t len = 10 + std::size_t(count) * ((sel <= 1) ? 2 : 8);
    for (std::size_t k = 0; k < len; ++k) u.send(load[p + k]);
    if (u.recv("load ack") != 'A') fail("load block sel " + std::to_string(sel) + " not acknowledged");
    p += len;
  }

  std::ifstream vf(dir + "/vectors.txt");
  std::string tag, w;
  std::size_t samples = 0;
  int steps = 0, out_n = 0;
  vf >> tag >> w >> samples >> w >> steps >> w >> out_n;
  if (tag != "spikeforge.ice40-vectors/1") fail("vectors.txt: bad format tag '" + tag + "'");
  std::uint64_t spikes_checked = 0;
  int correct_pred = 0;
  for (std::size_t s = 0; s < samples; ++s) {
    std::size_t sid;
    vf >> w >> sid;
    u.send('C');
    if (u.recv("clear ack") != 'C') fail("clear not acknowledged");
    for (int t = 0; t < steps; ++t) {
      int tt;
      std::size_t nin, nsp;
      vf >> w >> tt >> w >> nin;
      for (std::size_t k = 0; k < nin; ++k) {
        unsigned i;
        vf >> i;
        u.send('E');
        u.send(static_cast<std::uint8_t>(i & 0xff));
        u.send(static_cast<std::uint8_t>(i >> 8));
      }
      vf >> w >> nsp;
      std::vector<std::pair<unsigned, unsigned>> want(nsp), got;
      for (auto& [l, n] : want) vf >> l >> n;
      u.send('T');
      for (;;) {
        const std::uint8_t b = u.recv("step reply");
        if (b == 'D') break;
        if (b != 'S') fail("sample " + std::to_string(s) + " step " + std::to_string(t) + ": unexpected byte " + std::to_string(b));
        const unsigned l = u.recv("spike layer");
        const unsigned lo = u.recv("spike neuron");
        const unsigned hi = u.recv("spike neuron");
        got.emplace_back(l, lo | (hi << 8));
      }
      if (got != want) {
        std::ostringstream m;
        m << "sample " << s << " step " << t << ": golden " << want.size() << " spikes, netlist " << got.size();
        for (std::size_t k = 0; k < std::min(got.size(), want.size()); ++k) {
          if (got[k] != want[k]) {
            m << "; first difference at #" << k << ": golden (" << want[k].first << "," << want[k].second << "), netlist ("
              << got[k].first << "," << got[k].second << ")";
            break;
          }
        }
        m << "; golden:";
        for (const auto& [l, n] : want) m << " (" << l << "," << n << ")";
        m << "; netlist:";
        for (const auto& [l, n] : got) m << " (" << l << "," << n << ")";
        fail(m.str());
      }
      spikes_checked += got.size();
    }
    vf >> w;  // readout
    u.send('R');
    for (int n = 0; n < out_n; ++n) {
      long want;
      vf >> want;
      std::uint32_t raw = u.recv("v");
      raw |= std::uint32_t(u.recv("v")) << 8;
      raw |= std::uint32_t(u.recv("v")) << 16;
      const long got = (raw & 0x800000u) ? long(raw) - (1L << 24) : long(raw);
      if (got != want) fail("sample " + std::to_string(s) + ": output v[" + std::to_string(n) + "] golden " + std::to_string(want) + ", netlist " + std::to_string(got));
    }
    int want_pred;
    vf >> w >> want_pred;
    const int got_pred = u.recv("pred") | (u.recv("pred") << 8);
    if (got_pred != want_pred) fail("sample " + std::to_string(s) + ": prediction golden " + std::to_string(want_pred) + ", netlist " + std::to_string(got_pred));
    correct_pred += 1;
  }
  u.send('Y');
  std::uint32_t cyc = 0;
  for (int k = 0; k < 4; ++k) cyc |= std::uint32_t(u.recv("cycles")) << (8 * k);
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"spike_exact\": true, \"samples\": %zu, \"steps\": %d, \"spikes\": %llu, \"predictions_equal\": %d, "
              "\"clock_cycles\": %llu, \"core_cycles_last_sample\": %u, \"seconds\": %.2f}\n",
              samples, steps, static_cast<unsigned long long>(spikes_checked), correct_pred,
              static_cast<unsigned long long>(u.cycles), cyc, secs);
  delete top;
  return 0;
}

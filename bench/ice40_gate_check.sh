#!/bin/sh
# Gate-level check of the iCE40 flow (docs/fpga.md "Gate-level check"): exports NET for PART with
# SAMPLES golden-model samples recorded (vectors.txt), verilates the post-synthesis netlist with
# yosys' iCE40 cell models and bench/ice40_gate/tb_main.cpp, and replays the samples through the
# UART pins, comparing every spike, the output v and the prediction with the golden model.
# The UART runs at clock / CLKS_PER_BIT baud (default 8 clocks per bit, so a simulated byte costs 80
# cycles instead of the 1040 of 115200 baud at 12 MHz; the divider is the only difference from the
# bitstream of a default export). The export passes --allow-timing-fail: the check is functional
# (cycle by cycle through the netlist), so a routed Fmax below the board clock does not stop it.
# Usage: bench/ice40_gate_check.sh NET.q.json [SAMPLES=5] [WORKDIR=mktemp] [PART=up5k] [CLKS_PER_BIT=8]
# Env: SPIKEFORGE (the CLI; default build/ci/cli/spikeforge).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
net=$1
samples=${2:-5}
work=${3:-$(mktemp -d)}
part=${4:-up5k}
cpb=${5:-8}
sf=${SPIKEFORGE:-$here/../build/ci/cli/spikeforge}
datdir=/usr/share/yosys
[ -f "$datdir/ice40/cells_sim.v" ] || datdir=/usr/local/share/yosys
mkdir -p "$work"
t0=$(date +%s)
"$sf" export --format ice40 --net "$net" --out "$work/export" --part "$part" --cycle-samples "$samples" \
  --baud $((12000000 / cpb)) --allow-timing-fail --json > "$work/export.json"
t1=$(date +%s)
nice -n 10 verilator --cc --exe --build -j 1 -O1 --no-timing -Wno-fatal -Wno-lint -Wno-style -Wno-MULTIDRIVEN -DNO_ICE40_DEFAULT_ASSIGNMENTS \
  --top-module sf_host_uart -Mdir "$work/obj" \
  "$work/export/netlist.v" "$datdir/ice40/cells_sim.v" "$here/ice40_gate/tb_main.cpp" > "$work/verilator.log" 2>&1 ||
  { tail -30 "$work/verilator.log"; exit 1; }
t2=$(date +%s)
"$work/obj/Vsf_host_uart" "$work/export" "$cpb" | tee "$work/gate.json"
t3=$(date +%s)
echo "export+flow $((t1 - t0)) s, verilate $((t2 - t1)) s, simulate $((t3 - t2)) s (work dir $work)"

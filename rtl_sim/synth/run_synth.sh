#!/bin/sh
# Synthesizes lif_core with yosys (synth.ys) for LANES lanes (default 16, the build `verify` uses;
# SPIKEFORGE_RTL_DEFAULT_LANES) in OUTDIR (default: a temp dir), prints the memory inventory and
# the cell count, and writes OUTDIR/cells.json:
#   {"tool", "script", "lanes", "cells", "memories", "memory_bits", "flip_flops"}
# (cells: generic cells after abc, the memories included; flip_flops: the $_DFF*_ cells).
# rtl_sim/synth/cells.json is this file for the checked-in core at the default P; `spikeforge run`
# reports it, and the CTest "rtl_sim: recorded yosys figures match a fresh synthesis" keeps it
# current. After a change to rtl/, refresh it with:
#   rtl_sim/synth/run_synth.sh /tmp/s && cp /tmp/s/cells.json rtl_sim/synth/
# Usage: run_synth.sh [OUTDIR] [LANES]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(mktemp -d)}
lanes=${2:-16}
mkdir -p "$out"
cd "$out"
sed -e "s#\.\./rtl/#$here/../rtl/#g" -e "s#LANES_VALUE#$lanes#" "$here/synth.ys" > synth.ys
yosys -q -l synth.log -s synth.ys >/dev/null
echo "== memories (before mapping) =="
grep -E "Number of (memories|memory bits)|Number of cells" synth_memories.txt
echo "== after synthesis =="
grep -E "Number of cells|\\\$mem_v2|DFF" synth_cells.txt
field() { awk -v k="$1" 'index($0, k) { v = $NF } END { if (v == "") exit 1; print v }' "$2"; }
cells=$(field "Number of cells:" synth_cells.txt)
memories=$(field "Number of memories:" synth_memories.txt)
memory_bits=$(field "Number of memory bits:" synth_memories.txt)
flip_flops=$(awk '$1 ~ /^\$_DFF/ { n += $2 } END { print n + 0 }' synth_cells.txt)
version=$(yosys -V | awk '{ print $2 }')
printf '{"tool": "yosys %s", "script": "rtl_sim/synth/synth.ys", "lanes": %s, "cells": %s, "memories": %s, "memory_bits": %s, "flip_flops": %s}\n' \
  "$version" "$lanes" "$cells" "$memories" "$memory_bits" "$flip_flops" > cells.json.tmp
mv cells.json.tmp cells.json
cat cells.json
echo "(full logs in $out)"

#!/bin/sh
# Synthesizes lif_core with yosys (synth.ys) in OUTDIR (default: a temp dir) and prints the
# memory inventory and the cell count.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$(mktemp -d)}
mkdir -p "$out"
cd "$out"
sed "s#\.\./rtl/#$here/../rtl/#g" "$here/synth.ys" > synth.ys
yosys -q -l synth.log -s synth.ys >/dev/null
echo "== memories (before mapping) =="
grep -E "Number of (memories|memory bits)|Number of cells" synth_memories.txt
echo "== after synthesis =="
grep -E "Number of cells|\\\$mem_v2|DFF" synth_cells.txt
echo "(full logs in $out)"

#!/usr/bin/env bash
# Installs every Debian package spikeforge needs, only when missing.
# Idempotent; prints nothing when everything is already there.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev nlohmann-json3-dev catch2 libcli11-dev
  libhdf5-dev zlib1g-dev libbenchmark-dev
  verilator yosys nextpnr-ice40 fpga-icestorm
  libopenmpi-dev openmpi-bin
  dataset-fashion-mnist
  python3 python3-numpy python3-h5py python3-scipy
  chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done" >&2

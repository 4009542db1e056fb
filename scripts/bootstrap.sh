#!/usr/bin/env bash
# Installs every Debian package surgesim needs to build, test, benchmark and run its demo.
# Idempotent: when everything is present it does nothing and touches no network.
set -euo pipefail

packages=(
  build-essential cmake make pkg-config git ca-certificates
  libboost-dev libboost-graph-dev
  libeigen3-dev libtbb-dev libyaml-cpp-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libssl-dev
  libopenmpi-dev openmpi-bin
  python3 python3-simpy
  pybind11-dev python3-dev python3-numpy python3-pandas python3-matplotlib python3-pytest
  jupyter-nbconvert python3-nbconvert python3-nbformat python3-ipykernel python3-distributed
  clang libclang-rt-14-dev clang-format
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "bootstrap: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "bootstrap: done" >&2

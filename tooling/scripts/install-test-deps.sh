#!/usr/bin/env bash
# Installs the Debian packages whose files some tests read (real data, not downloadable by tests):
#   dataset-fashion-mnist  the real Fashion-MNIST IDX files (@qstore/data keras/local tests)
#   python3-sklearn        scikit-learn's shipped CSVs (@qstore/data CSV tests)
# Idempotent and quiet: only missing packages are installed, with one apt-get update before.
set -euo pipefail

packages=(dataset-fashion-mnist python3-sklearn)
missing=()
for pkg in "${packages[@]}"; do
  if ! dpkg -s "$pkg" >/dev/null 2>&1; then missing+=("$pkg"); fi
done
if [ "${#missing[@]}" -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: missing ${missing[*]}; run as root or: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "install-test-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

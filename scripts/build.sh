#!/usr/bin/env bash
# Configures and builds Vigil into build/ (Release with debug info; ccache when present).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVIGIL_BUILD_CONSOLE=ON "$@" >/dev/null
cmake --build build -j"$(nproc)"

#!/usr/bin/env bash
# Builds and runs the benchmarks (figures go to docs/BENCHMARKS.md by hand; see that file).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
scripts/build.sh
for b in build/bench/server/bench_server build/bench/console/bench_console; do
    [ -x "$b" ] && QT_QPA_PLATFORM=offscreen "$b"
done

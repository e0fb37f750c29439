#!/usr/bin/env bash
# Runs the whole test suite: installs missing packages, builds everything with tests, runs the fuzz targets for a
# short time, runs CTest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
scripts/build.sh -DBUILD_TESTING=ON
# The fuzz targets (clang, libFuzzer, ASan and UBSan), each for a short fixed time: a crash fails the run.
scripts/fuzz.sh "${VIGIL_FUZZ_SECONDS:-20}"
export QT_QPA_PLATFORM=offscreen
# A real PostgreSQL for the tests of the shared-database path (store matrix, two servers on one database).
pgdir=$(mktemp -d /tmp/vigil-pg.XXXXXX)
pgport=$((20000 + RANDOM % 20000))
trap 'scripts/pg-cluster.sh stop "$pgdir"; rm -rf "$pgdir"' EXIT
export VIGIL_TEST_PG_URL=$(scripts/pg-cluster.sh start "$pgdir" "$pgport")
ctest --test-dir build --output-on-failure -j2 --timeout 600

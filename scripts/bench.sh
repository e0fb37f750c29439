#!/usr/bin/env bash
# Builds and runs the benchmarks; the latest figures and the machine they ran on are kept in docs/BENCHMARKS.md.
#   server:  tickets created per second over keep-alive, catch-up of 100,000 changes
#   console: a cache of 100,000 tickets — load, search keystrokes, sorts, SLA tick, resident memory
#   oncall:  final shifts of 100 schedules over 90 days, 100,000 "who is on call at T" look-ups
#   alerts:  alert ingest (new and de-duplicated) over keep-alive, event-to-notification latency (webhook, console
#            push), the same load against Prometheus Alertmanager (scripts/deps.sh test installs it)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh test
scripts/build.sh
echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
build/bench/server/bench_server "$@"
QT_QPA_PLATFORM=offscreen build/bench/console/bench_console_tickets
build/bench/oncall/bench_oncall
build/bench/alerts/bench_alerts

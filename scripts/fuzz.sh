#!/usr/bin/env bash
# Builds vigild's fuzz targets with clang (libFuzzer, AddressSanitizer, UndefinedBehaviorSanitizer) into build-fuzz/
# and runs each for a fixed time. A crash, a sanitizer report or a failed check stops the run with the input that
# caused it (build-fuzz/crash-*). Usage: scripts/fuzz.sh [seconds per target, default 20] [target …]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(fuzz_json fuzz_time fuzz_api)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ -DVIGIL_FUZZ=ON \
      -DVIGIL_BUILD_CONSOLE=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"

# Seed corpora: hand-written values (fuzz/seeds) and the requests real monitoring tools sent (tests/server/fixtures,
# whose bodies go to fuzz_api behind the byte that picks their route).
corpus=build-fuzz/corpus
mkdir -p "$corpus"
for t in "${targets[@]}"; do mkdir -p "$corpus/$t"; done
[ -d fuzz/seeds/json ] && cp -n fuzz/seeds/json/* "$corpus/fuzz_json/" 2>/dev/null || true
[ -d fuzz/seeds/time ] && cp -n fuzz/seeds/time/* "$corpus/fuzz_time/" 2>/dev/null || true
python3 - "$corpus/fuzz_api" tests/server/fixtures/alertmanager-0.25 <<'PY'
import json, os, sys
out, fixtures = sys.argv[1], sys.argv[2]
route = {"webhook": 0, "pagerduty": 1, "opsgenie-create": 2, "opsgenie-close": 3}
for name in sorted(os.listdir(fixtures)):
    if not name.endswith(".json"):
        continue
    kind = next((k for k in route if name.startswith(k)), None)
    if kind is None:
        continue
    body = json.load(open(os.path.join(fixtures, name)))["body"]
    data = bytes([route[kind]]) + json.dumps(body, ensure_ascii=False).encode()
    open(os.path.join(out, "fixture-" + name), "wb").write(data)
# Native alerts and the main write routes, one plain example each (route numbers as in fuzz/fuzz_api.cpp).
examples = {
    4: {"service_id": "svc", "message": "Disk full", "priority": "P1", "alias": "db-disk", "tags": ["db"], "details": {"a": 1}},
    5: {"summary": "VPN drops every 10 minutes", "priority": "P2", "type": "incident", "requester_email": "minji@example.com"},
    6: {"name": "NOC", "time_zone": "Asia/Seoul", "layers": [{"name": "L", "participants": ["admin"], "rotation_type": "daily", "start": "2026-12-01T09:00:00"}]},
    7: {"name": "P", "rules": [{"delay_minutes": 0, "targets": [{"type": "user", "id": "admin"}]}]},
    8: {"maintenance_windows": [{"start": "2026-12-01T10:00:00Z", "end": "2026-12-01T12:00:00Z", "reason": "patch"}]},
    9: {"name": "이서연", "email": "seoyeon@example.com", "role": "agent", "time_zone": "Asia/Seoul"},
    10: {"contact_methods": [{"type": "email", "address": "admin@example.com"}], "notification_rules": [{"after_minutes": 0, "contact_method_id": "x"}]},
    11: {"targets": {"P1": {"first_response_minutes": 15, "resolution_minutes": 240}}},
    12: {"name": "backup", "service_id": "svc", "interval_seconds": 60},
}
for n, body in examples.items():
    open(os.path.join(out, "example-%02d" % n), "wb").write(bytes([n]) + json.dumps(body, ensure_ascii=False).encode())
PY

# Qt keeps some allocations for the life of the process, by design: leak reports would be noise.
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export QT_QPA_PLATFORM=offscreen
status=0
for t in "${targets[@]}"; do
    echo "== $t: ${seconds} s"
    if ! build-fuzz/fuzz/"$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
            -artifact_prefix=build-fuzz/ "$corpus/$t" 2>build-fuzz/"$t".log; then
        status=1
        echo "$t FAILED (log: build-fuzz/$t.log)"
        grep -E 'ERROR|SUMMARY|runtime error|Test unit written|answered' build-fuzz/"$t".log | head -20
    fi
    grep -E '^stat::number_of_executed_units|^Done|^stat::peak_rss' build-fuzz/"$t".log || true
done
exit $status

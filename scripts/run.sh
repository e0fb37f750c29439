#!/usr/bin/env bash
# Runs Vigil: installs missing packages, builds, starts vigild on 127.0.0.1:8080 with demo data in its embedded
# SQLite database, and opens the vigil console connected to it as a demo agent. Ctrl+C or closing the console stops
# both. Environment: VIGIL_PORT (default 8080), VIGIL_DATA (default ~/.local/share/vigil-demo), VIGIL_LANG (en|ko).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh run
scripts/build.sh -DBUILD_TESTING=OFF
port=${VIGIL_PORT:-8080}
data=${VIGIL_DATA:-$HOME/.local/share/vigil-demo}
mkdir -p "$data"
db="$data/vigil.db"
build/server/vigild --db "$db" --demo --listen "127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    kill -0 $server 2>/dev/null || { echo "vigild did not start (is port $port taken? set VIGIL_PORT)"; exit 1; }
    sleep 0.2
done
token="$data/agent.token"
build/server/vigild --db "$db" token create jihoon.park@example.com --token-name console | tail -n 1 > "$token"
chmod 600 "$token"
echo "vigild is serving http://127.0.0.1:$port — signed in as 박지훈 (agent); token in $token"
lang_args=()
[ -n "${VIGIL_LANG:-}" ] && lang_args=(--lang "$VIGIL_LANG")
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "No display found: the console needs a desktop session. vigild keeps running; press Ctrl+C to stop."
    wait $server
else
    build/app/vigil --server "http://127.0.0.1:$port" --token-file "$token" "${lang_args[@]}"
fi

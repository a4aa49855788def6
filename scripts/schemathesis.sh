#!/usr/bin/env bash
# Property-based tests of the REST API against its own OpenAPI document: schemathesis
# (PyPI, version pinned in .ci/run) with every check, against `journalcraft dev` on a
# free port with a data directory of its own, signed in as a user registered for the run.
#
#   MAX_EXAMPLES  test cases per operation and phase (default 25)
#   MAX_TIME      time budget of the whole run in seconds (default 180)
#   SEED          random seed (default: fixed, so a failure in CI reproduces locally)
#
# The run fails on any failure schemathesis reports. Left out: sign-out, which ends the
# session every other operation is signed in with, and the job WebSocket, whose
# handshake schemathesis cannot make (both have integration tests of their own in
# crates/gateway/tests/it). Settings per operation: scripts/schemathesis.toml.
set -euo pipefail
cd "$(dirname "$0")/.."

MAX_EXAMPLES=${MAX_EXAMPLES:-25}
MAX_TIME=${MAX_TIME:-180}
SEED=${SEED:-20261204}
CARGO=${CARGO:-cargo}

command -v schemathesis >/dev/null || { echo "schemathesis is not installed (pip install schemathesis)" >&2; exit 1; }

$CARGO build -q -p journalcraft --locked
target_dir=$($CARGO metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
binary="$target_dir/debug/journalcraft"

data_dir=$(mktemp -d)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
log="$data_dir/journalcraft.log"

server_pid=
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

ops_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
# Every request comes from one address, far past the product's rate limits: each class
# gets a quota the run never reaches, so requests still pass the limiter but are
# answered by their handlers rather than with 429.
for class in SIGN_IN_ACCOUNT SIGN_IN_ADDRESS REGISTRATION REFRESH GENERATION EXPORT PROVIDER_KEY_TEST DEFAULT; do
  export "JC__GATEWAY__RATE_LIMITS__${class}__LIMIT=1000000"
done
JC__TELEMETRY__LEVEL=${JC__TELEMETRY__LEVEL:-warn} "$binary" dev --data-dir "$data_dir/data" \
  --listen "127.0.0.1:$port" --ops-listen "127.0.0.1:$ops_port" >"$log" 2>&1 &
server_pid=$!
for _ in $(seq 1 120); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "journalcraft dev exited" >&2; exit 1; }
  sleep 0.5
done
curl -fsS "$base/readyz" >/dev/null || { cat "$log" >&2; echo "journalcraft dev did not become ready" >&2; exit 1; }

email="schemathesis-$RANDOM@example.com"
password="Schemathesis-Run-$RANDOM-pass"
curl -fsS -X POST "$base/api/auth/register" -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\",\"full_name\":\"Schema Thesis\",\"profile_type\":\"personal_journaler\"}" >/dev/null
token=$(curl -fsS -X POST "$base/api/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$email\",\"password\":\"$password\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

status=0
schemathesis --config-file scripts/schemathesis.toml run "$base/api/openapi.json" \
  --checks all \
  --max-examples "$MAX_EXAMPLES" \
  --max-time "$MAX_TIME" \
  --seed "$SEED" \
  --workers 2 \
  --request-timeout 30 \
  --suppress-health-check too_slow,filter_too_much \
  --exclude-operation-id logout \
  --exclude-path '/ws/job/{job_id}' \
  -H "Authorization: Bearer $token" || status=$?
if [ "$status" -ne 0 ]; then
  echo "schemathesis reported failures (exit $status); server log: " >&2
  tail -n 50 "$log" >&2
fi
exit "$status"

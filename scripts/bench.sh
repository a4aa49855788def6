#!/usr/bin/env bash
# Load benchmark of the gateway: every component as its own release process on
# PostgreSQL and Redis, measured with wrk against a baseline taken in the same run.
#
#   1. GET /livez (the ceiling of the HTTP layer) vs authenticated GET /api/auth/me
#      (JWT check, deny list, account and profile over gRPC), 32 connections.
#   2. GET /api/auth/me again while 16 sign-ins per second run (argon2id hashing).
#   3. Resident memory of an idle `journalcraft dev`.
#
# LAYOUT=processes (default) runs auth, user and gateway as three processes, as on
# Kubernetes; LAYOUT=all runs `serve --target all`, every component in one process
# (they still call each other over gRPC on loopback).
#
# Needs: wrk, python3, psql, a PostgreSQL on 127.0.0.1:5432 (user postgres, trust) and
# Redis on 127.0.0.1:6379. Results are printed; copy them to docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
REDIS=${REDIS:-redis://127.0.0.1:6379}

command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
cargo build --release -q -p journalcraft
BIN=target/release/journalcraft

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "bench.sh: failed at line $LINENO (exit $?)" >&2' ERR

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

for db in jc_bench_auth jc_bench_user; do
  psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
openssl genpkey -algorithm ed25519 -out "$work/key.pem" 2>/dev/null
LAYOUT=${LAYOUT:-processes}
AUTH_PORT=$(free_port); USER_PORT=$(free_port); GW_PORT=$(free_port)
export JC_ENV=production JC_CONFIG_DIR="$work"
export JC__INTERNAL__SERVICE_TOKEN=$(openssl rand -hex 32)
export JC__REDIS__URL=$REDIS JC__REDIS__KEY_PREFIX="jc-bench:$$:"
export JC__SERVICES__AUTH_URL=http://127.0.0.1:$AUTH_PORT JC__SERVICES__USER_URL=http://127.0.0.1:$USER_PORT
export JC__TELEMETRY__LEVEL=warn
if [ "$LAYOUT" = all ]; then
  JC__AUTH__DATABASE__URL=$PG/jc_bench_auth JC__USER__DATABASE__URL=$PG/jc_bench_user \
    JC__AUTH__SIGNING_KEY_FILE=$work/key.pem JC__AUTH__GRPC_LISTEN=127.0.0.1:$AUTH_PORT \
    JC__USER__GRPC_LISTEN=127.0.0.1:$USER_PORT JC__GATEWAY__LISTEN=127.0.0.1:$GW_PORT \
    $BIN serve --target all >"$work/all.log" 2>&1 & pids+=($!)
else
  JC__AUTH__DATABASE__URL=$PG/jc_bench_auth JC__AUTH__SIGNING_KEY_FILE=$work/key.pem \
    JC__AUTH__GRPC_LISTEN=127.0.0.1:$AUTH_PORT JC__OPS__LISTEN=127.0.0.1:$(free_port) \
    $BIN serve --target auth >"$work/auth.log" 2>&1 & pids+=($!)
  JC__USER__DATABASE__URL=$PG/jc_bench_user JC__USER__GRPC_LISTEN=127.0.0.1:$USER_PORT \
    JC__OPS__LISTEN=127.0.0.1:$(free_port) \
    $BIN serve --target user >"$work/user.log" 2>&1 & pids+=($!)
  JC__GATEWAY__LISTEN=127.0.0.1:$GW_PORT $BIN serve --target gateway >"$work/gateway.log" 2>&1 & pids+=($!)
fi
BASE=http://127.0.0.1:$GW_PORT

for _ in $(seq 1 100); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/auth/login" \
    -H 'content-type: application/json' -d '{"email":"warm@example.com","password":"x"}' || true)
  [ "$code" = 401 ] && break
  sleep 0.2
done

EMAIL="bench-$$@example.com"; PASSWORD="Quiet-Harbor-Lantern-42"
curl -sf -X POST "$BASE/api/auth/register" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"full_name\":\"Bench\",\"profile_type\":\"content_creator\"}" >/dev/null
TOKEN=$(curl -sf -X POST "$BASE/api/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

# Prints "<requests/s> <p99 ms>" from wrk --latency output.
measure() {
  wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$@" | python3 -c '
import re, sys
text = sys.stdin.read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
value, unit = re.search(r"\n\s+99%\s+([\d.]+)(us|ms|s)", text).groups()
p99 = float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
print(f"{rps:.0f} {p99:.2f} {errors.group(1) if errors else 0}")'
}

# Warm-up, then the measurements.
wrk -t2 -c8 -d2s -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/me" >/dev/null
read -r LIVEZ_RPS LIVEZ_P99 LIVEZ_ERR < <(measure "$BASE/livez")
read -r ME_RPS ME_P99 ME_ERR < <(measure -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/me")

# 16 sign-ins per second in the background while /me is measured again.
python3 - "$BASE" "$EMAIL" "$PASSWORD" >"$work/logins.txt" <<'PY' & LOGIN_PID=$!
import json, sys, threading, time, urllib.request
base, email, password = sys.argv[1:4]
body = json.dumps({"email": email, "password": password}).encode()
ok = [0]; failed = [0]
def login():
    try:
        req = urllib.request.Request(base + "/api/auth/login", data=body, headers={"content-type": "application/json"})
        urllib.request.urlopen(req, timeout=10).read(); ok[0] += 1
    except Exception:
        failed[0] += 1
start = time.monotonic(); n = 0
while time.monotonic() - start < 14:
    threading.Thread(target=login, daemon=True).start()
    n += 1
    time.sleep(max(0, start + n / 16 - time.monotonic()))
time.sleep(2)
print(f"{ok[0]} {failed[0]} {time.monotonic() - start:.1f}")
PY
sleep 2
read -r LOAD_RPS LOAD_P99 LOAD_ERR < <(measure -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/me")
wait $LOGIN_PID
read -r LOGINS_OK LOGINS_FAILED LOGINS_SECONDS < "$work/logins.txt"

# Idle memory of the one-process development platform.
DEV_PORT=$(free_port)
(unset JC_ENV JC__REDIS__URL JC__SERVICES__AUTH_URL JC__SERVICES__USER_URL JC__INTERNAL__SERVICE_TOKEN
 exec $BIN dev --data-dir "$work/dev" --listen 127.0.0.1:$DEV_PORT >"$work/dev.log" 2>&1) & DEV_PID=$!; pids+=($DEV_PID)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$DEV_PORT/readyz" >/dev/null && break; sleep 0.2; done
sleep 5
DEV_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$DEV_PID/status")

ratio=$(python3 -c "print(f'{$ME_RPS / $LIVEZ_RPS * 100:.1f}')")
cat <<REPORT
Journal Craft gateway benchmark ($(nproc) cores, wrk -t2 -c$CONNECTIONS -d$DURATION, release build,
layout: $LAYOUT, on PostgreSQL and Redis)

GET /livez (baseline)          ${LIVEZ_RPS} req/s   p99 ${LIVEZ_P99} ms   non-2xx ${LIVEZ_ERR}
GET /api/auth/me               ${ME_RPS} req/s   p99 ${ME_P99} ms   non-2xx ${ME_ERR}
  /me as a share of /livez     ${ratio} %   (target: at least 10 %, p99 under 10 ms)
GET /api/auth/me + 16 logins/s ${LOAD_RPS} req/s   p99 ${LOAD_P99} ms   non-2xx ${LOAD_ERR}   (target: p99 under 25 ms)
  sign-ins during that run     ${LOGINS_OK} succeeded, ${LOGINS_FAILED} failed in ${LOGINS_SECONDS} s
journalcraft dev, idle RSS     $((DEV_RSS_KB / 1024)) MB   (target: under 80 MB)
REPORT

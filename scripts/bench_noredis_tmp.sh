#!/usr/bin/env bash
# Load benchmark of the gateway: every component as its own release process on
# PostgreSQL, Redis and RabbitMQ, measured against a baseline taken in the same run.
#
#   1. GET /livez (the ceiling of the HTTP layer) vs authenticated GET /api/auth/me
#      (JWT check, deny list, account and profile over gRPC), 32 connections.
#   2. GET /api/auth/me again while 16 sign-ins per second run (argon2id hashing).
#   3. Generation jobs through the queue (scripts/bench_jobs.py): ten 30-day journals
#      with the builtin writer one at a time, submit to `completed`; then 100 jobs
#      submitted at once, until every one is finished.
#   4. GET /api/journals/{id} of a 365-day journal, at 32 connections and at one.
#   5. Resident memory of an idle `journalcraft dev`.
#
# LAYOUT=processes (default) runs auth, user, journal and gateway as four processes, as
# on Kubernetes; LAYOUT=all runs `serve --target all`, every component in one process
# (they still call each other over gRPC on loopback).
#
# Needs: wrk, python3, psql, openssl, curl, a PostgreSQL on 127.0.0.1:5432 (user
# postgres, trust), Redis on 127.0.0.1:6379 and RabbitMQ on 127.0.0.1:5672 (guest/guest;
# a virtual host of the run's own is made with rabbitmqctl, or the management API on
# 127.0.0.1:15672 when rabbitmqctl cannot). Results are printed; copy them to
# docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PG=${PG:-postgres://postgres@127.0.0.1:5432}
REDIS=${REDIS:-redis://127.0.0.1:6379}
AMQP=${AMQP:-amqp://guest:guest@127.0.0.1:5672}
RABBITMQ_API=${RABBITMQ_API:-http://127.0.0.1:15672}

command -v wrk >/dev/null || { echo "wrk is required (apt-get install wrk)" >&2; exit 1; }
cargo build --release -q -p journalcraft
BIN=target/release/journalcraft

work=$(mktemp -d)
pids=()
VHOST="jc-bench-$$"
vhost_made=
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$vhost_made" ]; then vhost delete >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo "bench.sh: failed at line $LINENO (exit $?)" >&2' ERR

# `vhost add` / `vhost delete`: the run's own RabbitMQ virtual host, through rabbitmqctl
# or, when that cannot reach the node, the management API.
vhost() {
  if rabbitmqctl -q list_vhosts >/dev/null 2>&1; then
    case $1 in
      add) rabbitmqctl -q add_vhost "$VHOST" && rabbitmqctl -q set_permissions -p "$VHOST" guest '.*' '.*' '.*' ;;
      delete) rabbitmqctl -q delete_vhost "$VHOST" ;;
    esac
  else
    case $1 in
      add) curl -sf -u guest:guest -X PUT "$RABBITMQ_API/api/vhosts/$VHOST" &&
           curl -sf -u guest:guest -X PUT -H 'content-type: application/json' \
             -d '{"configure":".*","write":".*","read":".*"}' "$RABBITMQ_API/api/permissions/$VHOST/guest" ;;
      delete) curl -sf -u guest:guest -X DELETE "$RABBITMQ_API/api/vhosts/$VHOST" ;;
    esac
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

for db in jc_bench_auth jc_bench_user jc_bench_journal; do
  psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
vhost add >/dev/null || { echo "cannot create the RabbitMQ virtual host $VHOST" >&2; exit 1; }
vhost_made=1
openssl genpkey -algorithm ed25519 -out "$work/key.pem" 2>/dev/null
LAYOUT=${LAYOUT:-processes}
AUTH_PORT=$(free_port); USER_PORT=$(free_port); JOURNAL_PORT=$(free_port); GW_PORT=$(free_port)
export JC_ENV=development JC_CONFIG_DIR="$work"
export JC__INTERNAL__SERVICE_TOKEN=$(openssl rand -hex 32)
:
export JC__SERVICES__AUTH_URL=http://127.0.0.1:$AUTH_PORT JC__SERVICES__USER_URL=http://127.0.0.1:$USER_PORT
export JC__SERVICES__JOURNAL_URL=http://127.0.0.1:$JOURNAL_PORT
export JC__QUEUE__URL="$AMQP/$VHOST"
export JC__JOURNAL__KEY_ENCRYPTION_KEY=$(openssl rand -hex 32)
export JC__TELEMETRY__LEVEL=warn
if [ "$LAYOUT" = all ]; then
  JC__AUTH__DATABASE__URL=$PG/jc_bench_auth JC__USER__DATABASE__URL=$PG/jc_bench_user \
    JC__JOURNAL__DATABASE__URL=$PG/jc_bench_journal \
    JC__AUTH__SIGNING_KEY_FILE=$work/key.pem JC__AUTH__GRPC_LISTEN=127.0.0.1:$AUTH_PORT \
    JC__USER__GRPC_LISTEN=127.0.0.1:$USER_PORT JC__JOURNAL__GRPC_LISTEN=127.0.0.1:$JOURNAL_PORT \
    JC__GATEWAY__LISTEN=127.0.0.1:$GW_PORT \
    $BIN serve --target all >"$work/all.log" 2>&1 & pids+=($!)
else
  JC__AUTH__DATABASE__URL=$PG/jc_bench_auth JC__AUTH__SIGNING_KEY_FILE=$work/key.pem \
    JC__AUTH__GRPC_LISTEN=127.0.0.1:$AUTH_PORT JC__OPS__LISTEN=127.0.0.1:$(free_port) \
    $BIN serve --target auth >"$work/auth.log" 2>&1 & pids+=($!)
  JC__USER__DATABASE__URL=$PG/jc_bench_user JC__USER__GRPC_LISTEN=127.0.0.1:$USER_PORT \
    JC__OPS__LISTEN=127.0.0.1:$(free_port) \
    $BIN serve --target user >"$work/user.log" 2>&1 & pids+=($!)
  JC__JOURNAL__DATABASE__URL=$PG/jc_bench_journal JC__JOURNAL__GRPC_LISTEN=127.0.0.1:$JOURNAL_PORT \
    JC__OPS__LISTEN=127.0.0.1:$(free_port) \
    $BIN serve --target journal >"$work/journal.log" 2>&1 & pids+=($!)
  JC__GATEWAY__LISTEN=127.0.0.1:$GW_PORT $BIN serve --target gateway >"$work/gateway.log" 2>&1 & pids+=($!)
fi
BASE=http://127.0.0.1:$GW_PORT

for _ in $(seq 1 100); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "$BASE/api/auth/login" \
    -H 'content-type: application/json' -d '{"email":"warm@example.com","password":"x"}' || true)
  [ "$code" = 401 ] && break
  sleep 0.2
done
# The journal service is up once the catalogue answers through the gateway.
for _ in $(seq 1 100); do
  curl -sf -o /dev/null "$BASE/api/ai/themes" && break
  sleep 0.2
done

EMAIL="bench-$$@example.com"; PASSWORD="Quiet-Harbor-Lantern-42"
curl -sf -X POST "$BASE/api/auth/register" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"full_name\":\"Bench\",\"profile_type\":\"content_creator\"}" >/dev/null
TOKEN=$(curl -sf -X POST "$BASE/api/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

# Prints "<requests/s> <p99 ms> <non-2xx>" from wrk --latency output; C=n sets the
# connections (default $CONNECTIONS).
measure() {
  local c=${C:-$CONNECTIONS}
  wrk -t"$(( c < 2 ? 1 : 2 ))" -c"$c" -d"$DURATION" --latency "$@" | python3 -c '
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
read -r LIVEZ1_RPS LIVEZ1_P99 LIVEZ1_ERR < <(C=1 measure "$BASE/livez")
read -r ME_RPS ME_P99 ME_ERR < <(measure -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/me")

read -r P_RPS P_P99 P_ERR < <(measure -H "Authorization: Bearer $TOKEN" "$BASE/api/users/me")
echo "livez $LIVEZ_RPS p99 $LIVEZ_P99 | me $ME_RPS p99 $ME_P99 ($(python3 -c "print(round($ME_RPS/$LIVEZ_RPS*100,1))") %) | users/me $P_RPS p99 $P_P99 ($(python3 -c "print(round($P_RPS/$LIVEZ_RPS*100,1))") %)"
exit 0

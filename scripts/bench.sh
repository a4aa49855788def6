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
# The user service answers /me from its memo (user.memo_seconds, default 30);
# JC__USER__MEMO_SECONDS=0 scripts/bench.sh measures /me with every read from PostgreSQL.
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
BIN=${CARGO_TARGET_DIR:-target}/release/journalcraft

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
trap 'echo "bench.sh: failed at line $LINENO (exit $?)" >&2; tail -n 5 "$work"/*.log >&2 2>/dev/null || true' ERR

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

for db in jc_bench_auth jc_bench_user jc_bench_journal jc_bench_export; do
  psql "$PG/postgres" -q -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db"
done
vhost add >/dev/null || { echo "cannot create the RabbitMQ virtual host $VHOST" >&2; exit 1; }
vhost_made=1
openssl genpkey -algorithm ed25519 -out "$work/key.pem" 2>/dev/null
LAYOUT=${LAYOUT:-processes}
AUTH_PORT=$(free_port); USER_PORT=$(free_port); JOURNAL_PORT=$(free_port); GW_PORT=$(free_port)
EXPORT_PORT=$(free_port)
export JC_ENV=production JC_CONFIG_DIR="$work"
export JC__INTERNAL__SERVICE_TOKEN=$(openssl rand -hex 32)
export JC__REDIS__URL=$REDIS JC__REDIS__KEY_PREFIX="jc-bench:$$:"
export JC__SERVICES__AUTH_URL=http://127.0.0.1:$AUTH_PORT JC__SERVICES__USER_URL=http://127.0.0.1:$USER_PORT
export JC__SERVICES__JOURNAL_URL=http://127.0.0.1:$JOURNAL_PORT
export JC__SERVICES__EXPORT_URL=http://127.0.0.1:$EXPORT_PORT
export JC__QUEUE__URL="$AMQP/$VHOST"
export JC__JOURNAL__KEY_ENCRYPTION_KEY=$(openssl rand -hex 32)
export JC__TELEMETRY__LEVEL=warn
if [ "$LAYOUT" = all ]; then
  JC__AUTH__DATABASE__URL=$PG/jc_bench_auth JC__USER__DATABASE__URL=$PG/jc_bench_user \
    JC__JOURNAL__DATABASE__URL=$PG/jc_bench_journal JC__EXPORT__DATABASE__URL=$PG/jc_bench_export \
    JC__EXPORT__GRPC_LISTEN=127.0.0.1:$EXPORT_PORT JC__EXPORT__STORAGE_DIR=$work/exports \
    JC__AUTH__SIGNING_KEY_FILE=$work/key.pem JC__AUTH__GRPC_LISTEN=127.0.0.1:$AUTH_PORT \
    JC__USER__GRPC_LISTEN=127.0.0.1:$USER_PORT JC__JOURNAL__GRPC_LISTEN=127.0.0.1:$JOURNAL_PORT \
    JC__GATEWAY__LISTEN=127.0.0.1:$GW_PORT JC__OPS__LISTEN=127.0.0.1:$(free_port) \
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
  JC__GATEWAY__LISTEN=127.0.0.1:$GW_PORT JC__OPS__LISTEN=127.0.0.1:$(free_port) $BIN serve --target gateway >"$work/gateway.log" 2>&1 & pids+=($!)
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

# Generation jobs through RabbitMQ (figures as one JSON object).
python3 scripts/bench_jobs.py "$BASE" >"$work/jobs.json"
job() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print("n/a" if v is None else v)' "$work/jobs.json" "$1"; }

# A 365-day journal read whole through the gateway.
JOURNAL_ID=$(curl -sf -X POST "$BASE/api/journals" -H "Authorization: Bearer $TOKEN" \
  -H 'content-type: application/json' -d '{"title":"A Year of Thanks","theme":"gratitude","days":365}' |
  python3 -c 'import json,sys; j=json.load(sys.stdin); assert len(j["days"]) == 365, len(j["days"]); print(j["id"])')
JOURNAL_BYTES=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/journals/$JOURNAL_ID" | wc -c)
wrk -t2 -c8 -d2s -H "Authorization: Bearer $TOKEN" "$BASE/api/journals/$JOURNAL_ID" >/dev/null
read -r READ_RPS READ_P99 READ_ERR < <(measure -H "Authorization: Bearer $TOKEN" "$BASE/api/journals/$JOURNAL_ID")
read -r READ1_RPS READ1_P99 READ1_ERR < <(C=1 measure -H "Authorization: Bearer $TOKEN" "$BASE/api/journals/$JOURNAL_ID")
# The same for a 365-day journal the builtin writer wrote (pages full of text).
YEAR_ID=$(job year_journal_id); YEAR_TOKEN=$(job year_token)
YEAR_BYTES=$(curl -sf -H "Authorization: Bearer $YEAR_TOKEN" "$BASE/api/journals/$YEAR_ID" | wc -c)
read -r YEAR_RPS YEAR_P99 YEAR_ERR < <(measure -H "Authorization: Bearer $YEAR_TOKEN" "$BASE/api/journals/$YEAR_ID")
read -r YEAR1_RPS YEAR1_P99 YEAR1_ERR < <(C=1 measure -H "Authorization: Bearer $YEAR_TOKEN" "$BASE/api/journals/$YEAR_ID")

# Idle memory of the one-process development platform.
DEV_PORT=$(free_port)
(unset JC_ENV JC__REDIS__URL JC__SERVICES__AUTH_URL JC__SERVICES__USER_URL JC__SERVICES__JOURNAL_URL \
   JC__INTERNAL__SERVICE_TOKEN JC__QUEUE__URL JC__JOURNAL__KEY_ENCRYPTION_KEY
 exec $BIN dev --data-dir "$work/dev" --listen 127.0.0.1:$DEV_PORT --ops-listen 127.0.0.1:$(free_port) >"$work/dev.log" 2>&1) & DEV_PID=$!; pids+=($DEV_PID)
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$DEV_PORT/readyz" >/dev/null && break; sleep 0.2; done
sleep 5
DEV_RSS_KB=$(awk '/VmRSS/ {print $2}' "/proc/$DEV_PID/status")

ratio=$(python3 -c "print(f'{$ME_RPS / $LIVEZ_RPS * 100:.1f}')")
times() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.1f}' if b else 'n/a')" "$1" "$2"; }
cat <<REPORT
Journal Craft gateway benchmark ($(nproc) cores, wrk -t2 -c$CONNECTIONS -d$DURATION, release build,
layout: $LAYOUT, on PostgreSQL, Redis and RabbitMQ; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg);
user memo: ${JC__USER__MEMO_SECONDS:-30} s, 0 = every /me read from PostgreSQL)

GET /livez (baseline)          ${LIVEZ_RPS} req/s   p99 ${LIVEZ_P99} ms   non-2xx ${LIVEZ_ERR}
GET /livez, 1 connection       ${LIVEZ1_RPS} req/s   p99 ${LIVEZ1_P99} ms   non-2xx ${LIVEZ1_ERR}
GET /api/auth/me               ${ME_RPS} req/s   p99 ${ME_P99} ms   non-2xx ${ME_ERR}
  /me as a share of /livez     ${ratio} %   (target: at least 10 %, p99 under 10 ms)
GET /api/auth/me + 16 logins/s ${LOAD_RPS} req/s   p99 ${LOAD_P99} ms   non-2xx ${LOAD_ERR}   (target: p99 under 25 ms)
  sign-ins during that run     ${LOGINS_OK} succeeded, ${LOGINS_FAILED} failed in ${LOGINS_SECONDS} s

Generation jobs, builtin writer, 30 days, through RabbitMQ (scripts/bench_jobs.py)
  progress poll round trip     median $(job poll_rtt_ms_median) ms   p99 $(job poll_rtt_ms_p99) ms   (baseline: one authenticated read of a job)
  one job, submit → completed  median $(job single_end_to_end_ms_median) ms   max $(job single_end_to_end_ms_max) ms   over $(job single_jobs) jobs, polled every 2 ms   (target: under 1000 ms)
    in poll round trips        median $(times "$(job single_end_to_end_ms_median)" "$(job poll_rtt_ms_median)") ×
    the POST alone             median $(job single_submit_ms_median) ms
    send → job row created     median $(job single_send_to_created_ms_median) ms   (sign-in check, credit spent, row and outbox written)
    on the job row             median $(job single_server_ms_median) ms   max $(job single_server_ms_max) ms   (finished_at − created_at: relay, RabbitMQ, writer, store)
    finished → seen by a poll  median $(job single_finished_to_seen_ms_median) ms
  100 jobs submitted at once   all accepted in $(job queued_submitted_ms) ms; all finished $(job queued_drained_ms) ms after the first was sent (job rows: $(job queued_server_drain_ms) ms)
    outcome                    $(job queued_completed) completed, $(job queued_failed) failed, $(job queued_cancelled) cancelled, $(job queued_unfinished) unfinished   (target: 100 completed)
    journals                   $(job queued_distinct_journals) distinct on the jobs, $(job queued_library_journals) in the three libraries   (target: 100); the single-job account holds $(job single_account_library_journals) of its $(job single_account_jobs)
    credits                    $(job queued_credits_start) before, $(job queued_credits_left) after   (expected: $(( $(job queued_credits_start) - $(job queued_jobs) )))

GET /api/journals/{id}, 365 days ($JOURNAL_BYTES bytes), made with POST /api/journals
  at $CONNECTIONS connections             ${READ_RPS} req/s   p99 ${READ_P99} ms   non-2xx ${READ_ERR}   ($(times "$READ_P99" "$LIVEZ_P99") × the p99 of /livez; $(python3 -c "print(f'{$READ_RPS / $LIVEZ_RPS * 100:.1f}')") % of its req/s)
  at 1 connection              ${READ1_RPS} req/s   p99 ${READ1_P99} ms   non-2xx ${READ1_ERR}   ($(times "$READ1_P99" "$LIVEZ1_P99") × the p99 of /livez at 1 connection)   (target: p99 under 20 ms)
GET /api/journals/{id}, 365 days ($YEAR_BYTES bytes), written by the builtin writer in $(job year_end_to_end_ms) ms (job row: $(job year_server_ms) ms)
  at $CONNECTIONS connections             ${YEAR_RPS} req/s   p99 ${YEAR_P99} ms   non-2xx ${YEAR_ERR}   ($(times "$YEAR_P99" "$LIVEZ_P99") × the p99 of /livez; $(python3 -c "print(f'{$YEAR_RPS / $LIVEZ_RPS * 100:.1f}')") % of its req/s)
  at 1 connection              ${YEAR1_RPS} req/s   p99 ${YEAR1_P99} ms   non-2xx ${YEAR1_ERR}   ($(times "$YEAR1_P99" "$LIVEZ1_P99") × the p99 of /livez at 1 connection)   (target: p99 under 20 ms)

journalcraft dev, idle RSS     $((DEV_RSS_KB / 1024)) MB   (target: under 80 MB)
REPORT

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
#   5. GET /api/library/projects of an account with three journals, 32 connections.
#   6. Resident memory of `journalcraft dev` (read from /proc): idle, then during and
#      30 s after a 10 s burst of sign-ins (wrk, 32 connections).
#   7. The rate limiter's cost: GET /api/auth/me through three more gateway processes
#      on the same services, limits off, on (the default class in memory) and on with
#      the default class counted on Redis, in three alternating rounds.
#
# The benchmark sends everything from one address, far past the product's rate limits,
# so every class gets a quota it never reaches: each request still passes the limiter.
#
# Each measure is a scenario: a function `scenario_<name>` below that measures and adds
# its lines to the report with `report`. SCENARIOS="me library" scripts/bench.sh runs
# only those (the /livez baseline always runs first); a new measure is one more
# function and one more name in the default list. BIN=path/to/journalcraft runs that
# binary instead of building the release one.
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
SCENARIOS=${SCENARIOS:-me me_under_signins jobs journal_reads library dev_memory rate_limits}
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p journalcraft
  BIN=${CARGO_TARGET_DIR:-target}/release/journalcraft
fi

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
for class in SIGN_IN_ACCOUNT SIGN_IN_ADDRESS REGISTRATION REFRESH GENERATION EXPORT PROVIDER_KEY_TEST DEFAULT; do
  export "JC__GATEWAY__RATE_LIMITS__${class}__LIMIT=1000000"
done
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

report_file="$work/report.txt"
: >"$report_file"
# Adds lines (its arguments, or standard input) to the report printed at the end.
report() { if [ $# -gt 0 ]; then printf '%s\n' "$@" >>"$report_file"; else cat >>"$report_file"; fi; }
# a / b in per cent, and a / b, with one decimal.
share() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b * 100:.1f}' if b else 'n/a')" "$1" "$2"; }
times() { python3 -c "import sys; a, b = map(float, sys.argv[1:]); print(f'{a / b:.1f}' if b else 'n/a')" "$1" "$2"; }

# The baseline every scenario is compared with: /livez at $CONNECTIONS and at one.
wrk -t2 -c8 -d2s -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/me" >/dev/null
read -r LIVEZ_RPS LIVEZ_P99 LIVEZ_ERR < <(measure "$BASE/livez")
read -r LIVEZ1_RPS LIVEZ1_P99 LIVEZ1_ERR < <(C=1 measure "$BASE/livez")
report "GET /livez (baseline)          ${LIVEZ_RPS} req/s   p99 ${LIVEZ_P99} ms   non-2xx ${LIVEZ_ERR}" \
  "GET /livez, 1 connection       ${LIVEZ1_RPS} req/s   p99 ${LIVEZ1_P99} ms   non-2xx ${LIVEZ1_ERR}"

scenario_me() {
  local rps p99 err
  read -r rps p99 err < <(measure -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/me")
  report "GET /api/auth/me               ${rps} req/s   p99 ${p99} ms   non-2xx ${err}" \
    "  /me as a share of /livez     $(share "$rps" "$LIVEZ_RPS") %   (target: at least 10 %, p99 under 10 ms)"
}

# 16 sign-ins per second in the background while /me is measured again.
scenario_me_under_signins() {
  local login_pid rps p99 err ok failed seconds
  python3 - "$BASE" "$EMAIL" "$PASSWORD" >"$work/logins.txt" <<'PY' &
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
  login_pid=$!
  sleep 2
  read -r rps p99 err < <(measure -H "Authorization: Bearer $TOKEN" "$BASE/api/auth/me")
  wait "$login_pid"
  read -r ok failed seconds < "$work/logins.txt"
  report "GET /api/auth/me + 16 logins/s ${rps} req/s   p99 ${p99} ms   non-2xx ${err}   (target: p99 under 25 ms)" \
    "  sign-ins during that run     ${ok} succeeded, ${failed} failed in ${seconds} s"
}

# Generation jobs through RabbitMQ (figures as one JSON object).
job() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1])).get(sys.argv[2]); print("n/a" if v is None else v)' "$work/jobs.json" "$1"; }
scenario_jobs() {
  python3 scripts/bench_jobs.py "$BASE" >"$work/jobs.json"
  report <<REPORT

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
REPORT
}

# Reads a journal at $CONNECTIONS and at one connection; reports both against /livez.
read_journal() {
  local label=$1 token=$2 id=$3 rps p99 err rps1 p991 err1
  wrk -t2 -c8 -d2s -H "Authorization: Bearer $token" "$BASE/api/journals/$id" >/dev/null
  read -r rps p99 err < <(measure -H "Authorization: Bearer $token" "$BASE/api/journals/$id")
  read -r rps1 p991 err1 < <(C=1 measure -H "Authorization: Bearer $token" "$BASE/api/journals/$id")
  report "$label" \
    "  at $CONNECTIONS connections             ${rps} req/s   p99 ${p99} ms   non-2xx ${err}   ($(times "$p99" "$LIVEZ_P99") × the p99 of /livez; $(share "$rps" "$LIVEZ_RPS") % of its req/s)" \
    "  at 1 connection              ${rps1} req/s   p99 ${p991} ms   non-2xx ${err1}   ($(times "$p991" "$LIVEZ1_P99") × the p99 of /livez at 1 connection)   (target: p99 under 20 ms)"
}

# A 365-day journal read whole through the gateway; then the one the builtin writer
# wrote in scenario_jobs, when that ran.
scenario_journal_reads() {
  local id bytes year_id year_token
  id=$(curl -sf -X POST "$BASE/api/journals" -H "Authorization: Bearer $TOKEN" \
    -H 'content-type: application/json' -d '{"title":"A Year of Thanks","theme":"gratitude","days":365}' |
    python3 -c 'import json,sys; j=json.load(sys.stdin); assert len(j["days"]) == 365, len(j["days"]); print(j["id"])')
  bytes=$(curl -sf -H "Authorization: Bearer $TOKEN" "$BASE/api/journals/$id" | wc -c)
  report ""
  read_journal "GET /api/journals/{id}, 365 days ($bytes bytes), made with POST /api/journals" "$TOKEN" "$id"
  if [ -s "$work/jobs.json" ]; then
    year_id=$(job year_journal_id); year_token=$(job year_token)
    bytes=$(curl -sf -H "Authorization: Bearer $year_token" "$BASE/api/journals/$year_id" | wc -c)
    read_journal "GET /api/journals/{id}, 365 days ($bytes bytes), written by the builtin writer in $(job year_end_to_end_ms) ms (job row: $(job year_server_ms) ms)" \
      "$year_token" "$year_id"
  fi
}

# The library page of a fresh account holding three 30-day journals.
scenario_library() {
  local email="library-$$@example.com" token n count rps p99 err
  curl -sf -o /dev/null -X POST "$BASE/api/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$PASSWORD\",\"full_name\":\"Library\",\"profile_type\":\"content_creator\"}"
  token=$(curl -sf -X POST "$BASE/api/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$PASSWORD\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
  for n in 1 2 3; do
    curl -sf -o /dev/null -X POST "$BASE/api/journals" -H "Authorization: Bearer $token" \
      -H 'content-type: application/json' -d "{\"title\":\"Library journal $n\",\"theme\":\"gratitude\",\"days\":30}"
  done
  count=$(curl -sf -H "Authorization: Bearer $token" "$BASE/api/library/projects" |
    python3 -c 'import json,sys; print(len(json.load(sys.stdin)["projects"]))')
  [ "$count" = 3 ] || { echo "the library lists $count journals, not 3" >&2; return 1; }
  wrk -t2 -c8 -d2s -H "Authorization: Bearer $token" "$BASE/api/library/projects" >/dev/null
  read -r rps p99 err < <(measure -H "Authorization: Bearer $token" "$BASE/api/library/projects")
  report "" \
    "GET /api/library/projects, 3 journals" \
    "  at $CONNECTIONS connections             ${rps} req/s   p99 ${p99} ms   non-2xx ${err}   ($(share "$rps" "$LIVEZ_RPS") % of /livez; target: at least 15 %, p99 under 10 ms)"
}

# The one-process development platform (SQLite, in-memory cache): its resident memory
# idle, then while $CONNECTIONS connections sign in for SIGNIN_BURST (argon2id, 19 MiB
# a hash), sampled every 0.2 s, and SIGNIN_IDLE seconds after the burst.
scenario_dev_memory() {
  local port pid idle_kb now_kb peak_kb=0 end_kb after_kb wrk_pid answered refused
  port=$(free_port)
  (unset JC_ENV JC__REDIS__URL JC__SERVICES__AUTH_URL JC__SERVICES__USER_URL JC__SERVICES__JOURNAL_URL \
     JC__SERVICES__EXPORT_URL JC__INTERNAL__SERVICE_TOKEN JC__QUEUE__URL JC__JOURNAL__KEY_ENCRYPTION_KEY
   exec $BIN dev --data-dir "$work/dev" --listen 127.0.0.1:$port --ops-listen 127.0.0.1:$(free_port) \
     >"$work/dev.log" 2>&1) & pid=$!; pids+=($pid)
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  sleep 5
  rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
  idle_kb=$(rss_kb)

  curl -sf -o /dev/null -X POST "http://127.0.0.1:$port/api/auth/register" -H 'content-type: application/json' \
    -d "{\"email\":\"$EMAIL\",\"password\":\"$PASSWORD\",\"full_name\":\"Bench\",\"profile_type\":\"content_creator\"}"
  cat >"$work/login.lua" <<LUA
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.body = '{"email":"$EMAIL","password":"$PASSWORD"}'
LUA
  wrk -t2 -c"$CONNECTIONS" -d"${SIGNIN_BURST:-10s}" -s "$work/login.lua" \
    "http://127.0.0.1:$port/api/auth/login" >"$work/login-burst.txt" & wrk_pid=$!
  while kill -0 "$wrk_pid" 2>/dev/null; do
    now_kb=$(rss_kb); [ "$now_kb" -gt "$peak_kb" ] && peak_kb=$now_kb
    sleep 0.2
  done
  wait "$wrk_pid"
  end_kb=$(rss_kb)
  sleep "${SIGNIN_IDLE:-30}"
  after_kb=$(rss_kb)
  answered=$(awk '/requests in/ {print $1}' "$work/login-burst.txt")
  refused=$(awk '/Non-2xx/ {print $5}' "$work/login-burst.txt"); refused=${refused:-0}
  report "" \
    "journalcraft dev, idle RSS     $((idle_kb / 1024)) MB   (target: under 80 MB)" \
    "  sign-ins for ${SIGNIN_BURST:-10s} at $CONNECTIONS conn.  ${answered} answered, ${refused} non-2xx" \
    "  RSS during the burst         peak $((peak_kb / 1024)) MB, at its end $((end_kb / 1024)) MB   (target: under 150 MB)" \
    "  RSS ${SIGNIN_IDLE:-30} s after the burst     $((after_kb / 1024)) MB   (target: under 150 MB)"
}

# GET /api/auth/me through three gateway processes that differ only in their limits;
# the rounds alternate so that drift on the machine falls on all three alike.
scenario_rate_limits() {
  local name port round rps p99 err
  declare -A ports=()
  for name in off local shared; do
    ports[$name]=$(free_port)
    case $name in
      off) set -- JC__GATEWAY__RATE_LIMITS__ENABLED=false ;;
      local) set -- JC__GATEWAY__RATE_LIMITS__ENABLED=true ;;
      shared) set -- JC__GATEWAY__RATE_LIMITS__DEFAULT__STORE=shared ;;
    esac
    env "$@" JC__GATEWAY__LISTEN=127.0.0.1:${ports[$name]} JC__OPS__LISTEN=127.0.0.1:$(free_port) \
      $BIN serve --target gateway >"$work/gateway-$name.log" 2>&1 & pids+=($!)
  done
  for name in off local shared; do
    port=${ports[$name]}
    for _ in $(seq 1 100); do
      curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/api/auth/me" && break
      sleep 0.2
    done
    wrk -t2 -c8 -d2s -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$port/api/auth/me" >/dev/null
  done
  : >"$work/limits.txt"
  for round in 1 2 3; do
    for name in off local shared; do
      read -r rps p99 err < <(measure -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${ports[$name]}/api/auth/me")
      echo "$name $rps $p99 $err" >>"$work/limits.txt"
    done
  done
  python3 - "$work/limits.txt" <<'PY' | report
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    name, rps, p99, err = line.split()
    runs.setdefault(name, []).append((float(rps), float(p99), int(err)))
mean = {name: statistics.mean(r for r, _, _ in values) for name, values in runs.items()}
print()
print("Rate limiter, GET /api/auth/me, mean of 3 alternating rounds (gateway processes on the same services)")
for name, label in [("off", "limits off"), ("local", "limits on"), ("shared", "limits on, default on Redis")]:
    values = runs[name]
    rounds = ", ".join(f"{r:.0f}" for r, _, _ in values)
    p99 = statistics.mean(p for _, p, _ in values)
    errors = sum(e for _, _, e in values)
    cost = "" if name == "off" else f"   cost {(1 - mean[name] / mean['off']) * 100:.1f} % (target: at most 10 %)"
    print(f"  {label:<28} {mean[name]:.0f} req/s ({rounds})   p99 {p99:.2f} ms   non-2xx {errors}{cost}")
PY
}

for scenario in $SCENARIOS; do
  "scenario_$scenario"
done

cat <<HEADER
Journal Craft gateway benchmark ($(nproc) cores, wrk -t2 -c$CONNECTIONS -d$DURATION, release build,
layout: $LAYOUT, on PostgreSQL, Redis and RabbitMQ; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg);
user memo: ${JC__USER__MEMO_SECONDS:-30} s, 0 = every /me read from PostgreSQL; scenarios: $SCENARIOS)

HEADER
cat "$report_file"

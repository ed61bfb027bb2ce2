#!/usr/bin/env bash
# Throughput benchmark of the accounts API against a bare Falcon app, with wrk.
# Prints figures and the targets beside them; it is not a test and never fails on time
# (it exits non-zero only when it cannot run at all). See bench/README.md.
#
#   bash bench/run.sh                      # 10 s per scenario
#   BENCH_DURATION=5 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export BENCH_DIR="$ROOT/bench"

# --- knobs (environment) -------------------------------------------------------------------
BENCH_DURATION=${BENCH_DURATION:-10}          # seconds per measured scenario
BENCH_WARMUP=${BENCH_WARMUP:-2}               # unmeasured seconds before each scenario (0: none)
BENCH_THREADS=${BENCH_THREADS:-2}             # wrk threads
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}    # wrk connections for the read scenarios
BENCH_LOGIN_CONNECTIONS=${BENCH_LOGIN_CONNECTIONS:-8}  # each login costs one argon2id hash
BENCH_WORKERS=${BENCH_WORKERS:-2}             # gunicorn workers (both apps)
BENCH_WORKER_THREADS=${BENCH_WORKER_THREADS:-4}  # gthread threads per worker (both apps)
BENCH_PORT=${BENCH_PORT:-58080}               # our API
BARE_PORT=${BARE_PORT:-58081}                 # the bare Falcon app
export PG_PORT=${PG_PORT:-55442} REDIS_PORT=${REDIS_PORT:-56389}  # never the test suite's

BENCH_USERNAME=benchuser
BENCH_EMAIL=bench@example.com
# Not 'a long bench passphrase 42': the password policy refuses any password that contains
# the username or the e-mail's local part ("bench"). Same length (argon2id's cost does not
# depend on it anyway).
BENCH_PASSWORD=${BENCH_PASSWORD:-'a long trial passphrase 42'}

say() { echo "bench: $*" >&2; }

# --- cleanup: every process started here, by PID, then the services -----------------------
STARTED_PIDS=()
WORK=""
RESULTS=""
cleanup() {
  local status=$?
  trap - EXIT INT TERM
  local pid
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do
    for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if declare -F services_stop >/dev/null; then services_stop; fi
  [ -n "$WORK" ] && rm -rf "$WORK"
  [ -n "$RESULTS" ] && { rmdir "$RESULTS" 2>/dev/null || true; }  # only if left empty
  [ "$status" -ne 0 ] && say "failed (exit $status)"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for port in "$PG_PORT" "$REDIS_PORT" "$BENCH_PORT" "$BARE_PORT"; do
  port_free "$port" || { say "port $port is already in use; set PG_PORT/REDIS_PORT/BENCH_PORT/BARE_PORT"; exit 1; }
done

# Started from inside the process that `start` launches, so its PID is known for cleanup.
start() {  # start NAME LOGFILE COMMAND...
  local name=$1 log=$2; shift 2
  "$@" >"$log" 2>&1 &
  STARTED_PIDS+=("$!")
  eval "${name}_PID=$!"
}

wait_until_answers() {  # wait_until_answers URL PID LOG
  for _ in $(seq 300); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    kill -0 "$2" 2>/dev/null || { say "the server for $1 exited:"; tail -n 30 "$3" >&2; return 1; }
    sleep 0.1
  done
  say "no answer from $1 after 30 s:"; tail -n 30 "$3" >&2; return 1
}

# --- setup -----------------------------------------------------------------------------------
say "bootstrapping .venv"
scripts/bootstrap.sh
# shellcheck source=../scripts/services.sh
source scripts/services.sh
services_start --bench >&2

WORK=$(mktemp -d /tmp/cvimprover-bench.XXXXXX)
RESULTS="$BENCH_DIR/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$RESULTS"

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres cvimprover_bench

# The service's settings: production-like (PostgreSQL, Redis-backed login throttle, the
# default argon2id costs), quiet logs so that access lines do not dominate.
unset PASSWORD_HASH_MEMORY_KIB PASSWORD_HASH_TIME_COST PASSWORD_HASH_PARALLELISM
export DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/cvimprover_bench"
export DATA_DIR="$WORK/data"
export JWT_SECRET
JWT_SECRET=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')
export LOG_LEVEL=WARNING
# The allocator tuning `cvimprover serve` and the Dockerfile apply (see cvimprover/cli.py).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-4194304}
export RATE_LIMIT_STORAGE_URL="redis://127.0.0.1:$REDIS_PORT/0"
export MAILER=outbox
export HOST=127.0.0.1 PORT="$BENCH_PORT"
export WEB_CONCURRENCY="$BENCH_WORKERS" WEB_THREADS="$BENCH_WORKER_THREADS"
# The one token must outlive the read scenario (default 900 s is enough below ~14 min).
export ACCESS_TOKEN_LIFETIME_SECONDS=$(( BENCH_DURATION + BENCH_WARMUP > 840 ? BENCH_DURATION + BENCH_WARMUP + 60 : 900 ))

say "migrating and creating $BENCH_USERNAME"
.venv/bin/cvimprover migrate >&2
.venv/bin/cvimprover create-user "$BENCH_USERNAME" "$BENCH_EMAIL" --password "$BENCH_PASSWORD" >&2

# As `cvimprover serve` runs it, minus gunicorn 27's control socket: both masters here would
# otherwise share the one default path (~/.gunicorn/gunicorn.ctl) with any other gunicorn.
GUNICORN_OPTS=(-k gthread -w "$BENCH_WORKERS" --threads "$BENCH_WORKER_THREADS"
  --timeout 60 --graceful-timeout 30 --keep-alive 5 --no-control-socket)
say "starting our API on :$BENCH_PORT and the bare Falcon app on :$BARE_PORT"
start API "$RESULTS/api.log" .venv/bin/gunicorn cvimprover.wsgi:app "${GUNICORN_OPTS[@]}" \
  -b "127.0.0.1:$BENCH_PORT"
start BARE "$RESULTS/bare.log" .venv/bin/gunicorn bare_app:app "${GUNICORN_OPTS[@]}" \
  --pythonpath "$BENCH_DIR" -b "127.0.0.1:$BARE_PORT"
API_URL="http://127.0.0.1:$BENCH_PORT"
BARE_URL="http://127.0.0.1:$BARE_PORT"
wait_until_answers "$API_URL/core/health/" "$API_PID" "$RESULTS/api.log"
wait_until_answers "$BARE_URL/" "$BARE_PID" "$RESULTS/bare.log"

# --- log in once ---------------------------------------------------------------------------
export BENCH_USERNAME BENCH_PASSWORD
BENCH_LOGIN_BODY=$(.venv/bin/python -c 'import json, os
print(json.dumps({"username": os.environ["BENCH_USERNAME"], "password": os.environ["BENCH_PASSWORD"]}))')
export BENCH_LOGIN_BODY
export BENCH_TOKEN_FILE="$WORK/access-token"
curl -fsS -X POST -H 'Content-Type: application/json' --data "$BENCH_LOGIN_BODY" \
  "$API_URL/auth/login/" | .venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["access"])' \
  >"$BENCH_TOKEN_FILE"
curl -fsS -o /dev/null -H "Authorization: Bearer $(cat "$BENCH_TOKEN_FILE")" "$API_URL/auth/user/" \
  || { say "GET /auth/user/ with the fresh token failed"; exit 1; }

.venv/bin/python bench/report.py rss "$API_PID" "after start" >>"$RESULTS/rss.tsv"

# --- scenarios -----------------------------------------------------------------------------
run_wrk() {  # run_wrk KEY CONNECTIONS SCRIPT URL
  local key=$1 connections=$2 script=$3 url=$4
  if [ "$BENCH_WARMUP" != 0 ]; then
    say "$key: ${BENCH_WARMUP}s warm-up"
    wrk -t "$BENCH_THREADS" -c "$connections" -d "${BENCH_WARMUP}s" --timeout 10s \
      -s "$script" "$url" >/dev/null
  fi
  say "$key: ${BENCH_DURATION}s, $connections connections, $BENCH_THREADS threads"
  cpu_snapshot "$RESULTS/$key.cpu.before.json"
  wrk -t "$BENCH_THREADS" -c "$connections" -d "${BENCH_DURATION}s" --timeout 10s --latency \
    -s "$script" "$url" >"$RESULTS/$key.wrk.txt"
  cpu_snapshot "$RESULTS/$key.cpu.after.json"
}

# CPU counters of the machine and of every process, to tell how much of the CPU processes
# not started here took meanwhile. Ours: this shell's tree, PostgreSQL's and Redis's.
cpu_snapshot() {
  local mine=(--mine $$)
  [ -f "$SERVICES_DIR/pg/data/postmaster.pid" ] && mine+=(--mine "$(head -n 1 "$SERVICES_DIR/pg/data/postmaster.pid")")
  [ -f "$SERVICES_DIR/redis.pid" ] && mine+=(--mine "$(cat "$SERVICES_DIR/redis.pid")")
  .venv/bin/python bench/report.py cpu "$1" "${mine[@]}"
}

run_wrk bare "$BENCH_CONNECTIONS" bench/bare.lua "$BARE_URL/"
run_wrk user "$BENCH_CONNECTIONS" bench/user.lua "$API_URL/auth/user/"
.venv/bin/python bench/report.py rss "$API_PID" "after reads" >>"$RESULTS/rss.tsv"
run_wrk login "$BENCH_LOGIN_CONNECTIONS" bench/login.lua "$API_URL/auth/login/"
.venv/bin/python bench/report.py rss "$API_PID" "after logins" >>"$RESULTS/rss.tsv"

.venv/bin/python bench/report.py argon2 --username "$BENCH_USERNAME" >"$RESULTS/argon2.json"

# --- report (never fails on a missed target) -----------------------------------------------
echo "cvimprover benchmark, commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%Y-%m-%dT%H:%M:%SZ)"
# Allocator and interpreter settings inherited from the caller change the figures: show them.
tuning=$(env | grep -E '^(MALLOC_[A-Z_]*|GLIBC_TUNABLES|PYTHON[A-Z]*)=' | sort | tr '\n' ' ' || true)
[ -n "$tuning" ] && echo "environment: $tuning"
.venv/bin/python bench/report.py table "$RESULTS" --duration "$BENCH_DURATION" \
  --warmup "$BENCH_WARMUP" --threads "$BENCH_THREADS" --read-connections "$BENCH_CONNECTIONS" \
  --login-connections "$BENCH_LOGIN_CONNECTIONS" --workers "$BENCH_WORKERS" \
  --worker-threads "$BENCH_WORKER_THREADS"
echo
echo "raw wrk outputs, server logs and summary.json: ${RESULTS#"$ROOT/"}/"

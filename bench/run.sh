#!/usr/bin/env bash
# Throughput benchmark of the API (accounts, questionnaires) against a bare Falcon app, with
# wrk; the questionnaire list at 10 k and 1 M rows; AI improvement jobs through Redis.
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
BENCH_SMALL_ROWS=${BENCH_SMALL_ROWS:-10000}   # list scaling: questionnaires, first size
BENCH_LARGE_ROWS=${BENCH_LARGE_ROWS:-1000000} # ... and second size
BENCH_USER_ROWS=${BENCH_USER_ROWS:-100}       # ... of which the bench user's, at each size
BENCH_JOBS=${BENCH_JOBS:-200}                 # AI improvement jobs posted (after 5 warm-up ones)
BENCH_JOB_CLIENTS=${BENCH_JOB_CLIENTS:-1}     # ... by this many clients at once
BENCH_JOBS_PACED=${BENCH_JOBS_PACED:-100}     # jobs posted one at a time (the worker idle)
BENCH_JOB_WORKERS=${BENCH_JOB_WORKERS:-2}     # `cvimprover worker` processes (one per CPU)
BENCH_PROFILE=${BENCH_PROFILE:-1}             # 1: profile the API's requests in-process too
BENCH_WORKERS=${BENCH_WORKERS:-2}             # gunicorn workers (both apps)
BENCH_WORKER_THREADS=${BENCH_WORKER_THREADS:-4}  # gthread threads per worker (both apps)
BENCH_ONLY=${BENCH_ONLY:-}                    # e.g. "bare,user,q_create,jobs": only these (default: all)
BENCH_PORT=${BENCH_PORT:-28080}               # our API (ports below the ephemeral range:
BARE_PORT=${BARE_PORT:-28081}                 # ...no client socket of this run holds them)
NOCACHE_PORT=${NOCACHE_PORT:-28082}           # our API again, with its read cache off
export PG_PORT=${PG_PORT:-25442} REDIS_PORT=${REDIS_PORT:-26389}  # never the test suite's

BENCH_USERNAME=benchuser
BENCH_EMAIL=bench@example.com
# Not 'a long bench passphrase 42': the password policy refuses any password that contains
# the username or the e-mail's local part ("bench"). Same length (argon2id's cost does not
# depend on it anyway).
BENCH_PASSWORD=${BENCH_PASSWORD:-'a long trial passphrase 42'}

say() { echo "bench: $*" >&2; }
wanted() {  # wanted KEY...: whether BENCH_ONLY is empty or names one of the keys
  [ -z "$BENCH_ONLY" ] && return 0
  local key
  for key in "$@"; do [[ ",$BENCH_ONLY," == *",$key,"* ]] && return 0; done
  return 1
}

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
for port in "$PG_PORT" "$REDIS_PORT" "$BENCH_PORT" "$BARE_PORT" "$NOCACHE_PORT"; do
  port_free "$port" || { say "port $port is already in use; set PG_PORT/REDIS_PORT/BENCH_PORT/BARE_PORT/NOCACHE_PORT"; exit 1; }
done

# Started from inside the process that `start` launches, so its PID is known for cleanup.
start() {  # start NAME LOGFILE COMMAND...
  local name=$1 log=$2; shift 2
  "$@" >"$log" 2>&1 &
  STARTED_PIDS+=("$!")
  eval "${name}_PID=$!"
}

stop_started() {  # stop_started PID: TERM, wait, KILL; then forget it
  local pid=$1 kept=() other
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for other in "${STARTED_PIDS[@]}"; do [ "$other" = "$pid" ] || kept+=("$other"); done
  STARTED_PIDS=("${kept[@]}")
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
# Commit timestamps: a job's delay is measured from its commit (bench/cv.py jobs).
SERVICES_PG_OPTIONS="-c track_commit_timestamp=on" services_start --bench >&2

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
export PAYMENT_GATEWAY=sandbox  # chosen, as PostgreSQL wants: no vendor account here
JWT_SECRET=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')
export LOG_LEVEL=WARNING
# The allocator tuning `cvimprover serve` and the Dockerfile apply (see cvimprover/cli.py).
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} MALLOC_MMAP_THRESHOLD_=${MALLOC_MMAP_THRESHOLD_:-4194304}
export RATE_LIMIT_STORAGE_URL="redis://127.0.0.1:$REDIS_PORT/0"
# Plan quotas counted in Redis, as in production (docker-compose.yml).
export QUOTA_STORAGE_URL="redis://127.0.0.1:$REDIS_PORT/2"
# Jobs go through Redis (the production broker), for the API and the worker alike.
export BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export AI_PROVIDERS=local  # the offline improver: no vendor, no network
export MAILER=outbox
export HOST=127.0.0.1 PORT="$BENCH_PORT"
export WEB_CONCURRENCY="$BENCH_WORKERS" WEB_THREADS="$BENCH_WORKER_THREADS"
# The one token must outlive every authenticated scenario (9 of them, plus the bulk inserts
# and the jobs): at least the default 900 s.
token_needs=$(( 9 * (BENCH_DURATION + BENCH_WARMUP) + 600 ))
export ACCESS_TOKEN_LIFETIME_SECONDS=$(( token_needs > 900 ? token_needs : 900 ))

say "migrating and creating $BENCH_USERNAME"
.venv/bin/cvimprover migrate >&2
.venv/bin/cvimprover create-user "$BENCH_USERNAME" "$BENCH_EMAIL" --password "$BENCH_PASSWORD" >&2
# One client calls far more than any sold plan allows in an hour: the bench user gets a plan
# of its own (plans are data) whose quotas no scenario reaches. Every request still takes
# its API call from the quota store, as a real one does.
.venv/bin/python - <<'PY' >&2
import os

import sqlalchemy as sa

engine = sa.create_engine(os.environ["DATABASE_URL"])
with engine.begin() as connection:
    connection.execute(
        sa.text(
            'INSERT INTO plans (name, description, "order", ai_improvements_per_day,'
            " questionnaires_per_day, uploads_per_day, api_calls_per_hour)"
            " VALUES ('Bench', 'benchmarks only', 99, 1000000000, 1000000000, 1000000000,"
            " 1000000000)"
        )
    )
PY
.venv/bin/cvimprover set-plan "$BENCH_USERNAME" Bench >&2
.venv/bin/python bench/cv.py note-job-commits >&2
BENCH_USER_ID=$(.venv/bin/python -c 'import os, sys, sqlalchemy as sa
engine = sa.create_engine(os.environ["DATABASE_URL"])
with engine.connect() as connection:
    print(connection.execute(sa.text("SELECT id FROM users WHERE username = :name"), {"name": sys.argv[1]}).scalar_one())' "$BENCH_USERNAME")

# Our API as production runs it (cvimprover/gunicorn_conf.py, the settings above); the bare
# app with the same worker options, and a configuration file of its own so that gunicorn
# does not read the checkout's gunicorn.conf.py (cvimprover's) for it.
# --worker-connections (WEB_WORKER_CONNECTIONS), for both apps: each worker takes its share
# of wrk's keep-alive connections, as behind a proxy with that many upstream connections;
# with gunicorn's default (1000) the first worker to wake may take them all and keep them.
GUNICORN_OPTS=(-k gthread -w "$BENCH_WORKERS" --threads "$BENCH_WORKER_THREADS"
  --worker-connections $(( (BENCH_CONNECTIONS + BENCH_WORKERS - 1) / BENCH_WORKERS ))
  --timeout 60 --graceful-timeout 30 --keep-alive 5 --no-control-socket)
say "starting our API on :$BENCH_PORT and the bare Falcon app on :$BARE_PORT"
start API "$RESULTS/api.log" .venv/bin/gunicorn -c python:cvimprover.gunicorn_conf \
  "${GUNICORN_OPTS[@]}" -b "127.0.0.1:$BENCH_PORT"
# The bare app also answers POST /questionnaires: the API's INSERT alone, as the bench user
# (see bench/bare_app.py), on the same database.
start BARE "$RESULTS/bare.log" env BARE_DATABASE_URL="${DATABASE_URL/+psycopg/}" \
  BARE_USER_ID="$BENCH_USER_ID" .venv/bin/gunicorn -c "$BENCH_DIR/bare_gunicorn_conf.py" \
  bare_app:app "${GUNICORN_OPTS[@]}" --pythonpath "$BENCH_DIR" -b "127.0.0.1:$BARE_PORT"
# The same API with READ_CACHE_MB=0: every read goes to PostgreSQL. It shows what the
# read cache buys, and the list-scaling runs use it (they measure the query, not the cache).
start NOCACHE "$RESULTS/api-nocache.log" env READ_CACHE_MB=0 \
  PROMETHEUS_MULTIPROC_DIR="$WORK/metrics-nocache" .venv/bin/gunicorn \
  -c python:cvimprover.gunicorn_conf "${GUNICORN_OPTS[@]}" -b "127.0.0.1:$NOCACHE_PORT"
API_URL="http://127.0.0.1:$BENCH_PORT"
BARE_URL="http://127.0.0.1:$BARE_PORT"
NOCACHE_URL="http://127.0.0.1:$NOCACHE_PORT"
wait_until_answers "$API_URL/core/health/" "$API_PID" "$RESULTS/api.log"
wait_until_answers "$NOCACHE_URL/core/health/" "$NOCACHE_PID" "$RESULTS/api-nocache.log"
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
.venv/bin/python bench/report.py rss "$NOCACHE_PID" "after start" --tree "cache off" \
  >>"$RESULTS/rss.tsv"

# --- scenarios -----------------------------------------------------------------------------
run_wrk() {  # run_wrk KEY CONNECTIONS SCRIPT URL [THREADS]
  local key=$1 connections=$2 script=$3 url=$4 threads=${5:-$BENCH_THREADS}
  wanted "$key" || return 0
  if [ "$BENCH_WARMUP" != 0 ]; then
    say "$key: ${BENCH_WARMUP}s warm-up"
    wrk -t "$threads" -c "$connections" -d "${BENCH_WARMUP}s" --timeout 10s \
      -s "$script" "$url" >/dev/null
  fi
  say "$key: ${BENCH_DURATION}s, $connections connections, $threads threads"
  cpu_snapshot "$RESULTS/$key.cpu.before.json"
  wrk -t "$threads" -c "$connections" -d "${BENCH_DURATION}s" --timeout 10s --latency \
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
run_wrk user_nocache "$BENCH_CONNECTIONS" bench/user.lua "$NOCACHE_URL/auth/user/"
.venv/bin/python bench/report.py rss "$API_PID" "after reads" >>"$RESULTS/rss.tsv"
run_wrk login "$BENCH_LOGIN_CONNECTIONS" bench/login.lua "$API_URL/auth/login/"
.venv/bin/python bench/report.py rss "$API_PID" "after logins" >>"$RESULTS/rss.tsv"

# --- questionnaires ---------------------------------------------------------------------------
# One questionnaire with a PDF: the jobs' questionnaire, and the CV (name, key, extracted
# text) that the bench user's bulk-inserted rows carry.
say "uploading tests/data/cvs/software_engineer.pdf"
CV_QID=$(curl -fsS -H "Authorization: Bearer $(cat "$BENCH_TOKEN_FILE")" \
  -F position="Backend engineer" -F industry=Software -F experience_level=6+ \
  -F company_size=medium -F application_timeline="1-3 months" -F location=Berlin \
  -F job_description="Python, PostgreSQL and Redis; APIs, code reviews and on-call." \
  -F "resume=@tests/data/cvs/software_engineer.pdf;type=application/pdf" \
  "$API_URL/cv/questionnaire/" | .venv/bin/python -c 'import json, sys; print(json.load(sys.stdin)["id"])')

fill_rows() {  # fill_rows KEY TOTAL: grow the table in bulk SQL (bench/cv.py fill)
  say "questionnaires: growing the table to $2 rows (the bench user: $BENCH_USER_ROWS of them)"
  .venv/bin/python bench/cv.py --username "$BENCH_USERNAME" fill "$2" --template "$CV_QID" \
    --bench-rows "$BENCH_USER_ROWS" >"$RESULTS/$1.json"
  sql_timing "$1"
}
sql_timing() {  # sql_timing KEY: the list query's plan and time in PostgreSQL (bench/cv.py explain)
  .venv/bin/python bench/cv.py --username "$BENCH_USERNAME" explain \
    --out "$RESULTS/$1.explain.txt" >"$RESULTS/$1.sql.json"
}
LIST_URL="$API_URL/cv/questionnaire/?limit=20"
NOCACHE_LIST_URL="$NOCACHE_URL/cv/questionnaire/?limit=20"
measure_list() {  # measure_list SIZE_KEY: first page and the page its Link names, 1 connection
  wanted "list_$1" "next_$1" || return 0
  run_wrk "list_$1" 1 bench/user.lua "$NOCACHE_LIST_URL" 1
  local next
  next=$(.venv/bin/python bench/cv.py next-link "$NOCACHE_LIST_URL")
  echo "$next" >"$RESULTS/next_$1.url"
  run_wrk "next_$1" 1 bench/user.lua "$next" 1
}

wanted q_list q_detail q_list_nocache q_detail_nocache list_small next_small list_large \
  next_large && fill_rows fill_small "$BENCH_SMALL_ROWS"
run_wrk q_list "$BENCH_CONNECTIONS" bench/user.lua "$LIST_URL"
run_wrk q_detail "$BENCH_CONNECTIONS" bench/user.lua "$API_URL/cv/questionnaire/$CV_QID/"
run_wrk q_list_nocache "$BENCH_CONNECTIONS" bench/user.lua "$NOCACHE_LIST_URL"
run_wrk q_detail_nocache "$BENCH_CONNECTIONS" bench/user.lua \
  "$NOCACHE_URL/cv/questionnaire/$CV_QID/"
measure_list small
if wanted list_large next_large; then
  fill_rows fill_large "$BENCH_LARGE_ROWS"
  measure_list large
fi
if [ "$BENCH_PROFILE" = 1 ]; then  # in-process, after the list runs (it creates rows too)
  say "profiling the API's requests in-process (bench/profile_requests.py)"
  .venv/bin/python bench/profile_requests.py "$RESULTS" --questionnaire "$CV_QID" >&2
fi
# After the list runs: each creation adds a row to the bench user's list. First the floor:
# the bare app writing the same row with nothing else around it.
run_wrk bare_insert "$BENCH_CONNECTIONS" bench/questionnaire_create.lua \
  "$BARE_URL/questionnaires"
run_wrk q_create "$BENCH_CONNECTIONS" bench/questionnaire_create.lua "$API_URL/cv/questionnaire/"
wanted q_create && sql_timing after_create  # the bench user now owns every row just created
.venv/bin/python bench/report.py rss "$API_PID" "after CV requests" >>"$RESULTS/rss.tsv"
.venv/bin/python bench/report.py rss "$NOCACHE_PID" "after CV requests" --tree "cache off" \
  >>"$RESULTS/rss.tsv"

# --- AI improvement jobs on Redis ---------------------------------------------------------
if wanted jobs; then
say "jobs: $BENCH_JOB_WORKERS worker(s) on $BROKER_URL; $BENCH_JOBS_PACED jobs one at a time, then $BENCH_JOBS back to back from $BENCH_JOB_CLIENTS client(s)"
JOB_WORKER_PIDS=()
WORKER_LOGS=()
for n in $(seq "$BENCH_JOB_WORKERS"); do
  start WORKER "$RESULTS/worker-$n.log" env LOG_LEVEL=INFO .venv/bin/cvimprover worker
  JOB_WORKER_PIDS+=("$WORKER_PID")
  WORKER_LOGS+=(--worker-log "$RESULTS/worker-$n.log")
done
for n in $(seq "$BENCH_JOB_WORKERS"); do
  pid=${JOB_WORKER_PIDS[$((n - 1))]}
  for _ in $(seq 300); do
    grep -q '"worker started"' "$RESULTS/worker-$n.log" 2>/dev/null && break
    kill -0 "$pid" 2>/dev/null || { say "worker $n exited:"; tail -n 30 "$RESULTS/worker-$n.log" >&2; exit 1; }
    sleep 0.1
  done
done
cpu_snapshot "$RESULTS/jobs.cpu.before.json"
.venv/bin/python bench/cv.py jobs --api "$API_URL" --questionnaire "$CV_QID" \
  --count "$BENCH_JOBS" --clients "$BENCH_JOB_CLIENTS" --paced "$BENCH_JOBS_PACED" \
  --workers "$BENCH_JOB_WORKERS" "${WORKER_LOGS[@]}" >"$RESULTS/jobs.json"
cpu_snapshot "$RESULTS/jobs.cpu.after.json"
for pid in "${JOB_WORKER_PIDS[@]}"; do
  .venv/bin/python bench/report.py rss "$pid" "after jobs" --role "job worker" >>"$RESULTS/rss.tsv"
  stop_started "$pid"
done
fi

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

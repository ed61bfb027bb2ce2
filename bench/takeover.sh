#!/usr/bin/env bash
# How long a dead worker's job waits before another worker takes it (and a job whose
# message a Redis restart lost waits for the sweeper): starts PostgreSQL and Redis on
# loopback, migrates a fresh database and runs bench/takeover.py. Prints figures; it is not
# a test. Everything it starts is stopped on exit. See bench/README.md.
#
#   bash bench/takeover.sh                       # 3 dead workers, then one lost message
#   JOB_LEASE_SECONDS=60 bash bench/takeover.sh --rounds 5 --no-lost-message
set -euo pipefail
cd "$(dirname "$0")/.."
export PG_PORT=${PG_PORT:-25443} REDIS_PORT=${REDIS_PORT:-26390}  # neither run.sh's nor the tests'
scripts/bootstrap.sh >&2
# shellcheck source=../scripts/services.sh
source scripts/services.sh
trap services_stop EXIT
services_start >&2
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
"$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres cvimprover_takeover
export DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/cvimprover_takeover"
export BROKER_URL="redis://127.0.0.1:$REDIS_PORT/0"
export PAYMENT_GATEWAY=sandbox  # chosen, as PostgreSQL wants: no vendor account here
JWT_SECRET=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')
export JWT_SECRET
.venv/bin/cvimprover migrate >&2
.venv/bin/python bench/takeover.py "$@"

#!/usr/bin/env bash
# Installs (from Debian's packages) and starts the servers the tests and benchmarks need:
# PostgreSQL and Redis, on loopback, on private ports, with their files under one folder.
#   source scripts/services.sh && services_start && ... && services_stop
# Exports TEST_DATABASE_URL and TEST_REDIS_URL. SERVICES_PG_OPTIONS adds PostgreSQL settings
# (e.g. "-c track_commit_timestamp=on"). PG_PORT and REDIS_PORT choose the ports; unset,
# 55432 and 56379 unless something listens there, then free ones.

services_install() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  if [ "${1:-}" = "--bench" ]; then command -v wrk >/dev/null 2>&1 || missing+=(wrk); fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing ${missing[*]} from Debian's packages"
    local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# The preferred port when nothing listens there, else one the kernel picks.
services_free_port() {
  python3 - "$1" <<'PY'
import socket, sys
with socket.socket() as probe:
    try:
        probe.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        probe.bind(("127.0.0.1", 0))
    print(probe.getsockname()[1])
PY
}

services_start() {
  services_install "$@"
  SERVICES_DIR=$(mktemp -d /tmp/cvimprover-services.XXXXXX)
  chmod 755 "$SERVICES_DIR"
  PG_PORT=${PG_PORT:-$(services_free_port 55432)}
  REDIS_PORT=${REDIS_PORT:-$(services_free_port 56379)}
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  local as_postgres=()
  # PostgreSQL refuses to run as root: run it as the postgres user.
  [ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)
  mkdir -p "$SERVICES_DIR/pg"
  [ "$(id -u)" -eq 0 ] && chown postgres "$SERVICES_DIR/pg"
  "${as_postgres[@]}" "$bin/initdb" -D "$SERVICES_DIR/pg/data" -U postgres --auth=trust -E UTF8 >/dev/null
  "${as_postgres[@]}" "$bin/pg_ctl" -D "$SERVICES_DIR/pg/data" -l "$SERVICES_DIR/pg/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $SERVICES_DIR/pg -c fsync=off -c max_connections=200 ${SERVICES_PG_OPTIONS:-}" start >/dev/null
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --daemonize yes --pidfile "$SERVICES_DIR/redis.pid" --logfile "$SERVICES_DIR/redis.log"
  for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:$PG_PORT/postgres"
  export TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  SERVICES_PG_CTL=("${as_postgres[@]}" "$bin/pg_ctl" -D "$SERVICES_DIR/pg/data")
  echo "PostgreSQL on 127.0.0.1:$PG_PORT, Redis on 127.0.0.1:$REDIS_PORT ($SERVICES_DIR)"
}

services_stop() {
  [ -n "${SERVICES_DIR:-}" ] || return 0
  "${SERVICES_PG_CTL[@]}" -m fast stop >/dev/null 2>&1 || true
  [ -f "$SERVICES_DIR/redis.pid" ] && kill "$(cat "$SERVICES_DIR/redis.pid")" 2>/dev/null || true
  rm -rf "$SERVICES_DIR"
}

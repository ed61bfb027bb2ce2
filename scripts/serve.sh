#!/usr/bin/env bash
# Quick start: installs into .venv and runs the service in its embedded default
# (SQLite file and outbox folder under ./var, no other server).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --no-dev
exec .venv/bin/cvimprover serve "$@"

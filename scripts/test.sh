#!/usr/bin/env bash
# The whole test suite: installs what it needs (from Debian's packages PostgreSQL, Redis,
# WeasyPrint's libraries and fonts, poppler-utils; Python dependencies into .venv), starts
# the servers on loopback, runs the linters, the type checker, the architecture contracts
# and every test, then stops them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
source scripts/system_packages.sh
install_missing_packages poppler-utils  # pdftoppm: page images of the rendered test PDFs
source scripts/services.sh
trap services_stop EXIT
services_start

echo "== ruff";           .venv/bin/ruff check . && .venv/bin/ruff format --check .
echo "== mypy";           .venv/bin/mypy
echo "== import-linter";  .venv/bin/lint-imports
echo "== hadolint";       .venv/bin/hadolint Dockerfile
echo "== pytest"
set +e
.venv/bin/pytest "$@"
status=$?
set -e
# pytest exits 5 when it collected nothing: that is a failure here, not a pass.
[ "$status" -eq 5 ] && echo "pytest ran no test" >&2
exit "$status"

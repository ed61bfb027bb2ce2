#!/usr/bin/env bash
# Creates .venv with exactly the locked dependencies. Installs uv (from PyPI, into a
# private tool folder) when the machine has none; on a fresh Debian that may first need
# Debian's python3-venv, since Debian's Python refuses `pip install` outside a venv.
# Installs WeasyPrint's libraries and the templates' fonts from Debian's packages when
# they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system_packages.sh
install_missing_packages "${WEASYPRINT_PACKAGES[@]}"
if ! command -v uv >/dev/null 2>&1; then
  tools=.tools/uv
  if [ ! -x "$tools/bin/uv" ]; then
    if ! python3 -m venv "$tools" >/dev/null 2>&1; then
      sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
      $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq python3-venv >/dev/null
      rm -rf "$tools" && python3 -m venv "$tools"
    fi
    echo "installing uv from PyPI into $tools"
    "$tools/bin/python" -m pip install --quiet uv
  fi
  export PATH="$PWD/$tools/bin:$PATH"
fi
echo "installing the locked Python dependencies into .venv (uv sync)"
uv sync --frozen --quiet "$@"

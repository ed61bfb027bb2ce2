#!/usr/bin/env bash
# Installs Debian packages the service or its tests need, only those that are missing
# (with sudo when not root), as services_install does for PostgreSQL and Redis.
#   source scripts/system_packages.sh && install_missing_packages "${WEASYPRINT_PACKAGES[@]}"

# What WeasyPrint needs to render PDFs, and the fonts the templates name
# (cvimprover/adapters/documents/templates/): the same PDFs on every machine.
WEASYPRINT_PACKAGES=(
  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libfontconfig1
  fonts-dejavu-core fonts-liberation
)

install_missing_packages() {
  if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "not a Debian system: make sure these are installed: $*" >&2
    return 0
  fi
  local missing=() package
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing ${missing[*]} from Debian's packages"
  local sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get -o DPkg::Lock::Timeout=300 update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

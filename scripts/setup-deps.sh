#!/usr/bin/env bash
# setup-deps.sh — installs the Debian 12 packages fazhi builds and tests with, and the
# browser-test's npm package. Installs only what is missing; safe to run again.
# Runs apt-get through sudo when not root. Used by `make demo` and `make check`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential pkg-config clang libclang-rt-14-dev
  libmicrohttpd-dev libsqlite3-dev libjansson-dev libargon2-dev libssl-dev
  libqrencode-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev poppler-utils
  libreoffice-writer-nogui unzip
  sqlite3 curl ca-certificates fonts-noto-cjk
  # PostgreSQL 15 for the store's libpq backend and its tests (make check-pg). The tests run
  # a private cluster (scripts/pg-cluster.sh); the system cluster the package may create and
  # start (15/main, port 5432) is never used and is left as it is.
  postgresql libpq-dev
  zbar-tools
  chromium
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Node.js for the browser test: any node >= 18 on PATH will do (Debian's nodejs + npm if none).
if ! command -v node >/dev/null 2>&1; then missing+=(nodejs); fi
if ! command -v npm >/dev/null 2>&1; then missing+=(npm); fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-deps: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup-deps: Debian packages present"
fi

# playwright-core (driver only; the browser is Debian's chromium).
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "setup-deps: installing playwright-core for the browser test"
  (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
fi

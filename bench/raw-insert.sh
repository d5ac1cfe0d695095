#!/usr/bin/env bash
# bench/raw-insert.sh [DB] — the machine's limit for durable writes: builds bench/raw_insert.c
# and runs it with 1 and 32 threads, each transaction one case row plus its audit row
# committed durably. DB is a SQLite file or a postgresql:// URL (e.g. the database being
# benchmarked: the tables raw_cases and raw_audit are created there and dropped after);
# default a fresh SQLite file in a temporary directory, on the filesystem where bench/run.sh
# keeps its databases. Prints a Markdown table; the last row is the 32-thread one.
#   THREADS="1 32" DURATION=10 bench/raw-insert.sh [postgresql://localhost:5432/fazhi]
set -euo pipefail
THREADS=${THREADS:-1 32}
DURATION=${DURATION:-10}
DURATION=${DURATION%s}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
db=${1:-$tmp/raw.db}
# shellcheck disable=SC2046
${CC:-cc} -std=c17 -O2 -Wall -Wextra -Werror -o "$tmp/raw_insert" "$here/raw_insert.c" \
  $(pkg-config --cflags --libs sqlite3 libpq libcrypto) -pthread

echo "| raw durable inserts | transactions/s | p50 | p99 | failed |"
echo "|---|---|---|---|---|"
for t in $THREADS; do
  [ -z "${1:-}" ] && rm -f "$tmp"/raw.db*
  "$tmp/raw_insert" -t "$t" -d "$DURATION" "$db"
done
echo
case $db in
postgresql://* | postgres://*)
  echo "PostgreSQL $(psql "$db" -qAtc 'SHOW server_version' 2>/dev/null || echo '?') at" \
    "$(sed 's#//[^@/]*@#//#; s#?.*##' <<<"$db"); synchronous_commit on;" ;;
*)
  read -r fs dev mnt < <(df -T "$(dirname "$(realpath "$db")")" | awk 'NR==2 {print $2, $1, $7}')
  echo "SQLite $(pkg-config --modversion sqlite3) in $(dirname "$db") ($fs on $dev, mounted on $mnt);" ;;
esac
echo "${DURATION}s per run; $(nproc) CPUs; $(date -u +%Y-%m-%d)"

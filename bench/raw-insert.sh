#!/usr/bin/env bash
# bench/raw-insert.sh [postgresql://URL] — the machine's limit for durable writes: builds
# bench/raw_insert.c and runs it for 1 and 32 threads into a fresh SQLite file in a temporary
# directory (the filesystem of bench/run.sh's databases), then into PostgreSQL if a URL is
# given (its tables `cases` and `audit` are dropped and created there). One transaction is
# one case row plus its audit row, committed durably. Prints a Markdown table.
#   THREADS="1 32" DURATION=10 bench/raw-insert.sh [postgresql://localhost:5432/fazhi]
set -euo pipefail
THREADS=${THREADS:-1 32}
DURATION=${DURATION:-10}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2046
${CC:-cc} -std=c17 -O2 -Wall -Wextra -Werror -o "$tmp/raw_insert" "$here/raw_insert.c" \
  $(pkg-config --cflags --libs sqlite3 libpq libcrypto) -pthread

echo "| store | threads | transactions/s | p50 | p99 | transactions | errors |"
echo "|---|---|---|---|---|---|---|"
for t in $THREADS; do
  rm -f "$tmp"/raw.db*
  "$tmp/raw_insert" -t "$t" -d "$DURATION" "$tmp/raw.db"
done
if [ $# -ge 1 ]; then
  for t in $THREADS; do "$tmp/raw_insert" -t "$t" -d "$DURATION" "$1"; done
fi
echo
read -r fs dev mnt < <(df -T "$tmp" | awk 'NR==2 {print $2, $1, $7}')
echo "SQLite $(pkg-config --modversion sqlite3) in $tmp ($fs on $dev, mounted on $mnt);" \
  "${DURATION}s per run; $(nproc) CPUs; $(date -u +%Y-%m-%d)"

#!/usr/bin/env bash
# bench/limits.sh FAZHI_BIN [postgresql://URL] — fazhi against the machine's limits, in one
# run: on a fresh demo database, the case list (API, 25 rows), the portal's home page and
# durable task creation under wrk; then nginx serving static files of exactly those two
# responses' sizes (baseline-nginx.sh) and raw durable inserts of a case row plus its audit
# row (raw-insert.sh; into PostgreSQL too if a URL is given). Prints the tables and ratios.
#   DURATION=10 bench/limits.sh build/rel/fazhi
set -euo pipefail
BIN=$(realpath "${1:-build/rel/fazhi}")
pg_url=${2:-}
export DURATION=${DURATION:-10}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 2; }

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$BIN" demo --db "$tmp/b.db" >/dev/null 2>"$tmp/demo.err"
export FAZHI_BENCH_TOKEN
FAZHI_BENCH_TOKEN=$("$BIN" token add --db "$tmp/b.db" --username dh.staff --name bench)
"$BIN" serve --db "$tmp/b.db" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q serving "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$tmp/out" | sed 's#/$##')
list="$url/api/v1/penalty_cases?sort=-created_at&per_page=25"
list_size=$(curl -fs -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $FAZHI_BENCH_TOKEN" "$list")
portal_size=$(curl -fs -o /dev/null -w '%{size_download}' "$url/p/DH")

declare -A rps
run() { # key, name, wrk args…
  local out p50 p99 errs
  out=$(wrk -t2 -c32 -d"${DURATION%s}s" --latency "${@:3}" 2>&1)
  rps[$1]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$2" "${rps[$1]}" "$p50" "$p99" "${errs:-0}"
}
echo "| fazhi (demo database) | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
run list "case list API, 25 rows ($list_size bytes)" -s "$here/auth.lua" "$list"
run portal "portal home page /p/DH ($portal_size bytes)" "$url/p/DH"
run create "create task (durable)" -s "$here/create.lua" "$url/api/v1/tasks"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
echo
DURATION=${DURATION%s}s "$here/baseline-nginx.sh" "$portal_size" "$list_size" | tee "$tmp/nginx"
echo
DURATION=${DURATION%s} "$here/raw-insert.sh" ${pg_url:+"$pg_url"} | tee "$tmp/raw"
echo

nginx() { awk -v s="$1 bytes" -F' *[|] *' '$2 == s {print $3}' "$tmp/nginx"; }
raw=$(awk -F' *[|] *' '$2 == "SQLite" && $4 > m {m = $4} END {print m}' "$tmp/raw")
awk -v l="${rps[list]}" -v nl="$(nginx "$list_size")" -v p="${rps[portal]}" \
  -v np="$(nginx "$portal_size")" -v c="${rps[create]}" -v r="$raw" 'BEGIN {
  printf "case list: %.0f req/s = %.1f%% of nginx at its size (%.0f); target 10,000 = %.1f%%\n", l, 100*l/nl, nl, 1e6/nl
  printf "portal page: %.0f req/s = %.1f%% of nginx at its size (%.0f)\n", p, 100*p/np, np
  printf "create task: %.0f/s = %.1f%% of raw SQLite (best of the thread counts, %.0f/s); target 2,000 = %.1f%%\n", c, 100*c/r, r, 2e5/r
}'

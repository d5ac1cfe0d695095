#!/usr/bin/env bash
# bench/scale.sh FAZHI_BIN — a city data set and the case list on it: `fazhi demo --scale N`
# (N subdistricts, YEARS years of CASES penalty cases each a year, key tasks, disclosures),
# its generation rate, then wrk on the case list as one subdistrict's office head and as the
# city's supervisor (who reads every subdistrict's cases). Needs wrk and sqlite3.
#   SCALE=10 CASES=2000 YEARS=5 DURATION=10s bench/scale.sh build/rel/fazhi
#   KEEP=var/city.db keeps the database (else a temporary file)
set -euo pipefail
BIN=$(realpath "${1:-build/rel/fazhi}")
SCALE=${SCALE:-10}
CASES=${CASES:-2000}
YEARS=${YEARS:-5}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 2; }

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT
db=${KEEP:-$tmp/city.db}
"$BIN" demo --db "$db" --force --scale "$SCALE" --cases-per-year "$CASES" --years "$YEARS" \
  --seed 1 2>"$tmp/demo.err" | grep '^city loaded'
tail -n 1 "$tmp/demo.err" >&2
echo "cases by status: $(sqlite3 "$db" "SELECT group_concat(status || ' ' || n, ', ') FROM \
  (SELECT status, count(*) n FROM penalty_cases GROUP BY status ORDER BY n DESC)")"
head_token=$("$BIN" token add --db "$db" --username s001.zf.head --name bench)
sup_token=$("$BIN" token add --db "$db" --username qc.supervisor --name bench)
"$BIN" serve --db "$db" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q serving "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$tmp/out" | sed 's#/$##')

run() { # name, token, url
  local out rps p50 p99 errs
  out=$(FAZHI_BENCH_TOKEN=$2 wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency \
    -s "$here/auth.lua" "$3" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99" "${errs:-0}"
}
echo
echo "| benchmark | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
run "case list, a subdistrict's head (newest first, 25 rows)" "$head_token" \
  "$url/api/v1/penalty_cases?sort=-created_at&per_page=25"
run "case list, the city's supervisor (newest first, 25 rows)" "$sup_token" \
  "$url/api/v1/penalty_cases?sort=-created_at&per_page=25"
run "case list, supervisor, status filter (investigating)" "$sup_token" \
  "$url/api/v1/penalty_cases?status=investigating&sort=-created_at&per_page=25"
echo
echo "wrk -t$THREADS -c$CONNS -d$DURATION on loopback; $(nproc) CPUs; $(date -u +%Y-%m-%d)"

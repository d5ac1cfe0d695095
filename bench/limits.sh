#!/usr/bin/env bash
# bench/limits.sh FAZHI_BIN [postgresql://URL] — fazhi against the machine's limits, in one
# run: on a fresh demo database (SQLite), the case list (API, 25 rows), the portal's home page
# and durable case creation under wrk; then nginx serving static files of exactly those two
# responses' sizes (baseline-nginx.sh) and raw durable inserts of a case row plus its audit
# row (raw-insert.sh; into PostgreSQL too if a URL is given). Prints the tables and ratios.
# (bench/city.sh does the same on a city, on SQLite or PostgreSQL.)
#   DURATION=10 bench/limits.sh build/rel/fazhi
set -euo pipefail
BIN=$(realpath "${1:-build/rel/fazhi}")
pg_url=${2:-}
DURATION=${DURATION:-10}
DURATION=${DURATION%s}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 2; }

tmp=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$tmp"' EXIT
db=$tmp/b.db
"$BIN" demo --db "$db" >/dev/null 2>"$tmp/demo.err"
staff=$("$BIN" token add --db "$db" --username dh.staff --name bench)
officer=$("$BIN" token add --db "$db" --username dh.zf.officer1 --name bench)
q() { sqlite3 "$db" "$1"; }
matter=$(q "SELECT MIN(m.id) FROM matters m JOIN orgs o ON o.id = m.org_id WHERE o.code = 'DH'")
# the subdistrict's parties in turn (bench/create_case.lua)
export FAZHI_CASE_PARTIES
FAZHI_CASE_PARTIES=$(q "SELECT p.id FROM parties p JOIN orgs o ON o.id = p.org_id
  WHERE o.code = 'DH' ORDER BY p.id" | paste -sd,)
certs=$(q "SELECT group_concat(c.id) FROM certificates c JOIN users u ON u.id = c.holder
  WHERE u.username IN ('dh.zf.officer1', 'dh.zf.officer2')")
export FAZHI_CASE_BODY
FAZHI_CASE_BODY='{"act_summary":"压力测试：占道经营","procedure":"ordinary",'
FAZHI_CASE_BODY+='"department":"DH-ZF","source":"inspection","matter":'$matter',"party":PARTY,'
FAZHI_CASE_BODY+='"officers":['$certs'],"occurred_on":"2026-11-20","facts":"当事人在人行道摆摊经营。"}'
"$BIN" serve --db "$db" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q serving "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$tmp/out" | sed 's#/$##')
list="$url/api/v1/penalty_cases?sort=-created_at&per_page=25"
list_size=$(curl -fs -o /dev/null -w '%{size_download}' -H "Authorization: Bearer $staff" "$list")
portal_size=$(curl -fs -o /dev/null -w '%{size_download}' "$url/p/DH")

declare -A rps
run() { # key, name, token, wrk args…
  local out p50 p99 errs
  out=$(FAZHI_BENCH_TOKEN=$3 wrk -t2 -c32 -d"${DURATION}s" --latency "${@:4}" 2>&1)
  rps[$1]=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s | %s | %s | %s | %s |\n' "$2" "${rps[$1]}" "$p50" "$p99" "${errs:-0}"
  [ -z "$errs" ] || rps[$1]=0 # not a rate to compare
}
echo "| fazhi (demo database, SQLite) | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
run list "case list API, 25 rows ($list_size bytes)" "$staff" -s "$here/auth.lua" "$list"
run portal "portal home page /p/DH ($portal_size bytes)" "" "$url/p/DH"
run create "create a case (durable)" "$officer" -s "$here/create_case.lua" \
  "$url/api/v1/penalty_cases"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
echo
DURATION=${DURATION}s "$here/baseline-nginx.sh" "$portal_size" "$list_size" | tee "$tmp/nginx"
echo
DURATION=$DURATION "$here/raw-insert.sh" | tee "$tmp/raw"
if [ -n "$pg_url" ]; then echo; DURATION=$DURATION "$here/raw-insert.sh" "$pg_url"; fi
echo

cell() { awk -v k="$2" -F' *[|] *' '$2 == k {print $3}' "$1"; }
raw=$(awk -F' *[|] *' '$2 ~ /^SQLite/ && $3 > m {m = $3} END {print m}' "$tmp/raw")
awk -v l="${rps[list]}" -v nl="$(cell "$tmp/nginx" "$list_size bytes")" -v p="${rps[portal]}" \
  -v np="$(cell "$tmp/nginx" "$portal_size bytes")" -v c="${rps[create]}" -v r="$raw" 'BEGIN {
  printf "case list: %.0f req/s = %.1f%% of nginx at its size (%.0f); the 10,000 target = %.1f%% of it\n", l, 100*l/nl, nl, 1e6/nl
  printf "portal page: %.0f req/s = %.1f%% of nginx at its size (%.0f)\n", p, 100*p/np, np
  printf "case creation: %.0f/s = %.1f%% of raw SQLite (the better of 1 and 32 threads, %.0f/s); the 2,000 target = %.1f%% of it\n", c, 100*c/r, r, 2e5/r
}'

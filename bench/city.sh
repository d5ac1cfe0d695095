#!/usr/bin/env bash
# bench/city.sh FAZHI_BIN — issue 6's benchmarks on a city data set, on SQLite or PostgreSQL,
# with this machine's limits measured in the same run:
#   sign-in; the case list (filtered, sorted, paged; API and page); a case's detail (API and
#   page); creating a case (durable); a portal page; the yearly report of a subdistrict (PDF
#   by HTTP and by the CLI); the server's peak RSS; and as baselines nginx serving a static
#   file the size of the case list's answer, and raw durable inserts (a case row and its
#   audit row per transaction) into the same store (bench/raw-insert.sh).
# Prints a Markdown table for bench/RESULTS.md.
#   DB=/path/city.db (default: a temporary SQLite file) or DB=postgresql://user@host:port/db
#   SCALE=10 CASES=2000 YEARS=5   the city (fazhi demo --scale); REUSE=1 keeps an existing one
#   DURATION=10s THREADS=2 CONNS=32   wrk
# Needs wrk, nginx, sqlite3 (SQLite) or psql (PostgreSQL).
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
DB=${DB:-$tmp/city.db}
pg=false
case "$DB" in postgresql://* | postgres://*) pg=true ;; esac
q() { # SQL → one value
  if $pg; then psql "$DB" -qAtc "$1"; else sqlite3 "$DB" "$1"; fi
}

export FAZHI_NOW=${FAZHI_NOW:-2026-11-27T10:00:00Z} # the city's "today"
if [ -z "${REUSE:-}" ] || [ "$(q "SELECT COUNT(*) FROM orgs" 2>/dev/null || echo 0)" = 0 ]; then
  start=$(date +%s.%N)
  "$BIN" demo --db "$DB" --force --scale "$SCALE" --cases-per-year "$CASES" --years "$YEARS" \
    --seed 1 >"$tmp/demo.out" 2>"$tmp/demo.err" || { cat "$tmp/demo.err"; exit 1; }
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  echo "city: $(grep '^city loaded' "$tmp/demo.out" || tail -n 1 "$tmp/demo.out") (${secs%.*} s)"
fi
backend=SQLite
$pg && backend=PostgreSQL
echo "backend: $backend; $(q "SELECT COUNT(*) FROM penalty_cases") cases, \
$(q "SELECT COUNT(*) FROM audit") audit entries, $(q "SELECT COUNT(*) FROM orgs WHERE kind = 'subdistrict'") subdistricts"

token() { "$BIN" token add --db "$DB" --username "$1" --name bench; }
head_token=$(token s001.zf.head)
officer_token=$(token s001.zf.officer1)
staff_token=$(token s001.staff)
case_id=$(q "SELECT MAX(c.id) FROM penalty_cases c JOIN orgs o ON o.id = c.org_id \
WHERE o.code = 'S001' AND c.status = 'investigating'")
matter=$(q "SELECT MIN(m.id) FROM matters m JOIN orgs o ON o.id = m.org_id WHERE o.code = 'S001'")
parties=$(q "SELECT p.id FROM parties p JOIN orgs o ON o.id = p.org_id WHERE o.code = 'S001' \
ORDER BY p.id" | paste -sd,)
certs=$(q "SELECT c.id FROM certificates c JOIN users u ON u.id = c.holder \
WHERE u.username IN ('s001.zf.officer1', 's001.zf.officer2') ORDER BY u.username" | paste -sd,)

"$BIN" serve --db "$DB" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 100); do grep -q serving "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$tmp/out" | sed 's#/$##')
[ -n "$url" ] || { cat "$tmp/err"; exit 1; }

# a yearly report to render: last year's, in draft
report=$(curl -sf -H "Authorization: Bearer $staff_token" -H 'Content-Type: application/json' \
  -d '{"unit":"S001","year":2025,"submit_due":"2026-02-27","publish_due":"2026-03-31",
       "overview":"全年工作总体按计划推进。","ach_enforcement":"执法案件全部通过平台办理。"}' \
  "$url/api/v1/annual_reports" | sed -n 's/.*"id":\([0-9]*\).*/\1/p' | head -n 1 || true)
[ -n "$report" ] || report=$(q "SELECT MIN(r.id) FROM annual_reports r JOIN orgs o \
ON o.id = r.unit WHERE o.code = 'S001' AND r.year = 2025")

run() { # name, token or -, wrk args…
  local name=$1 tok=$2 out rps p50 p99 errs
  shift 2
  out=$(FAZHI_BENCH_TOKEN=$tok wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  local rss
  rss=$(awk '/VmRSS/ {r = $2} /VmHWM/ {h = $2} END {printf "%.0f / %.0f MiB", r/1024, h/1024}' \
    /proc/"$pid"/status)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "${errs:-0}" "$rss"
  echo "$rps" >"$tmp/last"
}
echo
echo "| $backend: benchmark | req/s | p50 | p99 | non-2xx | server RSS now / peak |"
echo "|---|---|---|---|---|---|"
list="$url/api/v1/penalty_cases?status=investigating&sort=-created_at&per_page=25&page=2"
run "case list API (subdistrict head; status filter, newest first, page 2 of 25)" \
  "$head_token" -s "$here/auth.lua" "$list"
list_rps=$(cat "$tmp/last")
run "case list page (HTML, same filter)" "$head_token" -s "$here/auth.lua" \
  "$url/app/penalty_cases?status=investigating&sort=-created_at&page=2"
run "case detail (API)" "$head_token" -s "$here/auth.lua" "$url/api/v1/penalty_cases/$case_id"
run "case page (HTML, with history)" "$head_token" -s "$here/auth.lua" \
  "$url/app/penalty_cases/$case_id"
run "portal: a subdistrict's home page" - "$url/p/S001"
run "portal: decisions search" - "$url/p/S001/decisions?party_kind=citizen"
FAZHI_CASE_BODY="{\"act_summary\":\"压力测试：占道经营\",\"procedure\":\"ordinary\",\
\"department\":\"S001-ZF\",\"source\":\"inspection\",\"matter\":$matter,\"party\":PARTY,\
\"officers\":[$certs],\"occurred_on\":\"2026-11-20\",\"facts\":\"当事人在人行道摆摊经营。\"}" \
  FAZHI_CASE_PARTIES=$parties run "create a case (durable; the subdistrict's parties in turn)" \
  "$officer_token" -s "$here/create_case.lua" "$url/api/v1/penalty_cases"
create_rps=$(cat "$tmp/last")
FAZHI_BENCH_USER=s001.leader run "sign-in (argon2id)" - -s "$here/signin.lua" \
  "$url/api/v1/session"
# the yearly report: one request at a time, the median of five
pdf_ms=$(for _ in 1 2 3 4 5; do
  curl -s -o "$tmp/r.pdf" -w '%{time_total}\n' -H "Authorization: Bearer $staff_token" \
    "$url/app/annual_reports/$report/document.pdf"
done | sort -n | sed -n 3p | awk '{printf "%.0f", $1 * 1000}')
printf '| yearly report of a subdistrict, PDF by HTTP (%s bytes; median of 5) | | %s ms | | | |\n' \
  "$(stat -c %s "$tmp/r.pdf")" "$pdf_ms"
start=$(date +%s%N)
"$BIN" report annual --db "$DB" --org S001 --year 2025 --format pdf -o "$tmp/cli.pdf" 2>/dev/null
printf '| yearly report, PDF by the CLI (a process, from the start) | | %s ms | | | |\n' \
  "$(( ($(date +%s%N) - start) / 1000000 ))"
rss=$(awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' /proc/"$pid"/status)
now_rss=$(awk '/VmRSS/ {printf "%.1f MiB", $2/1024}' /proc/"$pid"/status)
echo
echo "server: peak RSS $rss, now $now_rss; $(grep -c . "$tmp/err" || true) log lines"

# the machine's limits, in the same run
size=$(curl -s -H "Authorization: Bearer $head_token" "$list" | wc -c)
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
echo
echo "| baseline | req/s or tx/s | p50 | p99 | non-2xx or failed | fazhi against it |"
echo "|---|---|---|---|---|---|"
if [ -x "$here/baseline-nginx.sh" ]; then
  row=$(DURATION=$DURATION "$here/baseline-nginx.sh" "$size" | grep '^|' | tail -n 1)
  nginx_rps=$(awk -F'|' '{gsub(/[ ,]/, "", $3); print $3}' <<<"$row")
  echo "$row" | sed "s/|\$/| case list at $(awk -v a="$list_rps" -v b="$nginx_rps" \
    'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b }') of it |/"
fi
if [ -x "$here/raw-insert.sh" ]; then
  row=$("$here/raw-insert.sh" "$($pg && echo "$DB" || echo "$tmp/raw.db")" | grep '^|' | tail -n 1)
  raw_tps=$(awk -F'|' '{gsub(/[ ,]/, "", $3); print $3}' <<<"$row")
  echo "$row" | sed "s/|\$/| case creation at $(awk -v a="$create_rps" -v b="$raw_tps" \
    'BEGIN { if (b > 0) printf "%.0f %%", 100 * a / b }') of it |/"
fi
echo
echo "wrk -t$THREADS -c$CONNS -d$DURATION on loopback; $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +%Y-%m-%d)"

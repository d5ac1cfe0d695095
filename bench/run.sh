#!/usr/bin/env bash
# bench/run.sh FAZHI_BIN — HTTP benchmarks on loopback with wrk against a fresh demo
# database: the task list (filtered, sorted, paged), a task's detail (API and page), durable
# task creation, the sign-in, and the enforcement module's heavier reads (a case list, a
# case's detail and page with its history, the yearly statistics, the home page's work) —
# the reads run on the demo as loaded, before the creation benchmark adds its thousands of
# draft tasks. Prints a Markdown table to paste into bench/RESULTS.md
# together with the machine and date. Needs wrk (Debian package wrk).
#   DURATION=10s THREADS=2 CONNS=32 bench/run.sh build/rel/fazhi
set -euo pipefail
BIN=$(realpath "${1:-build/rel/fazhi}")
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 2; }

tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$BIN" demo --db "$tmp/b.db" >/dev/null 2>"$tmp/demo.err"
token=$("$BIN" token add --db "$tmp/b.db" --username dh.staff --name bench)
"$BIN" serve --db "$tmp/b.db" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q serving "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$tmp/out" | sed 's#/$##')

run() { # name, wrk args…
  local name=$1; shift
  local out
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" 2>&1)
  local rps p50 p99 errs
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  local rss
  rss=$(awk '/VmHWM/ {print $2/1024 " MiB"}' /proc/"$pid"/status)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p99" "${errs:-0}" "$rss"
}

echo "| benchmark | req/s | p50 | p99 | non-2xx | server peak RSS |"
echo "|---|---|---|---|---|---|"
export FAZHI_BENCH_TOKEN=$token
run "task list (status filter, sort by due date, 25 rows)" -s "$here/auth.lua" \
  "$url/api/v1/tasks?status=in_progress&sort=due_date&per_page=25"
run "task detail (API)" -s "$here/auth.lua" "$url/api/v1/tasks/13"
run "task list page (HTML)" -s "$here/auth.lua" "$url/app/tasks"
case_id=$(sqlite3 "$tmp/b.db" "SELECT MIN(id) FROM penalty_cases WHERE status = 'archived' AND procedure = 'ordinary'")
run "case list (newest first, 25 rows)" -s "$here/auth.lua" \
  "$url/api/v1/penalty_cases?sort=-created_at&per_page=25"
run "case detail (API: derived fields, warnings, deadlines)" -s "$here/auth.lua" \
  "$url/api/v1/penalty_cases/$case_id"
run "case page (HTML: groups, steps, evidence, history)" -s "$here/auth.lua" \
  "$url/app/penalty_cases/$case_id"
run "enforcement statistics (a year)" -s "$here/auth.lua" "$url/api/v1/stats/enforcement"
run "my work (home page items)" -s "$here/auth.lua" "$url/api/v1/me/work"
run "portal: a subdistrict's home page" "$url/p/DH"
run "portal: decisions search (citizens, 20 per page)" "$url/p/DH/decisions?party_kind=citizen"
run "portal: officer verification page" "$url/v/1"
run "portal API: decisions (JSON, 100)" "$url/api/v1/public/DH/decisions?limit=100"
run "create task (durable)" -s "$here/create.lua" "$url/api/v1/tasks"
run "sign-in (argon2id)" -s "$here/signin.lua" "$url/api/v1/session"
echo
echo "wrk -t$THREADS -c$CONNS -d$DURATION on loopback; $(nproc) CPUs; $(date -u +%Y-%m-%d)"

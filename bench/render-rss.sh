#!/usr/bin/env bash
# bench/render-rss.sh FAZHI_BIN — the memory of `fazhi serve` around the font-using pages:
# VmRSS and VmHWM (/proc/PID/status) after start, after the dashboard's three charts, after
# one yearly report PDF, after one case document (PDF), then after a load of N rounds of
# all of these with C at a time (default 20 and 4). Each step's wall time is printed, and
# the CPU time it cost the server and the render children it waited for (/proc/PID/stat:
# utime + stime + cutime + cstime), which other work on the machine does not change.
# Prints a Markdown table to paste into bench/RESULTS.md together with the machine and date.
# Needs curl and sqlite3.
#   ROUNDS=20 CONC=4 bench/render-rss.sh build/rel/fazhi
set -euo pipefail
BIN=$(realpath "${1:-build/rel/fazhi}")
ROUNDS=${ROUNDS:-20}
CONC=${CONC:-4}
tmp=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$BIN" demo --db "$tmp/b.db" >/dev/null 2>"$tmp/demo.err"
leader=$("$BIN" token add --db "$tmp/b.db" --username dh.leader --name bench)
head=$("$BIN" token add --db "$tmp/b.db" --username dh.zf.head --name bench)
"$BIN" serve --db "$tmp/b.db" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q serving "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$tmp/out" | sed 's#/$##')
report=$(sqlite3 "$tmp/b.db" "SELECT id FROM annual_reports WHERE unit = (SELECT id FROM orgs WHERE code = 'DH') AND year = 2025")
case_id=$(sqlite3 "$tmp/b.db" "SELECT MIN(c.id) FROM penalty_cases c WHERE c.org_id = (SELECT id FROM orgs WHERE code = 'DH') AND c.decision_kind = 'penalty' AND c.procedure = 'ordinary' AND c.status IN ('decided', 'served', 'executed', 'closed', 'archived')")

get() { # token path: fails unless 200
  curl -sf -o /dev/null -H "Authorization: Bearer $1" "$url$2"
}
charts() {
  for c in cases_by_month cases_by_unit replies; do
    get "$leader" "/app/charts/$c.svg?org=DH&year=2026"
  done
}
pdf() { get "$leader" "/app/annual_reports/$report/document.pdf"; }
doc() {
  curl -sf -o /dev/null -H "Authorization: Bearer $head" -H 'Content-Type: application/json' \
    -d '{"kind":"decision"}' "$url/api/v1/penalty_cases/$case_id/documents"
}
tick=$(getconf CLK_TCK)
cpu() { # the server's CPU time with its reaped children's, in ticks
  sed 's/.*) //' /proc/"$pid"/stat | awk '{print $12 + $13 + $14 + $15}'
}
mem() { # name, seconds, CPU seconds
  awk -v name="$1" -v t="$2" -v c="$3" '/VmRSS/ {r=$2} /VmHWM/ {h=$2}
    END {printf "| %s | %s | %s | %.1f MiB | %.1f MiB |\n", name, t, c, r/1024, h/1024}' \
    /proc/"$pid"/status
}
step() { # name, command…
  local name=$1; shift
  local t0 t1 c0 c1
  c0=$(cpu); t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N); c1=$(cpu)
  mem "$name" "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f s", b - a}')" \
    "$(awk -v a="$c0" -v b="$c1" -v t="$tick" 'BEGIN {printf "%.2f s", (b - a) / t}')"
}
round() { charts; pdf; doc; }
load() {
  export -f get charts pdf doc round
  export url leader head report case_id
  seq "$ROUNDS" | xargs -P "$CONC" -I{} bash -c round
}

echo "| after | wall time | CPU | VmRSS | VmHWM |"
echo "|---|---|---|---|---|"
mem "start" "–" "–"
step "the dashboard's 3 charts (SVG)" charts
step "one yearly report PDF (2 charts)" pdf
step "one case document (decision PDF)" doc
step "$ROUNDS rounds of all three, $CONC at a time" load
echo
echo "$(nproc) CPUs; $(date -u +%Y-%m-%d); $BIN"

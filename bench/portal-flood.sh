#!/usr/bin/env bash
# bench/portal-flood.sh FAZHI_BIN — does one client flooding a public write slow the portal
# for everyone else? A fresh demo server with --trust-proxy; wrk reads a subdistrict's
# portal home page (GET /p/DH, from the database) as visitors 198.51.100.1-250
# (bench/readers.lua) for DURATION alone, then while a second wrk floods the portal's
# application form as 203.0.113.8, then while it floods POST /app/signin with a wrong
# password as 203.0.113.7 (bench/flood.lua, FLOOD=apply and FLOOD=signin). Prints each flood's
# status codes, the readers' req/s and p50/p99 each time, and the rows each flood added to
# the audit log and to the requests. Needs wrk and sqlite3.
#   DURATION=10s CONNS=16 bench/portal-flood.sh build/rel/fazhi
set -euo pipefail
BIN=$(realpath "${1:-build/rel/fazhi}")
DURATION=${DURATION:-10s}
CONNS=${CONNS:-16}
here=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 2; }

tmp=$(mktemp -d)
pid=
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$tmp"' EXIT
"$BIN" demo --db "$tmp/b.db" >/dev/null 2>"$tmp/demo.err"
"$BIN" serve --db "$tmp/b.db" --listen 127.0.0.1:0 --trust-proxy >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q serving "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$tmp/out" | sed 's#/$##')

readers() { # label
  local out
  out=$(wrk -t1 -c"$CONNS" -d"$DURATION" --latency -s "$here/readers.lua" "$url/p/DH" 2>&1)
  printf '| %s | %s | %s | %s | %s |\n' "$1" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
    "$(awk '$1=="99%" {print $2}' <<<"$out")" "$(awk '/Non-2xx/ {print $5}' <<<"$out" | grep . || echo 0)"
}

echo "| GET /p/DH as 198.51.100.x | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
readers "alone"

flood() { # label, form (bench/flood.lua FLOOD=), path
  local a0 r0 a1 r1 f
  a0=$(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM audit")
  r0=$(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM disclosure_requests")
  FLOOD=$2 wrk -t1 -c"$CONNS" -d"$DURATION" --latency -s "$here/flood.lua" "$url$3" \
    >"$tmp/flood" 2>&1 &
  f=$!
  readers "$1"
  wait "$f"
  a1=$(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM audit")
  r1=$(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM disclosure_requests")
  {
    echo "Flood ($1): POST $3, wrk -t1 -c$CONNS -d$DURATION:"
    awk '/Requests\/sec/ {print "  " $0} $1=="50%" || $1=="99%" {print "  latency " $0}' "$tmp/flood"
    sed -n 's/^status/  status/p' "$tmp/flood"
    echo "  audit rows added: $((a1 - a0)); requests added: $((r1 - r0))"
  } >>"$tmp/report"
}
: >"$tmp/report"
flood "during an application-form flood" apply /p/DH/apply
flood "during a sign-in flood" signin /app/signin
echo
cat "$tmp/report"
echo
echo "server: $(nproc) CPUs, default threads; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d)"

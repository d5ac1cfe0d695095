#!/usr/bin/env bash
# bench/portal-flood.sh FAZHI_BIN — does one client flooding a public write slow the portal
# for everyone else? A fresh demo server with --trust-proxy; wrk reads GET / as visitors
# 198.51.100.1-250 (bench/readers.lua) for DURATION alone, then again while a second wrk
# floods POST /app/signin with a wrong password as 203.0.113.7 (bench/flood.lua). Prints
# the flood's status codes, the readers' req/s and p50/p99 both times, and the rows the
# flood added to the audit log. Needs wrk and sqlite3.
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
  out=$(wrk -t1 -c"$CONNS" -d"$DURATION" --latency -s "$here/readers.lua" "$url/" 2>&1)
  printf '| %s | %s | %s | %s | %s |\n' "$1" \
    "$(awk '/Requests\/sec/ {print $2}' <<<"$out")" "$(awk '$1=="50%" {print $2}' <<<"$out")" \
    "$(awk '$1=="99%" {print $2}' <<<"$out")" "$(awk '/Non-2xx/ {print $5}' <<<"$out" | grep . || echo 0)"
}

echo "| GET / as 198.51.100.x | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
readers "alone"
audit0=$(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM audit")
wrk -t1 -c"$CONNS" -d"$DURATION" --latency -s "$here/flood.lua" "$url/app/signin" \
  >"$tmp/flood" 2>&1 &
flood=$!
readers "during the flood"
wait "$flood"
audit1=$(sqlite3 "$tmp/b.db" "SELECT COUNT(*) FROM audit")
echo
echo "Flood: POST /app/signin as 203.0.113.7, wrong password, wrk -t1 -c$CONNS -d$DURATION:"
awk '/Requests\/sec/ {print "  " $0} $1=="50%" || $1=="99%" {print "  latency " $0}' "$tmp/flood"
sed -n 's/^status/  status/p' "$tmp/flood"
echo "  audit rows added: $((audit1 - audit0))"
echo
echo "server: $(nproc) CPUs, default threads; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d)"

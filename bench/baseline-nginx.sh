#!/usr/bin/env bash
# bench/baseline-nginx.sh SIZE_BYTES [SIZE_BYTES…] — the machine's limit for serving a
# response of a given size: a private nginx (2 workers, sendfile, keepalive, no access log,
# no compression) serves a static file of exactly SIZE bytes (Chinese HTML text) on
# loopback, measured with the same wrk run as bench/run.sh. Prints a Markdown table.
# Pass the sizes of the fazhi responses being compared (curl -w '%{size_download}').
#   DURATION=10s THREADS=2 CONNS=32 bench/baseline-nginx.sh 4614 62582
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 SIZE_BYTES [SIZE_BYTES…]" >&2; exit 2; }
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNS=${CONNS:-32}
NGINX=${NGINX:-/usr/sbin/nginx}
command -v wrk >/dev/null || { echo "bench: wrk is not installed (apt-get install wrk)"; exit 2; }

tmp=$(mktemp -d)
trap '[ -f "$tmp/nginx.pid" ] && kill "$(cat "$tmp/nginx.pid")" 2>/dev/null; wait; rm -rf "$tmp"' EXIT
mkdir -p "$tmp/www"
chmod 755 "$tmp"  # the workers read the files even when they are not root

port=
for _ in $(seq 100); do  # a free port: nothing answers a connection on it
  p=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "bench: no free port" >&2; exit 1; }

# As root, workers would switch to `nobody`; keep them as the invoking user instead.
user=; [ "$(id -u)" = 0 ] && user="user root;"
cat >"$tmp/nginx.conf" <<EOF
$user
worker_processes 2;
daemon off;
pid $tmp/nginx.pid;
error_log $tmp/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  gzip off;
  types { text/html html; }
  charset utf-8;
  client_body_temp_path $tmp/client_body;
  proxy_temp_path $tmp/proxy;
  fastcgi_temp_path $tmp/fastcgi;
  uwsgi_temp_path $tmp/uwsgi;
  scgi_temp_path $tmp/scgi;
  server {
    listen 127.0.0.1:$port;
    root $tmp/www;
  }
}
EOF

# A file of exactly $1 bytes: an HTML page of repeated Chinese paragraphs, padded with spaces.
page() {
  local LC_ALL=C size=$1
  local head='<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>行政处罚决定公开</title></head><body><main>'
  local tail=$'</main></body></html>\n'
  local para=$'<p>当事人某某餐饮管理有限公司于2026年3月12日在东湖街道滨河路经营场所外擅自占道经营，违反了《城市市容和环境卫生管理条例》第十七条第一款的规定，依法责令改正并处罚款人民币伍佰元整。</p>\n'
  local body=$head
  while [ $((${#body} + ${#para} + ${#tail})) -le "$size" ]; do body+=$para; done
  while [ $((${#body} + ${#tail})) -lt "$size" ]; do body+=' '; done
  body+=$tail
  printf '%s' "${body:0:$size}"
}

"$NGINX" -c "$tmp/nginx.conf" -p "$tmp" -e "$tmp/error.log" &
url=http://127.0.0.1:$port
for _ in $(seq 50); do curl -so /dev/null "$url/" && break; sleep 0.1; done

echo "| nginx static file | req/s | p50 | p99 | non-2xx |"
echo "|---|---|---|---|---|"
for size in "$@"; do
  page "$size" >"$tmp/www/$size.html"
  got=$(curl -fs -o /dev/null -w '%{size_download}' "$url/$size.html")
  [ "$got" = "$size" ] || { echo "bench: served $got bytes, not $size" >&2; cat "$tmp/error.log" >&2; exit 1; }
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$url/$size.html" 2>&1)
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errs=$(awk '/Non-2xx/ {print $5}' <<<"$out")
  printf '| %s bytes | %s | %s | %s | %s |\n' "$size" "$rps" "$p50" "$p99" "${errs:-0}"
done
echo
echo "nginx $("$NGINX" -v 2>&1 | sed 's#.*/##'), worker_processes 2; wrk -t$THREADS -c$CONNS -d$DURATION on loopback; $(nproc) CPUs; $(date -u +%Y-%m-%d)"

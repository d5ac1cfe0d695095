#!/usr/bin/env bash
# bench/upload.sh FAZHI_BIN — a large file through the resumable upload API on loopback,
# against a fresh demo database: SIZE_MIB (default 100) of video-like bytes sent with curl
# in CHUNK_MIB (default 8) chunks by API token, then downloaded (streamed from its chunks).
# Prints a Markdown table for bench/RESULTS.md: wall time and throughput of each, and the
# server's peak RSS, which shows neither direction holds the file in memory.
#   SIZE_MIB=100 CHUNK_MIB=8 bench/upload.sh build/rel/fazhi
set -euo pipefail
BIN=$(realpath "${1:-build/rel/fazhi}")
SIZE_MIB=${SIZE_MIB:-100}
CHUNK_MIB=${CHUNK_MIB:-8}
command -v curl >/dev/null || { echo "bench: curl is not installed"; exit 2; }

tmp=$(mktemp -d)
pid=""
trap '[ -n "$pid" ] && { kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; }; rm -rf "$tmp"' EXIT
"$BIN" demo --db "$tmp/b.db" >/dev/null 2>"$tmp/demo.err"
token=$("$BIN" token add --db "$tmp/b.db" --username dh.staff --name bench)
"$BIN" serve --db "$tmp/b.db" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/err" &
pid=$!
for _ in $(seq 50); do grep -q serving "$tmp/out" 2>/dev/null && break; sleep 0.1; done
url=$(grep -o 'http://[^ ]*' "$tmp/out" | sed 's#/$##')
rss() { awk '/VmHWM/ {printf "%.1f MiB", $2/1024}' /proc/"$pid"/status; }
base_rss=$(rss)

# an MP4 header, then random bytes
file=$tmp/rec.mp4
printf '\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isommp42' >"$file"
head -c $((SIZE_MIB * 1024 * 1024 - 24)) /dev/urandom >>"$file"
size=$(stat -c %s "$file")
chunk=$((CHUNK_MIB * 1024 * 1024))
split -b "$chunk" -d -a 4 "$file" "$tmp/part."
auth="Authorization: Bearer $token"

t0=$(date +%s.%N)
id=$(curl -sf -H "$auth" -H 'Content-Type: application/json' \
  -d "{\"name\":\"bench.mp4\",\"size\":$size}" "$url/api/v1/uploads" | sed 's/^{"id":\([0-9]*\),.*/\1/')
first=0
for part in "$tmp"/part.*; do
  n=$(stat -c %s "$part")
  curl -sf -o "$tmp/last.json" -H "$auth" -X PUT --data-binary @"$part" \
    -H "Content-Range: bytes $first-$((first + n - 1))/$size" "$url/api/v1/uploads/$id"
  first=$((first + n))
done
t1=$(date +%s.%N)
up_rss=$(rss)
fid=$(sed 's/.*"file":{"id":\([0-9]*\),.*/\1/' "$tmp/last.json")
curl -sf -H "$auth" -o "$tmp/back.mp4" "$url/api/v1/files/$fid/content"
t2=$(date +%s.%N)
cmp -s "$file" "$tmp/back.mp4" || { echo "bench: the download differs from the upload"; exit 1; }
down_rss=$(rss)
parts=$(ls "$tmp"/part.* | wc -l)

echo "| benchmark | wall time | throughput | server peak RSS after |"
echo "|---|---|---|---|"
awk -v a="$t0" -v b="$t1" -v s="$SIZE_MIB" -v p="$parts" -v c="$CHUNK_MIB" -v r="$up_rss" 'BEGIN {
  printf "| upload %d MiB in %d chunks of %d MiB (durable, then hashed and stored) | %.2f s | %.0f MiB/s | %s |\n", s, p, c, b - a, s / (b - a), r }'
awk -v a="$t1" -v b="$t2" -v s="$SIZE_MIB" -v r="$down_rss" 'BEGIN {
  printf "| download it (streamed from its chunks) | %.2f s | %.0f MiB/s | %s |\n", b - a, s / (b - a), r }'
echo
echo "server peak RSS before: $base_rss; curl on loopback; $(nproc) CPUs; $(date -u +%Y-%m-%d)"

#!/usr/bin/env bash
# run.sh FAZHI_BIN — the browser tests: loads the demo district into a fresh database with the
# date pinned, serves it on a free loopback port, and drives Debian's chromium against it with
# each test in turn: tasks.test.mjs (the key-task workflow, phone width, no JavaScript), then
# penalty.test.mjs (a penalty case from clue to archive). They share the demo but each works
# on records it creates. Every test runs even when an earlier one failed; the exit status is
# non-zero if any failed. Screenshots go to tests/browser/shots/ (git-ignored), or to
# $SHOTS_DIR when set. FAZHI_BROWSER_DB=postgresql://… runs them on that (existing) PostgreSQL
# database instead of a fresh SQLite file (make check-pg).
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 FAZHI_BIN" >&2
    exit 2
fi
bin=$(realpath "$1")
here=$(cd "$(dirname "$0")" && pwd)
shots=${SHOTS_DIR:-$here/shots}
mkdir -p "$shots"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fazhi-browser.XXXXXX")
pid=""
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$tmp"
}
trap cleanup EXIT

# The demo's deadlines and the screenshots are stable only with a fixed "today".
export FAZHI_NOW=${FAZHI_NOW:-2026-11-27}

db=${FAZHI_BROWSER_DB:-$tmp/demo.db}
"$bin" demo --db "$db" --force >"$tmp/demo.log" 2>&1 || {
    cat "$tmp/demo.log" >&2
    exit 1
}

# The server's first stdout line names the port it got; read it through a FIFO (no polling),
# then keep draining stdout so the server can never block on a full pipe.
mkfifo "$tmp/out"
"$bin" serve --db "$db" --listen 127.0.0.1:0 >"$tmp/out" 2>"$tmp/serve.log" &
pid=$!
exec 3<"$tmp/out"
if ! IFS= read -r first <&3; then
    echo "run.sh: the server stopped before it said where it serves" >&2
    cat "$tmp/serve.log" >&2
    exit 1
fi
cat <&3 >/dev/null &
url=$(printf '%s\n' "$first" | grep -o 'http://127\.0\.0\.1:[0-9]*/' || true)
if [ -z "$url" ]; then
    echo "run.sh: unexpected first line from the server: $first" >&2
    exit 1
fi

status=0
failed=""
for t in tasks penalty portal; do
    echo "# $t.test.mjs"
    rc=0
    node "$here/$t.test.mjs" "$url" "$shots" || rc=$?
    if [ "$rc" -ne 0 ]; then
        status=1
        failed="$failed $t.test.mjs"
    fi
done
if [ "$status" -ne 0 ]; then
    echo "run.sh: failed:$failed" >&2
    echo "--- server log (last 40 lines) ---" >&2
    tail -n 40 "$tmp/serve.log" >&2
fi
exit "$status"

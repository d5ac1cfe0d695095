#!/usr/bin/env bash
# pg-cluster.sh — a private, throw-away PostgreSQL 15 cluster for the tests (`make check-pg`),
# never the Debian system cluster (15/main on 5432, left alone whether it runs or not).
#
#   scripts/pg-cluster.sh start  [DIR] [PORT]   create (first time) and start; idempotent
#   scripts/pg-cluster.sh stop   [DIR]          stop (pg_ctl -m fast); fine when stopped
#   scripts/pg-cluster.sh url    [DIR] [PORT]   print postgresql://fazhi@127.0.0.1:PORT/
#   scripts/pg-cluster.sh status [DIR]          exit 0 when running, 3 when not
#
# DIR (default build/pg) holds everything: the data directory DIR/data, the Unix socket
# (DIR/.s.PGSQL.PORT), the server log DIR/log and the port in use DIR/port. PORT defaults
# to 54329; when it is taken another free one above it is used and remembered in DIR/port,
# which is what `url` prints. The server listens on 127.0.0.1 only, trusts every loopback
# connection, and has a superuser role `fazhi` for the tests.
#
# fsync and synchronous_commit stay on, as in production, so benchmarks measure durable
# writes. PG_FAST=1 turns fsync, synchronous_commit and full_page_writes off for test runs
# (a crash can then corrupt the cluster: remove DIR and start again). `start` on a running
# cluster applies the PG_FAST choice with a reload.
#
# initdb and postgres refuse to run as root: as root the cluster belongs to Debian's
# `postgres` user (runuser), so DIR and every directory above it must be reachable by it.
# Status lines go to stderr; only `url` writes to stdout.
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DEFAULT_PORT=54329
ROLE=fazhi

say() { echo "pg-cluster: $*" >&2; }
die() { say "$*"; exit 1; }
usage() {
  echo "usage: $0 start|stop|url|status [DIR] [PORT]" >&2
  exit 2
}

[ $# -ge 1 ] || usage
cmd=$1
dir_arg=${2:-build/pg}
port_arg=${3:-}
case $cmd in start | stop | url | status) ;; *) usage ;; esac
if [ -n "$port_arg" ]; then
  if ! [[ $port_arg =~ ^[0-9]+$ ]] || [ "$port_arg" -lt 1024 ] || [ "$port_arg" -gt 65535 ]; then
    die "PORT must be a number from 1024 to 65535, not '$port_arg'"
  fi
fi

# Absolute paths: the socket directory and pg_ctl's -D must not depend on the current
# directory (which, as root, the postgres user may not even be able to enter).
DIR=$(realpath -m -- "$dir_arg")
DATA=$DIR/data
LOG=$DIR/log
PORT_FILE=$DIR/port

# As root, run the server's programs as the postgres user, from a directory it can enter.
# Never with our lock (fd 9) open: the postmaster would inherit it and hold it for good.
owner=""
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  id -u "$owner" >/dev/null 2>&1 ||
    die "running as root needs the '$owner' user (Debian's postgresql package creates it)"
fi
as_owner() {
  if [ -n "$owner" ]; then
    (cd "$DIR" && runuser -u "$owner" -- "$@" 9>&-)
  else
    (cd "$DIR" && "$@" 9>&-)
  fi
}

# The port of the running cluster (line 4 of postmaster.pid), else the last one used
# (DIR/port), else the one asked for, else the default.
port_of() {
  local p=""
  if [ -n "$(postmaster_pid)" ]; then p=$(sed -n 4p "$DATA/postmaster.pid" | tr -dc 0-9); fi
  if [ -z "$p" ] && [ -f "$PORT_FILE" ]; then p=$(tr -dc 0-9 <"$PORT_FILE"); fi
  echo "${p:-${port_arg:-$DEFAULT_PORT}}"
}

# The postmaster's PID when our cluster is running, else nothing. A PID in postmaster.pid
# alone proves little after a crash (kill -9, a reboot of the container): the PID may have
# been reused by an unrelated process. Our postmaster is a process whose working directory
# is our data directory (postgres chdirs there at start).
postmaster_pid() {
  local pid cwd
  [ -f "$DATA/postmaster.pid" ] || return 0
  pid=$(head -n 1 "$DATA/postmaster.pid" 2>/dev/null | tr -dc 0-9) || true
  [ -n "$pid" ] || return 0
  cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null) || return 0
  [ "$cwd" = "$DATA" ] && echo "$pid"
  return 0
}

# Server processes still running in our data directory (a crashed postmaster's backends).
leftover_pids() {
  local p cwd
  for p in /proc/[0-9]*; do
    cwd=$(readlink "$p/cwd" 2>/dev/null) || continue
    [ "$cwd" = "$DATA" ] && echo "${p#/proc/}"
  done
  return 0
}

# Not running but postmaster.pid is there: the server died without cleaning up. postgres
# would remove the file itself unless the PID now belongs to someone else, in which case it
# refuses to start; so remove it here, and the socket lock files with it, once the dead
# postmaster's children (which notice its death within moments) are gone.
clear_stale() {
  local pids i
  [ -f "$DATA/postmaster.pid" ] || return 0
  say "removing stale postmaster.pid (PID $(head -n 1 "$DATA/postmaster.pid") is not our server)"
  for i in $(seq 1 50); do
    mapfile -t pids < <(leftover_pids)
    [ ${#pids[@]} = 0 ] && break
    if [ "$i" = 30 ]; then
      say "processes of the dead server still running (${pids[*]}); sending SIGQUIT"
      kill -QUIT "${pids[@]}" 2>/dev/null || true
    fi
    sleep 0.2
  done
  mapfile -t pids < <(leftover_pids)
  [ ${#pids[@]} = 0 ] || die "processes ${pids[*]} still use $DATA; stop them first"
  rm -f "$DATA/postmaster.pid" "$DIR"/.s.PGSQL.*.lock "$DIR"/.s.PGSQL.[0-9]*
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# The first free port from $1 on (100 tries).
free_port() {
  local p=$1
  while port_busy "$p"; do
    p=$((p + 1))
    if [ "$p" -ge $(($1 + 100)) ] || [ "$p" -gt 65535 ]; then
      die "no free port in $1..$((p - 1))"
    fi
  done
  echo "$p"
}

sql_quote() { printf "'%s'" "${1//\'/\'\'}"; }

# Our settings, included last from postgresql.conf, rewritten at every start.
write_conf() {
  local port=$1 fast=off
  [ "${PG_FAST:-}" = 1 ] && fast=on
  {
    echo "# written by scripts/pg-cluster.sh at every start; edits are lost"
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = $(sql_quote "$DIR")"
    echo "max_connections = 200"
    echo "shared_buffers = 128MB"
    if [ $fast = on ]; then
      echo "# PG_FAST=1: test runs only; a crash can corrupt the cluster"
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    else
      echo "fsync = on"
      echo "synchronous_commit = on"
      echo "full_page_writes = on"
    fi
  } | as_owner tee "$DATA/fazhi.conf" >/dev/null
}

mode_name() { if [ "${PG_FAST:-}" = 1 ]; then echo "fast (PG_FAST=1: fsync off)"; else echo durable; fi; }

psql_owner() {
  as_owner "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$(port_of)" -U postgres \
    -d postgres "$@"
}

ensure_role() {
  psql_owner -c "DO \$\$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') THEN
        CREATE ROLE $ROLE SUPERUSER LOGIN;
      END IF;
    END \$\$;" >/dev/null 2>"$DIR/psql.err" ||
    { cat "$DIR/psql.err" >&2; die "could not create the role '$ROLE'"; }
}

# DIR must exist, belong to the cluster's owner, and be reachable by it through every
# directory above it. A directory that is neither new, empty nor ours is refused: DIR is
# chowned and DIR/data initialised, which must never happen to, say, the repository root.
prepare_dir() {
  # The socket path DIR/.s.PGSQL.PORT must fit in sun_path (107 bytes).
  [ ${#DIR} -le 90 ] || die "DIR is too long for a Unix socket path: $DIR"
  if [ -d "$DIR" ] && [ ! -f "$DIR/.pg-cluster" ] && [ -n "$(ls -A -- "$DIR")" ]; then
    die "$DIR is not empty and was not made by pg-cluster.sh; give another DIR"
  fi
  mkdir -p -- "$DIR"
  [ -f "$DIR/.pg-cluster" ] ||
    echo "a private PostgreSQL cluster made by scripts/pg-cluster.sh" >"$DIR/.pg-cluster"
  if [ -n "$owner" ]; then
    chown "$owner:" "$DIR"
    if ! runuser -u "$owner" -- test -x "$DIR" -a -w "$DIR"; then
      local d=$DIR
      while [ "$d" != / ]; do
        d=$(dirname "$d")
        runuser -u "$owner" -- test -x "$d" || break
      done
      die "the '$owner' user cannot reach $DIR (blocked at $d, mode $(stat -c %a "$d")); \
use a DIR under a directory it can enter, or chmod o+x $d"
    fi
  fi
}

init_cluster() {
  [ -x "$PG_BIN/initdb" ] || die "$PG_BIN/initdb not found (scripts/setup-deps.sh installs postgresql)"
  say "creating a cluster in $DATA"
  # initdb removes what it made when it fails; a data directory without PG_VERSION that is
  # not empty is something else, and initdb refuses it.
  if ! as_owner "$PG_BIN/initdb" -D "$DATA" --username=postgres --locale=C --encoding=UTF8 \
    --auth=trust >"$DIR/initdb.log" 2>&1; then
    cat "$DIR/initdb.log" >&2
    die "initdb failed"
  fi
  echo "include_if_exists = 'fazhi.conf'" | as_owner tee -a "$DATA/postgresql.conf" >/dev/null
}

do_start() {
  local pid port log_size
  prepare_dir
  exec 9>>"$DIR/lock"
  flock -w 120 9 || die "another pg-cluster.sh holds $DIR/lock"

  pid=$(postmaster_pid)
  if [ -n "$pid" ]; then
    port=$(port_of)
    if [ -n "$port_arg" ] && [ "$port_arg" != "$port" ]; then
      say "already running on port $port, not $port_arg; stop it first to change the port"
    fi
    write_conf "$port"
    as_owner "$PG_BIN/pg_ctl" reload -s -D "$DATA" >&2
    ensure_role
    say "already running on 127.0.0.1:$port (PID $pid), $(mode_name), in $DIR"
    return 0
  fi

  [ -f "$DATA/PG_VERSION" ] || init_cluster
  clear_stale

  port=${port_arg:-$DEFAULT_PORT}
  for _ in 1 2 3 4 5; do
    port=$(free_port "$port")
    write_conf "$port"
    log_size=0
    [ -f "$LOG" ] && log_size=$(stat -c %s "$LOG")
    if as_owner "$PG_BIN/pg_ctl" start -w -s -D "$DATA" -l "$LOG" >"$DIR/pg_ctl.out" 2>&1; then
      echo "$port" >"$PORT_FILE"
      ensure_role
      say "running on 127.0.0.1:$port (PID $(postmaster_pid)), $(mode_name), in $DIR"
      return 0
    fi
    # Taken between our check and postgres's bind: try the next port.
    if tail -c +"$((log_size + 1))" "$LOG" 2>/dev/null | grep -q 'could not bind IPv4'; then
      say "port $port was taken meanwhile; trying another"
      port=$((port + 1))
      continue
    fi
    break
  done
  cat "$DIR/pg_ctl.out" >&2
  tail -n 20 "$LOG" >&2 2>/dev/null || true
  die "the server did not start (log: $LOG)"
}

do_stop() {
  local pid
  [ -d "$DATA" ] || { say "no cluster in $DIR"; return 0; }
  exec 9>>"$DIR/lock"
  flock -w 120 9 || die "another pg-cluster.sh holds $DIR/lock"
  pid=$(postmaster_pid)
  if [ -z "$pid" ]; then
    say "not running ($DIR)"
    return 0
  fi
  as_owner "$PG_BIN/pg_ctl" stop -w -s -m fast -D "$DATA" >&2 || die "pg_ctl stop failed"
  say "stopped ($DIR)"
}

case $cmd in
  start) do_start ;;
  stop) do_stop ;;
  url) echo "postgresql://$ROLE@127.0.0.1:$(port_of)/" ;;
  status)
    pid=$(postmaster_pid)
    if [ -n "$pid" ]; then
      say "running on 127.0.0.1:$(port_of) (PID $pid) in $DIR"
      exit 0
    fi
    say "not running ($DIR)"
    exit 3
    ;;
esac

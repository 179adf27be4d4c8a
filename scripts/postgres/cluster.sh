#!/usr/bin/env bash
# A throwaway PostgreSQL cluster on a loopback port, for the tests' PostgreSQL half (DESIGN.md §27).
#
#   scripts/postgres/cluster.sh start DIR   # prints the cluster's URL (postgres://…@127.0.0.1:PORT/postgres)
#   scripts/postgres/cluster.sh stop DIR
#
# The server refuses to run as root, so under root the cluster belongs to the `postgres` user
# (Debian's package makes it). The password below is a test password for a cluster that listens on
# 127.0.0.1 only and is deleted with DIR; it guards nothing.
set -euo pipefail

command_name=${1:-}
dir=${2:-}
[ -n "$command_name" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bin=""
for candidate in /usr/lib/postgresql/*/bin; do [ -x "$candidate/pg_ctl" ] && bin=$candidate; done
[ -n "$bin" ] || bin=$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")

# From a folder the postgres user may enter (root's home is not one).
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

case "$command_name" in
start)
  [ -x "$bin/pg_ctl" ] || { echo "PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 3; }
  command -v python3 >/dev/null || { echo "python3 is needed to pick a free port" >&2; exit 3; }
  mkdir -p "$dir"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
  password="test-only-password"
  as_owner bash -c "printf '%s\n' '$password' > '$dir/pwfile' && chmod 600 '$dir/pwfile'"
  as_owner "$bin/initdb" -D "$dir/data" -U gcal --auth=scram-sha-256 --pwfile="$dir/pwfile" -E UTF8 --locale=C.UTF-8 >/dev/null
  # A port the OS picks; if another program takes it before the server binds it, pick again.
  for _ in 1 2 3 4 5; do
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
        -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories='$dir' -c max_connections=1000 -c shared_buffers=64MB -c fsync=off" >/dev/null; then
      echo "postgres://gcal:$password@127.0.0.1:$port/postgres"
      exit 0
    fi
  done
  echo "the cluster did not start; see $dir/server.log" >&2
  exit 1
  ;;
stop)
  # Never fails: it runs from an exit trap, where a failure would become the caller's status.
  if [ -x "$bin/pg_ctl" ] && [ -d "$dir/data" ]; then
    as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir" || true
  exit 0
  ;;
*)
  echo "usage: $0 start|stop DIR" >&2; exit 2
  ;;
esac

#!/usr/bin/env bash
# Sourced by run.sh and test.sh. Unless a connection string is already given
# (ConnectionStrings__Marten or DATABASE_URL), starts a private PostgreSQL cluster
# on 127.0.0.1, owned by the postgres user, with its data in the git-ignored .local/ folder,
# and exports ConnectionStrings__Marten for the database named by $1.
set -euo pipefail

campaign_database="${1:-campaign}"

if [[ -n "${ConnectionStrings__Marten:-}" || -n "${DATABASE_URL:-}" ]]; then
  echo "Using the database given in ConnectionStrings__Marten / DATABASE_URL."
  return 0 2>/dev/null || exit 0
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pg_port="${CAMPAIGN_PG_PORT:-55432}"

find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x "$dir/pg_ctl" ]] && { echo "$dir"; return 0; }
  done
  return 1
}

pg_bin="$(find_pg_bin || true)"
if [[ -z "$pg_bin" ]]; then
  echo "PostgreSQL server binaries not found; installing them with apt-get..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  pg_bin="$(find_pg_bin)"
fi

as_postgres() { runuser -u postgres -- "$@"; }
if [[ "$(id -u)" -ne 0 ]]; then
  as_postgres() { "$@"; }   # not root: run the cluster as the current user
fi
pg_owner="$( [[ "$(id -u)" -eq 0 ]] && echo postgres || id -un )"

# The cluster lives in the repo's ignored .local/ folder, unless the postgres user cannot reach it
# (e.g. a clone under /root); then in a folder of its own under /var/tmp.
state_dir="$repo_root/.local/postgres"
mkdir -p "$state_dir"
if ! as_postgres test -x "$state_dir" 2>/dev/null; then
  state_dir="/var/tmp/campaign-postgres-$(echo -n "$repo_root" | md5sum | cut -c1-12)"
  mkdir -p "$state_dir"
fi
data_dir="$state_dir/data"
password_file="$state_dir/password"

if [[ ! -f "$data_dir/PG_VERSION" ]]; then
  echo "Creating a private PostgreSQL cluster in $data_dir ..."
  chown "$pg_owner" "$state_dir"
  (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$password_file")
  chown "$pg_owner" "$password_file"
  as_postgres "$pg_bin/initdb" -D "$data_dir" -U campaign --pwfile="$password_file" \
    --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$data_dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$data_dir'
synchronous_commit = off
max_connections = 200
CONF
fi

pg_started_here=""   # set when this script started the server (cluster.sh stops it again on exit)
if ! as_postgres "$pg_bin/pg_ctl" -D "$data_dir" status >/dev/null 2>&1; then
  if "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port"; then
    echo "Port $pg_port already has another PostgreSQL server; set CAMPAIGN_PG_PORT to a free port." >&2
    exit 1
  fi
  as_postgres "$pg_bin/pg_ctl" -D "$data_dir" -l "$state_dir/postgres.log" -o "-p $pg_port" -w -t 60 start >/dev/null
  pg_started_here=1
fi
"$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$pg_port" -t 30

export PGPASSWORD="$(cat "$password_file")"
if ! "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U campaign -d postgres -tAc \
     "SELECT 1 FROM pg_database WHERE datname = '$campaign_database'" | grep -q 1; then
  "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U campaign "$campaign_database"
fi

export ConnectionStrings__Marten="Host=127.0.0.1;Port=$pg_port;Database=$campaign_database;Username=campaign;Password=$PGPASSWORD"
unset PGPASSWORD
echo "PostgreSQL is up on 127.0.0.1:$pg_port (database $campaign_database)."

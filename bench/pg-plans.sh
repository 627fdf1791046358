#!/usr/bin/env bash
# PostgreSQL plans of the reading queries: a throwaway cluster on a free loopback port, the schema
# from db/, synthetic data at benchmark scale (bench/pg-synthetic.sql), then bench/query-plans.sh pg.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
DIR=$(mktemp -d /tmp/postroom-pgplans-XXXX)
chown postgres:postgres "$DIR"
PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
as_pg() { runuser -u postgres -- "$@"; }
as_pg "$BIN/initdb" -D "$DIR/data" -U postgres -A trust >/dev/null
as_pg "$BIN/pg_ctl" -D "$DIR/data" -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1" -l "$DIR/log" -w start >/dev/null
trap 'as_pg "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null; rm -rf "$DIR"' EXIT
psql -h 127.0.0.1 -p "$PORT" -U postgres -X -q -c "create role postroom login password 'postroom'" -c "create database postroom owner postroom"
for f in $(ls "$HERE"/../db/V*.sql | sort -V); do
  psql -h 127.0.0.1 -p "$PORT" -U postroom -d postroom -X -q -v ON_ERROR_STOP=1 -f "$f"
done
psql -h 127.0.0.1 -p "$PORT" -U postroom -d postroom -X -q -v ON_ERROR_STOP=1 -f "$HERE/pg-synthetic.sql"
"$HERE/query-plans.sh" pg "$PORT"

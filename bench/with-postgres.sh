#!/usr/bin/env bash
# Run a command with a throwaway PostgreSQL server, the way .ci/run starts one, and stop it after.
#   bench/with-postgres.sh .venv/bin/python bench/run.py --runs 3
# The command sees BENCH_DATABASE_URL (the server's maintenance database; run.py creates its own
# database per run). PG_PORT (default 55491) picks the port. Unlike CI, fsync stays on, as in
# production: a benchmark should pay for durable commits.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/postgres | sort -V | tail -n 1)")
PG_PORT=${PG_PORT:-55491}
if (exec 3<>"/dev/tcp/127.0.0.1/$PG_PORT") 2>/dev/null; then
  echo "port $PG_PORT is taken; choose another with PG_PORT=…" >&2
  exit 1
fi
PG_DIR=$(mktemp -d /tmp/mentorplan-bench-pg.XXXXXX)
# PostgreSQL refuses to run as root; run it as the packaged postgres user.
RUN_AS=()
if [ "$(id -u)" = 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home "$PG_DIR" postgres
  chown postgres "$PG_DIR"
  RUN_AS=(runuser -u postgres --)
fi
trap '"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PG_DIR"' EXIT
"${RUN_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U mentorplan --auth=trust -E UTF8 >/dev/null
"${RUN_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories=$PG_DIR" start >/dev/null

export BENCH_DATABASE_URL="postgresql://mentorplan@127.0.0.1:$PG_PORT/postgres"
"$@"

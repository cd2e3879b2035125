#!/usr/bin/env bash
# One command for the load test: a fresh database with a kommune, gunicorn serving it with WORKERS
# workers, bench/load.py against it, the workers' memory at the end; then everything stops.
#   bench/with-postgres.sh bench/load.sh            # PostgreSQL (a throwaway server), the demo kommune
#   DATA=trondheim bench/with-postgres.sh bench/load.sh   # the Trondheim-size kommune of generate.py,
#                                                   # imported with the CLI, turnus for this year, scheduled
#   bench/load.sh                                   # SQLite in a temp dir
#   SERVERS=2 bench/load.sh                         # two app servers (gunicorns on PORT and PORT+1) on one
#                                                   # database, the users spread over both
# USERS (20), DURATION (seconds, 60), WORKERS (4 per server), SERVERS (1), PORT (8765) and SCALE (1, for
# DATA=trondheim) may be set; extra arguments go to load.py.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-20} DURATION=${DURATION:-60} WORKERS=${WORKERS:-4} PORT=${PORT:-8765} SERVERS=${SERVERS:-1}
WORK=$(mktemp -d /tmp/mentorplan-load.XXXXXX)
stop_servers() {
  for pidfile in "$WORK"/gunicorn-*.pid; do
    [ -f "$pidfile" ] && kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  sleep 1
  rm -rf "$WORK"
}
trap stop_servers EXIT
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  .venv/bin/python - "$BENCH_DATABASE_URL" <<'PY'
import sys, psycopg
with psycopg.connect(sys.argv[1], autocommit=True) as c:
    c.execute("DROP DATABASE IF EXISTS mentorplan_load")
    c.execute("CREATE DATABASE mentorplan_load")
PY
  export DATABASE_URL="${BENCH_DATABASE_URL%/*}/mentorplan_load"
else
  export DATABASE_URL="sqlite:///$WORK/load.db"
fi
export MENTORPLAN_CONFIG=development SECRET_KEY=load-test
.venv/bin/flask --app wsgi db upgrade >"$WORK/upgrade.log" 2>&1 || { cat "$WORK/upgrade.log" >&2; exit 1; }
LOGINS=()
if [ "${DATA:-demo}" = trondheim ]; then
  YEAR=$(date +%Y) SCALE=${SCALE:-1}
  FILES=/tmp/mentorplan-bench/load-$YEAR-$SCALE
  [ -f "$FILES/manifest.json" ] || .venv/bin/python bench/generate.py --year "$YEAR" --scale "$SCALE" --out "$FILES" >/dev/null
  time .venv/bin/flask --app wsgi import-staff "$FILES/staff.csv" --kommune "Trondheim kommune" >/dev/null
  time .venv/bin/flask --app wsgi import-turnus "$FILES/turnus.csv" >/dev/null
  time .venv/bin/flask --app wsgi schedule >/dev/null
  .venv/bin/python bench/load_users.py
  LOGINS=(--domain bench.no --password bench)
else
  .venv/bin/flask --app wsgi demo >/dev/null
fi
URLS=()
for n in $(seq 0 $((SERVERS - 1))); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$((PORT + n))") 2>/dev/null; then  # else the load would go to whoever has it
    echo "port $((PORT + n)) is taken; choose another with PORT=…" >&2
    exit 1
  fi
  .venv/bin/gunicorn wsgi:app --bind "127.0.0.1:$((PORT + n))" --workers "$WORKERS" --pid "$WORK/gunicorn-$n.pid" \
    --log-level warning >"$WORK/gunicorn-$n.log" 2>&1 &
  URLS+=(--url "http://127.0.0.1:$((PORT + n))")
done
for n in $(seq 0 $((SERVERS - 1))); do
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$((PORT + n))/logg-inn" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -fs "http://127.0.0.1:$((PORT + n))/logg-inn" >/dev/null || { cat "$WORK/gunicorn-$n.log" >&2; exit 1; }
done
.venv/bin/python bench/load.py "${URLS[@]}" --users "$USERS" --seconds "$DURATION" "${LOGINS[@]}" "$@"
echo "web worker memory (RSS, MB):"
for n in $(seq 0 $((SERVERS - 1))); do
  for pid in $(pgrep -P "$(cat "$WORK/gunicorn-$n.pid")"); do
    awk -v p="$pid" -v s="$n" '/VmRSS/ {printf "  server %s, worker %s: %.0f\n", s, p, $2/1024}' "/proc/$pid/status"
  done
done

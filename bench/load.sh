#!/usr/bin/env bash
# One command for the load test: a fresh database with a kommune, gunicorn serving it with WORKERS
# workers, bench/load.py against it, the workers' memory at the end; then everything stops.
#   bench/with-postgres.sh bench/load.sh            # PostgreSQL (a throwaway server), the demo kommune
#   DATA=trondheim bench/with-postgres.sh bench/load.sh   # the Trondheim-size kommune of generate.py,
#                                                   # imported with the CLI, turnus for this year, scheduled
#   bench/load.sh                                   # SQLite in a temp dir
# USERS (20), DURATION (seconds, 60), WORKERS (4), PORT (8765) and SCALE (1, for DATA=trondheim) may be
# set; extra arguments go to load.py.
set -euo pipefail
cd "$(dirname "$0")/.."
USERS=${USERS:-20} DURATION=${DURATION:-60} WORKERS=${WORKERS:-4} PORT=${PORT:-8765}
WORK=$(mktemp -d /tmp/mentorplan-load.XXXXXX)
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
.venv/bin/flask --app wsgi db upgrade >/dev/null 2>&1
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
.venv/bin/gunicorn wsgi:app --bind "127.0.0.1:$PORT" --workers "$WORKERS" --pid "$WORK/gunicorn.pid" \
  --log-level warning >"$WORK/gunicorn.log" 2>&1 &
trap 'kill "$(cat "$WORK/gunicorn.pid" 2>/dev/null)" 2>/dev/null || true; sleep 1; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/logg-inn" >/dev/null 2>&1 && break; sleep 0.2; done
.venv/bin/python bench/load.py --url "http://127.0.0.1:$PORT" --users "$USERS" --seconds "$DURATION" "${LOGINS[@]}" "$@"
echo "web worker memory (RSS, MB):"
for pid in $(pgrep -P "$(cat "$WORK/gunicorn.pid")"); do
  awk -v p="$pid" '/VmRSS/ {printf "  worker %s: %.0f\n", p, $2/1024}' "/proc/$pid/status"
done

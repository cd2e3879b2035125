# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install demo clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	mkdir -p instance
	$(BIN)/flask --app wsgi db upgrade
	$(BIN)/flask --app wsgi demo --if-empty
	@# The reminder scheduler runs beside the web server as its own process (never inside it), and
	@# stops with it. Without SMTP_HOST its e-mail goes to the local outbox (/utboks, /varsler).
	$(BIN)/flask --app wsgi scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(BIN)/flask --app wsgi run --host 127.0.0.1 --port 5000

# The suite on every core (pytest-xdist; each worker has its own database): PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto
test: install
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) instance/mentorplan.db .pytest_cache

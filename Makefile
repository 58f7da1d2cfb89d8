# Kengaku: two commands on a fresh machine — `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-suite install migrate demo lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py plan ascc-2025-tour --time-limit 10 --publish
	$(BIN)/python manage.py itineraries ascc-2025-tour --out itineraries

# The background-solve worker runs beside the web server and stops with it: the database
# backend's db_worker, or an RQ worker when REDIS_URL is set. Told to stop, a worker finishes its
# current solve; the second signal a second later stops that too (its job then reads failed).
SOLVE_QUEUE := $(or $(KENGAKU_SOLVE_QUEUE),default)
WORKER := $(if $(REDIS_URL),rqworker --job-class django_tasks_rq.Job $(SOLVE_QUEUE),db_worker --no-reload --queue-name $(SOLVE_QUEUE))

run: demo
	$(BIN)/python manage.py issue_token demo-planner --role planner
	@echo "Serving on http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/docs)"
	@$(BIN)/python manage.py $(WORKER) & worker=$$!; \
	stop_worker() { kill -TERM $$worker 2>/dev/null; sleep 1; kill -TERM $$worker 2>/dev/null; \
	  wait $$worker 2>/dev/null; }; \
	trap 'stop_worker' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# Lint, import contracts, migrations in step with models, then the whole suite. The suite runs
# on SQLite by default and on any database DATABASE_URL names (CI also runs it on PostgreSQL).
test: lint test-suite

test-suite: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/pytest

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache

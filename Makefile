# IOA-portalen. The targets a person types: run, test, lint, bench, backup, restore.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run worker test lint format demo setup stop-db check bench relevance backup restore clean messages

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP) ## Install, start the database, migrate.
	$(MANAGE) migrate --noinput
	$(MANAGE) createcachetable

demo: setup
	$(MANAGE) load_demo_data

run: demo ## Serve the site with demo data at http://$(HOST):$(PORT)
	@echo
	@echo "  IOA-portalen runs at http://$(HOST):$(PORT)/"
	@echo "  Django admin: http://$(HOST):$(PORT)/admin/  (demo login: admin / admin)"
	@echo "  Coordinator workspace: http://$(HOST):$(PORT)/koordinator/  (demo login: koordinator / koordinator)"
	@$(MANAGE) demo_participant_link --base-url http://$(HOST):$(PORT)
	@echo "  A job worker runs beside it (emails, alert digests, daily clean-ups); Ctrl-C stops both."
	@echo
	@IOA_SITE_URL=$${IOA_SITE_URL:-http://$(HOST):$(PORT)} $(MANAGE) procrastinate worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

worker: setup ## Run only a job worker (what production runs beside gunicorn).
	$(MANAGE) procrastinate worker

PYTEST_WORKERS ?= 2
test: setup ## The whole suite (browser tests skip when Chromium is missing), on PYTEST_WORKERS processes (modules marked xdist_group keep their tests on one worker, in a row).
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

check: $(STAMP)
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

N ?= 100000
bench: setup ## Benchmark at N synthetic cases (default 100000) in the ioa_bench database.
	$(PY) bench/run.py --count $(N)

relevance: demo ## The need search's relevance on the judged set (tests/relevance/needs.json).
	$(MANAGE) relevance

stop-db: $(STAMP) ## Stop the embedded PostgreSQL server.
	$(PY) -c 'from ioa_portal import embedded_db; embedded_db.stop()'

clean: stop-db
	rm -rf .pgdata .media .artifacts staticfiles

backup: setup ## Dump the database and uploads to backups/<time>/ (or TO=folder).
	$(MANAGE) backup $(if $(TO),--to $(TO))

restore: setup ## Restore FROM=backups/<time> into the configured database.
	@test -n "$(FROM)" || { echo "Usage: make restore FROM=backups/<folder>"; exit 2; }
	$(MANAGE) restore $(FROM) --yes

messages: $(STAMP) ## Update the nynorsk and English catalogues and compile them (needs gettext).
	$(MANAGE) makemessages -l nn -l en --no-location --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(MANAGE) compilemessages --ignore '.venv/*'

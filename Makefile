# APiLos — developer commands. `make run` on a fresh machine, `make test` for the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: install run test test-browser quality format migrate worker clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Zero configuration: SQLite under var/, local-memory cache, jobs run immediately, demo data.
run: export DEBUG ?= 1
run: export SIAP_CLIENT_MOCK ?= 1
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_roles
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

worker: $(STAMP)
	$(MANAGE) worker

# The whole suite. Uses DATABASE_URL / REDIS_URL when set (CI: PostgreSQL + Redis), SQLite otherwise.
# Browser tests skip themselves with a message when Chromium is not installed.
test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

quality: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint templates --check --profile=django --quiet || (echo "djlint: run 'make format'"; exit 1)
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=quality-check-0123456789abcdefghijklmnopqrstuvwxyzABCDEFGH ALLOWED_HOSTS=apilos.example.gouv.fr \
	  $(MANAGE) check --deploy --fail-level WARNING
	env -u DATABASE_URL -u SECRET_KEY DEBUG=0 $(MANAGE) collectstatic --noinput --verbosity 0

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .
	$(BIN)/djlint templates --reformat --profile=django --quiet || true

clean:
	rm -rf var staticfiles .pytest_cache

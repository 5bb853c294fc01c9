# APiLos — developer commands. `make run` on a fresh machine, `make test` for the suite.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
STAMP := $(VENV)/.installed

.PHONY: install run test test-browser quality format migrate worker clean requirements

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# Zero configuration: SQLite under var/, local-memory cache, jobs run immediately, demo data.
run: export DEBUG ?= 1
run: export SIAP_CLIENT_MOCK ?= 1
run: export DOCUMENTS_EN_ARRIERE_PLAN ?= 1
run: $(STAMP)
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_roles
	$(MANAGE) seed_demo
	$(MANAGE) runserver 127.0.0.1:8000

worker: $(STAMP)
	$(MANAGE) worker

# The whole suite, in random order (pytest-randomly prints its seed; PYTEST_ARGS=--randomly-seed=N
# replays it) and in parallel (pytest-xdist, one worker per core; TEST_WORKERS=0 for a serial run).
# Uses DATABASE_URL / REDIS_URL when set (CI: PostgreSQL + Redis), SQLite otherwise. Skipped tests are listed
# with their reason (-rs in pyproject.toml); browser tests skip themselves when Chromium is not installed.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

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

# requirements*.in list the direct dependencies; this compiles them, with every transitive dependency pinned and
# hashed, into the requirements*.txt that Scalingo and CI install. From PyPI alone, whatever the local pip
# configuration (--no-config; uv reads no pip.conf), for any platform running Python 3.11 (--universal).
# Existing pins are kept unless asked: make requirements UV_ARGS="--upgrade-package django".
UV_COMPILE = $(BIN)/uv pip compile --no-config --universal --python-version 3.11 --generate-hashes --quiet \
	--custom-compile-command "make requirements" $(UV_ARGS)
requirements: $(STAMP)
	$(UV_COMPILE) requirements.in -o requirements.txt
	$(UV_COMPILE) requirements-dev.in -o requirements-dev.txt

clean:
	rm -rf var staticfiles .pytest_cache

# Two commands: `make demo` serves the demo site, `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test matrix install install-test browser lint pytest-sqlite pytest-postgres load-demo clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) pyproject.toml
	$(PY) -m pip install --quiet -e ".[site]"
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet --build-constraint build-constraints.txt -e ".[site,test]"
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Quiet on purpose: the only lines printed are the demo accounts and the address.
load-demo: install
	@$(PY) manage.py migrate --noinput -v 0
	@$(PY) manage.py load_demo_data

demo: load-demo
	@echo "Serving http://127.0.0.1:8000/ (admin at /admin/)"
	@$(PY) manage.py runserver 127.0.0.1:8000

# Playwright drives the system Chromium: browser downloads are not possible everywhere.
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		if [ "$$(id -u)" = "0" ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		fi; \
	fi

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=cms.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest-sqlite: install-test browser
	$(BIN)/pytest --create-db

# Runs when the server answers; REQUIRE_POSTGRES=1 (CI) turns a missing server into a failure.
pytest-postgres: install-test browser
	@if $(PY) -c "import sys, psycopg; psycopg.connect('$(TEST_DATABASE_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		TEST_DATABASE_URL=$(TEST_DATABASE_URL) $(BIN)/pytest --create-db; \
	elif [ "$(REQUIRE_POSTGRES)" = "1" ]; then \
		echo "PostgreSQL at $(TEST_DATABASE_URL) is not reachable" >&2; exit 1; \
	else \
		echo "PostgreSQL not reachable at $(TEST_DATABASE_URL): skipping the PostgreSQL run"; \
	fi

test: lint pytest-sqlite pytest-postgres

# The whole suite on the oldest and newest supported versions (noxfile.py); each session
# has its own virtualenv under .nox/ and its own SQLite file. Interpreters come from PATH
# or pyenv (~/.pyenv/versions).
matrix: install-test browser
	$(BIN)/nox -s oldest newest

clean:
	rm -rf $(VENV) .nox .test-db.sqlite3 .test-media static

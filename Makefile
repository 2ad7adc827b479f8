# Everyday commands. `make run` starts the app with demo data; `make test` runs the suite.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000
PYTEST_ARGS ?=
LOADTEST_ARGS ?=
TEST_PG_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
TRANSLATIONS := backoffice/translations
LOCALES := de nl

# Playwright drives the Debian chromium; it must never fetch a browser of its own.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: help venv install translations-compile run test test-pg browser bench loadtest lint translations

help:
	@echo "make run           start the app on http://127.0.0.1:$(PORT) with demo data"
	@echo "make test          run the test suite on SQLite (make test-pg: on PostgreSQL)"
	@echo "make lint          ruff check and format check"
	@echo "make bench         run the benchmarks (results in bench/results/)"
	@echo "make loadtest      50 users against gunicorn for 5 minutes on PostgreSQL (LOADTEST_ARGS=--help)"
	@echo "make translations  extract messages and update the de and nl catalogues"

venv: $(VENV)/.installed

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] < (3, 11))' \
		|| { echo "Python 3.11 or newer is needed (set PYTHON=python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changed since the last install.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -r requirements-dev.txt
	touch $@

install: venv translations-compile

# The .mo files are not committed; build them from the .po files that exist (if any).
translations-compile: venv
	@if compgen -G "$(TRANSLATIONS)/*/LC_MESSAGES/*.po" >/dev/null; then \
		$(BIN)/pybabel compile -d $(TRANSLATIONS) -f; \
	fi

run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo
	@echo "Demo logins (password: demo-password):"
	@echo "  clerk@example.com        reports defects"
	@echo "  owner@example.com        owns root causes"
	@echo "  coordinator@example.com  triages"
	@echo "  admin@example.com        administers"
	@echo
	@scheduler_pid=; \
	if $(FLASK) scheduler --help >/dev/null 2>&1; then \
		$(FLASK) scheduler run & scheduler_pid=$$!; \
		trap 'kill $$scheduler_pid 2>/dev/null; wait $$scheduler_pid 2>/dev/null' EXIT; \
	else \
		echo "(no scheduler command yet: periodic jobs will not run)"; \
	fi; \
	echo "Serving on http://127.0.0.1:$(PORT)"; \
	$(BIN)/gunicorn -c gunicorn.conf.py -b 127.0.0.1:$(PORT) wsgi:app

# The browser tests need chromium; install it when we may (as root), else they skip
# (or fail when CI=true).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update && apt-get install -y chromium chromium-driver; \
		else \
			echo "chromium is missing: run 'sudo apt-get install -y chromium chromium-driver'"; \
		fi; \
	fi

test: install browser
	@echo "== tests on $${TEST_DATABASE_URL:-SQLite (a temporary file)}"
	$(BIN)/pytest $(PYTEST_ARGS)

test-pg: install browser
	@echo "== tests on PostgreSQL: $(TEST_PG_URL)"
	TEST_DATABASE_URL=$(TEST_PG_URL) $(BIN)/pytest $(PYTEST_ARGS)

bench: install
	$(BIN)/python -m bench.run

# Workers: gunicorn.conf.py (WEB_CONCURRENCY, default 2 x cores + 1).
loadtest: install
	$(BIN)/python -m bench.loadtest $(LOADTEST_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

translations: venv
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 \
		--add-comments=TRANSLATORS: --project=backoffice \
		--ignore-dirs='.* __pycache__ node_modules' \
		-o $(TRANSLATIONS)/messages.pot .
	@for locale in $(LOCALES); do \
		if [ -f $(TRANSLATIONS)/$$locale/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update -N -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l $$locale; \
		else \
			$(BIN)/pybabel init -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l $$locale; \
		fi; \
	done

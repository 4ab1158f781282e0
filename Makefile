# Portal Humas — two commands: `make run` and `make test`. Nothing else needs installing by hand.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: help run test lint html-checker bench messages clean check-python

help:
	@echo "make run    set up .venv, migrate, load demo content and start web + worker + beat"
	@echo "make test   set up .venv with the dev tools, lint and run the whole test suite"
	@echo "make bench  run the benchmarks in bench/ (BENCH_ARGS=--quick for a smoke run)"
	@echo "make messages  update locale/en from the Indonesian source strings and compile it"

check-python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || { \
		echo "Portal Humas needs Python >= 3.11; '$(PYTHON)' is $$($(PYTHON) -V 2>&1). Set PYTHON=python3.12 or newer."; \
		exit 2; }

# The stamps make a second `make run` quick: pip runs again only when pyproject.toml changes.
$(BIN)/python: | check-python
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(VENV)/.installed-run

# run_portal also makes the first superuser: its password is printed last, below the servers'
# banners. Ctrl-C ends it with status 0 (see run_portal.py for how make is kept out of it).
run: check-python $(VENV)/.installed-run
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py sync_roles
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py run_portal --port $(PORT)

lint: check-python $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The Nu HTML checker for tests/test_html_valid.py: the pinned vnu.jar, installed from npm once
# per version into ~/.cache/portal-humas/ where Java is there to run it (else the test skips).
html-checker: check-python $(VENV)/.installed-dev
	$(BIN)/python -m tests.html_checker

test: lint html-checker
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# PostgreSQL and Redis when named (DATABASE_URL of a bench* database, REDIS_URL) or found on
# 127.0.0.1, else the embedded mode; e.g. `make bench BENCH_ARGS=--quick` (docs/PERFORMANCE.md).
bench: check-python $(VENV)/.installed-dev
	$(BIN)/python -m bench $(BENCH_ARGS)

# Needs GNU gettext. Translate the new entries in locale/en/LC_MESSAGES/django.po, then run
# it again to compile; tests/test_i18n.py fails while an entry is missing or fuzzy.
I18N_IGNORE := -i .venv -i var -i tests -i bench -i deploy -i staticfiles
messages: check-python $(VENV)/.installed-dev
	$(BIN)/python manage.py makemessages -l en --no-obsolete $(I18N_IGNORE)
	$(BIN)/python manage.py compilemessages -l en -l id $(I18N_IGNORE)

clean:
	rm -rf $(VENV) var staticfiles

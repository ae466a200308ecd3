# Regionas: two commands.
#   make run   — a fresh machine with Python 3.11 → the portal at http://127.0.0.1:8000
#   make test  — the whole test suite (SQLite; PostgreSQL when DATABASE_URL points there)
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test serve install install-dev lint messages check-messages ci clean

$(PY):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements/uv.lock

$(VENV)/.base: requirements/base.lock | $(PY)
	$(UV) pip install --quiet --python $(PY) --require-hashes -r requirements/base.lock
	@touch $@

$(VENV)/.dev: requirements/dev.lock | $(PY)
	$(UV) pip install --quiet --python $(PY) --require-hashes -r requirements/dev.lock
	@touch $@ $(VENV)/.base

install: $(VENV)/.base
install-dev: $(VENV)/.dev

run: export DEBUG ?= true
run: export OTP_REQUIRED_ROLES ?=
run: export CERTIFICATE_SIGNER_NAME ?= Rūta Žemaitienė
run: export PORT := $(PORT)
run: install
	@mkdir -p var/static var/media
	$(PY) manage.py compile_translations
	$(PY) manage.py migrate --no-input
	$(PY) manage.py demo_data
	@echo ""
	@echo "Regionas is starting at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(PY) -m pytest -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(PY) -m ruff check .

messages: install-dev
	$(PY) manage.py makemessages -l lt --no-location --no-obsolete -i ".venv/*" -i "var/*"
	$(PY) manage.py makemessages -d djangojs -l lt --no-location --no-obsolete -i ".venv/*" -i "var/*" -i "static/vendor/*"

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) var/static

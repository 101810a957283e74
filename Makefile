# Two commands matter: `make run` (the portal on its embedded default) and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app portal
PORT ?= 5000

.PHONY: run test bench chromium setup assets translations extract-messages update-translations migration lint clean

run: setup
	PORTAL_ENV=development $(FLASK) db upgrade
	PORTAL_ENV=development $(FLASK) seed templates
	PORTAL_ENV=development $(FLASK) seed demo --if-empty
	PORTAL_ENV=development $(FLASK) serve --host 127.0.0.1 --port $(PORT)

test: setup $(VENV)/.test-installed chromium
	bash scripts/test.sh

setup: $(VENV)/.installed assets translations

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.test-installed: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

assets: node_modules/.installed
	node scripts/build-assets.mjs

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d portal/translations

# Debian's Chromium for the accessibility tests (browser downloads are impossible here).
chromium:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

extract-messages: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o portal/translations/messages.pot --no-location --sort-output --omit-header .

update-translations: extract-messages
	$(VENV)/bin/pybabel update -i portal/translations/messages.pot -d portal/translations --no-fuzzy-matching --ignore-obsolete -w 100

migration: $(VENV)/.installed
	PORTAL_ENV=development $(FLASK) db migrate -m "$(m)"

lint: $(VENV)/.test-installed
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) node_modules portal/static/govuk

# Public pages against a bare Flask page under the same gunicorn settings (needs Debian's wrk).
bench: setup
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(PY) bench/run.py

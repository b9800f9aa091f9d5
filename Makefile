# The two commands of the README: `make run` and `make test`. Everything they need is set up
# here from pinned requirements (requirements*.txt) and package-lock.json.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-browser setup lint check bench serve clean

setup: $(VENV)/.installed static/build/.built

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/.built: node_modules/.installed assets/scss/portal.scss
	mkdir -p static/build
	npx --no-install sass --no-source-map --load-path=node_modules --style=compressed \
		assets/scss/portal.scss static/build/portal.css
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js static/build/
	cp node_modules/plotly.js-basic-dist-min/plotly-basic.min.js static/build/
	touch $@

# Serves the portal with the demo data on the embedded SQLite default (or DATABASE_URL).
run: setup
	DEBUG=$${DEBUG:-on} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-on} $(PY) manage.py load_demo --with-users
	@echo "Portal: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	DEBUG=$${DEBUG:-on} $(PY) manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

check: setup
	DEBUG=on $(PY) manage.py check
	DEBUG=on $(PY) manage.py makemigrations --check --dry-run

# The whole suite, on DATABASE_URL when set (CI sets PostgreSQL), SQLite otherwise; the
# browser tests run last, on their own, so their summary and screenshots folder stand out.
test: setup lint check
	$(PY) -m pytest -n 2 -p no:cacheprovider -m "not browser"
	$(MAKE) --no-print-directory test-browser

# Journeys and WCAG 2.2 AA checks in headless Chromium (Debian's /usr/bin/chromium, driven
# by Playwright; axe-core from node_modules). Skipped without Chromium, except in CI.
# Screenshots of each journey's last page: test-artifacts/browser/.
test-browser: setup
	$(PY) -m pytest -n 2 -p no:cacheprovider -m browser tests/browser

# Speed figures: every bench/bench_*.py prints `BENCH <name> <value> <unit>` lines.
bench: setup
	@set -e; for script in bench/bench_*.py; do \
		[ -e "$$script" ] || continue; \
		echo "# $$script"; $(PY) "$$script"; \
	done

clean:
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3

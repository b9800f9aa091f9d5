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
	# portal.css refers to GOV.UK Frontend's images; collectstatic (DEBUG off) needs them.
	cp -R node_modules/govuk-frontend/dist/govuk/assets/images static/build/
	touch $@

# Serves the portal with the demo data on the embedded SQLite default (or DATABASE_URL), with
# one task worker beside the web server (PDF renders, large imports); stopping `make run`
# stops both.
run: setup
	DEBUG=$${DEBUG:-on} $(PY) manage.py migrate --noinput
	DEBUG=$${DEBUG:-on} $(PY) manage.py load_demo --with-users
	@echo "Portal: http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@export DEBUG=$${DEBUG:-on}; \
	$(PY) manage.py db_worker --verbosity 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST):$(PORT)

# Production-like on this machine: gunicorn (gunicorn.conf.py) with DEBUG off on PostgreSQL
# (DATABASE_URL, by default the local pcc_portal database, created if missing), after migrate,
# collectstatic and the demo data; one task worker runs beside gunicorn and stops with it.
# Plain http on $(HOST):$(PORT), so the https-only settings are relaxed here by variables;
# production sets none of them (README "Deployment").
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/pcc_portal

serve: setup
	@set -e; \
	export DEBUG=off DATABASE_URL="$${DATABASE_URL:-$(SERVE_DATABASE_URL)}" \
		SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
		ALLOWED_HOSTS="$${ALLOWED_HOSTS:-$(HOST),localhost}" \
		SECURE_SSL_REDIRECT="$${SECURE_SSL_REDIRECT:-off}" SECURE_COOKIES="$${SECURE_COOKIES:-off}" \
		SECURE_HSTS_SECONDS="$${SECURE_HSTS_SECONDS:-0}"; \
	$(PY) manage.py create_database; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py collectstatic --noinput --verbosity 0; \
	$(PY) manage.py load_demo $${DEMO_PASSWORD:+--with-users}; \
	echo "Portal (gunicorn, DEBUG off, $$DATABASE_URL): http://$(HOST):$(PORT)/"; \
	$(PY) manage.py db_worker --verbosity 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(VENV)/bin/gunicorn --config gunicorn.conf.py --bind $(HOST):$(PORT)

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

# Every test marked `browser`: the journeys and WCAG 2.2 AA checks of tests/browser in headless
# Chromium (Debian's /usr/bin/chromium, driven by Playwright; axe-core from node_modules), and
# any other app's browser test. Skipped without Chromium, except in CI.
test-browser: setup
	$(PY) -m pytest -n 2 -p no:cacheprovider -m browser
	@echo "Screenshots of each journey and axe-core results per page: test-artifacts/browser/"

# Speed figures: every bench/bench_*.py prints `BENCH <name> <value> <unit>` lines.
bench: setup
	@set -e; for script in bench/bench_*.py; do \
		[ -e "$$script" ] || continue; \
		echo "# $$script"; $(PY) "$$script"; \
	done

clean:
	rm -rf $(VENV) node_modules static/build staticfiles db.sqlite3

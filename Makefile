# evalsite: `make run` serves the demo site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
AXE := node_modules/axe-core/axe.min.js

.PHONY: install run serve test lint format bench messages

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

# axe-core (accessibility checks in the browser tests) comes from npm when npm is here.
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --silent; \
	else echo "npm not found: browser accessibility checks will be skipped"; fi

install: $(VENV)/.installed

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Production-like: DEBUG off, hashed static files, gunicorn. Needs DJANGO_SECRET_KEY
# (and DJANGO_ALLOWED_HOSTS); DJANGO_SECURE_SSL_REDIRECT=false to try it without TLS.
serve: export DJANGO_DEBUG = false
serve: export DJANGO_ALLOWED_HOSTS ?= 127.0.0.1,localhost
serve: install
	$(PY) manage.py check --deploy
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput
	$(VENV)/bin/gunicorn -c gunicorn.conf.py --bind 127.0.0.1:$(PORT)

test: install $(AXE)
	$(PY) -m pytest

# The province-scale benchmark (not part of `make test`): needs DATABASE_URL to
# PostgreSQL and wrk (apt-get install wrk); REDIS_URL for the cached run.
bench: install
	$(PY) bench/run.py

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	$(PY) manage.py makemessages --locale zh_Hans --ignore ".venv/*" --ignore "node_modules/*"
	$(PY) manage.py compilemessages --locale zh_Hans

# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run demo-reset test test-fast test-browser lint imports check-deploy install install-test clean-venv bench lock

$(BIN)/activate:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found: install Python 3.11 (see README)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Installs exactly what the lock files name, each file checked against its SHA-256
# (pip --require-hashes), then the project itself without resolving anything again.
# `make lock` rewrites both lock files from pyproject.toml's pins.
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements-test.lock | $(BIN)/activate
	$(PY) -m pip install --quiet --require-hashes -r requirements-test.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# A local development .env with fresh random keys, created once and never committed.
.env: | $(BIN)/activate
	@echo "Creating .env with a new SECRET_KEY and encryption key (local development only)"
	@{ \
	  echo "# Local development settings, made by 'make run'. Never commit this file."; \
	  echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
	  echo "AUDIT_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))')"; \
	  echo "ENCRYPTION_KEYS=$$($(PY) -c 'import base64, secrets; print("kdev" + secrets.token_hex(3) + ":" + base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())')"; \
	  echo "# Served over plain HTTP on this machine only."; \
	  echo "HTTPS=off"; \
	} > .env
	@chmod 600 .env

run: $(VENV)/.installed .env
	@mkdir -p data
	@grep -q '^AUDIT_KEY=.' .env || { echo "Adding an AUDIT_KEY to .env"; echo "AUDIT_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))')" >> .env; }
	$(PY) manage.py migrate_all
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py seed_demo
	@echo "Serving on http://localhost:$(PORT)/ with a background worker (Ctrl-C stops both)"
	@trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py db_worker --queue-name default & worker=$$!; \
	$(BIN)/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers 2 --access-logfile - --logger-class practice.access_log.RedactingLogger --forwarded-allow-ips=""

# Wipe the demo database (refused if it holds any account that is not a demo account),
# then start as `make run` does, with a new demo practice.
demo-reset: $(VENV)/.installed .env
	$(PY) manage.py demo_reset
	@$(MAKE) --no-print-directory run HOST=$(HOST) PORT=$(PORT)

# Each test target first names any missing Debian package (.ci/system_packages, the one list).
test: $(VENV)/.installed-test
	@bash .ci/system_packages check
	$(PY) -m pytest -n 2 --dist loadgroup $(PYTEST_ARGS)

test-fast: $(VENV)/.installed-test
	@bash .ci/system_packages check --no-browser
	$(PY) -m pytest -n 2 -m "not browser" $(PYTEST_ARGS)

test-browser: $(VENV)/.installed-test
	@bash .ci/system_packages check
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The import graph: the apps import one way only (import-linter's layers contract in
# pyproject.toml), and no module imports another round a circle, deferred imports included.
imports: $(VENV)/.installed-test
	$(BIN)/lint-imports
	$(PY) .ci/import_cycles.py

# The benchmark (not part of CI): seeds PostgreSQL, serves with gunicorn, drives wrk and
# writes bench/results/ and docs/performance.md. SCALE=small (default, minutes) or full.
SCALE ?= small
bench: $(VENV)/.installed-test
	@command -v wrk >/dev/null 2>&1 || { echo "wrk not found: install the Debian package 'wrk'"; exit 1; }
	$(PY) -m bench.run --scale $(SCALE) $(BENCH_ARGS)

# Rewrites requirements.lock and requirements-test.lock (every package pinned, with the
# SHA-256 of each file) from the pins in pyproject.toml. pip-tools runs in a throwaway
# environment, so it is never a dependency of the app.
LOCK_FLAGS := --quiet --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url --no-emit-find-links
lock:
	rm -rf $(VENV)-lock && $(PYTHON) -m venv $(VENV)-lock
	$(VENV)-lock/bin/python -m pip install --quiet pip-tools==7.6.2
	$(VENV)-lock/bin/pip-compile $(LOCK_FLAGS) -o requirements.lock pyproject.toml
	$(VENV)-lock/bin/pip-compile $(LOCK_FLAGS) --extra test -o requirements-test.lock pyproject.toml
	rm -rf $(VENV)-lock

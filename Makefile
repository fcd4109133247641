# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app signalen
HOST ?= 127.0.0.1
PORT ?= 5000
AUDIT_FLAGS ?=

.PHONY: run test bench lint audit format install install-dev clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The scheduler and the task worker run once each beside the web server;
# Ctrl+C (or the end of the server) stops both.
run: install
	$(FLASK) setup
	@$(FLASK) info --host $(HOST) --port $(PORT)
	@$(FLASK) scheduler run & sched=$$!; \
	$(FLASK) worker & work=$$!; \
	trap 'kill $$sched $$work 2>/dev/null; wait $$sched $$work 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT) --no-reload

# System packages the tests need (Chromium, LibreOffice, the PostgreSQL client):
# the same script CI runs; it installs with apt-get as root, or says what to run.
test: install-dev
	PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 bash .ci/install-system-deps
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python -m pytest -q

bench: install-dev
	$(BIN)/python bench/run.py

lint: install-dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy

# Known vulnerabilities in the installed dependencies, from PyPI's advisories.
# The exact installed versions are audited (not the project itself). --strict:
# a package that cannot be checked (PyPI unreachable) fails the audit loudly.
# AUDIT_FLAGS="-s osv" asks OSV instead of PyPI.
audit: install-dev
	$(BIN)/python -m pip install --quiet "pip-audit>=2.7"
	$(BIN)/python -m pip freeze --exclude-editable > $(VENV)/audit-requirements.txt
	$(BIN)/pip-audit --strict --no-deps --disable-pip --progress-spinner off \
		$(AUDIT_FLAGS) -r $(VENV)/audit-requirements.txt \
		|| { echo "make audit: FAILED: a known vulnerability (table above) or a" \
		"package that could not be checked (is PyPI reachable?)" >&2; exit 1; }

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

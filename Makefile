# `make run` sets up and starts the app; `make test` sets up and runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
ADDRESS ?= 127.0.0.1

.PHONY: run test lint validate browser clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements-dev.txt $(VENV)/.app-installed
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

# Listens on this machine only; `make run ADDRESS=0.0.0.0` (behind a proxy, see README "Deployment") exposes it.
run: $(VENV)/.app-installed
	$(PY) -m streamlit run app.py --server.port $(PORT) --server.address $(ADDRESS)

# Debian's Chromium drives the real-browser tests (Playwright's own browser download does not work here).
browser:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing Debian's chromium for the browser tests..."; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "No /usr/bin/chromium and no root apt-get: browser tests will skip (install Debian's 'chromium' package to run them)."; fi

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .

validate: $(VENV)/.app-installed
	$(PY) -m evidence validate

test: $(VENV)/.dev-installed browser
	$(VENV)/bin/ruff check .
	$(PY) -m evidence validate
	$(PY) -m pytest

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts

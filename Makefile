# Two commands for a fresh machine with Python 3.11+: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501

.PHONY: setup system run test lint bench

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

# Chromium (chart images, PDF, browser tests), Thai fonts, pdftotext, and PostgreSQL and nginx (the
# throw-away servers of the multi-server tests), from Debian's packages.
system:
	bash scripts/install-system.sh

# Demo mode: anyone may view; the demo loader creates the demo analyst and prints how to sign in.
run: setup
	PRAMERN_DEMO=1 $(BIN)/python -m analytics demo
	PRAMERN_DEMO=1 $(BIN)/python -m ui.serve app.py --server.port $(PORT) --server.address localhost

lint: setup
	$(BIN)/ruff check analytics pages tests ui app.py
	$(BIN)/mypy analytics

test: setup system lint
	$(BIN)/pytest -q -p no:cacheprovider

bench: setup
	$(BIN)/python -m analytics bench

# mmwidgets: serve, test and measure.
#
#   make serve   serve workbooks/ with Voila on http://127.0.0.1:$(MM_PORT)/ (template "mm", voila.json)
#   make test    unit tests, browser tests (Debian Chromium) and nbval over workbooks/
#   make bench   bench/run.py -> bench/results.md and bench/results.json
#   make clean   remove caches, test output and the copied plotly.min.js (keeps .venv)
#
# Variables: MM_PORT (8866), MM_DATA_DIR (the data folder; `make serve` respects it,
# tests always use a throw-away one), PYTHON (python3, used to create .venv),
# TESTS (what pytest runs, default tests/), PYTEST_ARGS (extra pytest arguments),
# e.g. `make test-unit TESTS=tests/browser/test_serving.py PYTEST_ARGS="-x -q"`.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MM_PORT ?= 8866
TESTS ?= tests/
PYTEST_ARGS ?=

STAMP := $(VENV)/.mm-installed
TEMPLATE_STATIC := share/jupyter/voila/templates/mm/static
PLOTLY_JS := $(TEMPLATE_STATIC)/plotly.min.js
# The one Voila command line (also used by tests/browser/conftest.py and bench/run.py).
VOILA_SERVER := bench/voila_server.py

.PHONY: help setup serve test test-unit test-notebooks bench clean

help:
	@sed -n '2,12p' Makefile | sed 's/^# \{0,1\}//'

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when pyproject.toml changed (or the venv is new).
$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# plotly.js served by Voila as a cacheable static file (gitignored; copied from the plotly package).
$(PLOTLY_JS): $(STAMP)
	$(PY) -c 'import sys; sys.path.insert(0, "bench"); import voila_server; print("plotly.js:", voila_server.ensure_plotly_js())'
	@touch $@

setup: $(STAMP) $(PLOTLY_JS)

serve: setup
	$(PY) $(VOILA_SERVER) --port $(MM_PORT)

# Both parts always run; the target fails if either failed.
test: setup
	@start=$$(date +%s); rc=0; \
	$(MAKE) --no-print-directory test-unit || rc=1; \
	$(MAKE) --no-print-directory test-notebooks || rc=1; \
	echo "make test: $$(( $$(date +%s) - start )) s, $$([ $$rc = 0 ] && echo passed || echo FAILED)"; exit $$rc

# pytest over tests/ (browser tests included; they start their own Voila).
test-unit: setup
	$(PY) -m pytest $(TESTS) $(PYTEST_ARGS)

# Every workbook runs top to bottom (cells are committed without outputs, so nothing is compared).
test-notebooks: setup
	@if ls workbooks/*.ipynb >/dev/null 2>&1; then \
	  data=$$(mktemp -d); trap 'rm -rf "$$data"' EXIT; \
	  echo "nbval over workbooks/ (MM_DATA_DIR=$$data)"; \
	  env -u MM_DATABASE_URL MM_DATA_DIR="$$data" $(PY) -m pytest -p no:cacheprovider --nbval-lax --nbval-current-env workbooks/; \
	else \
	  echo "no workbooks/*.ipynb yet: nothing for nbval"; \
	fi

bench: setup
	$(PY) -m bench.run

clean:
	rm -rf .pytest_cache test-results bench/results/*.tmp $(PLOTLY_JS)
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -print0 | xargs -0 rm -rf

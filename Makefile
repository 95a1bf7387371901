# mmwidgets: serve, test and measure.
#
#   make serve        serve workbooks/ with Voila on http://127.0.0.1:$(MM_PORT)/ (mmwidgets serve)
#   make hub          a team pilot on http://127.0.0.1:$(MM_HUB_PORT)/: PostgreSQL 15, JupyterHub, a Voila per coach (deploy/)
#   make lab          open workbooks/ in JupyterLab with the mm styles (mmwidgets lab, port $(MM_LAB_PORT))
#   make test         unit tests, browser tests (Debian Chromium) and nbval over workbooks/
#   make screenshots  run the browser tests, refreshing docs/screenshots/ (tests alone write test-results/)
#   make bench        bench/run.py -> bench/results.md and bench/results.json
#   make clean        remove caches, test output and the copied plotly.min.js (keeps .venv)
#   make lock         refresh requirements/lock.txt after a change to pyproject.toml (keeps today's pins)
#   make lock-upgrade the same, moving every pin to the newest version pyproject.toml allows
# `make test` and `make serve` first install missing Debian packages (chromium, fonts, postgresql-15)
# when allowed (root or password-less sudo), else stop with the command to run.
# Every target that needs Python creates .venv and installs it from requirements/lock.txt (hashed).
# Variables: MM_PORT (8866), MM_LAB_PORT (8888), MM_DATA_DIR (the data folder; serve/lab respect it,
# tests always use a throw-away one), PYTHON (python3, creates .venv), TESTS (default tests/),
# PYTEST_ARGS, e.g. `make test-unit TESTS=tests/browser/test_serving.py PYTEST_ARGS="-x -q"`, TEST_WORKERS (2).

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
MM_PORT ?= 8866
MM_LAB_PORT ?= 8888
TESTS ?= tests/
PYTEST_ARGS ?=

STAMP := $(VENV)/.mm-installed
TEMPLATE_STATIC := share/jupyter/voila/templates/mm/static
PLOTLY_JS := $(TEMPLATE_STATIC)/plotly.min.js
# Debian packages the tests and the PDF need (installed when missing and allowed).
SYSTEM_PACKAGES := tools/ensure-system-packages

.PHONY: help setup system-packages serve hub lab test test-unit test-notebooks screenshots bench clean lock lock-upgrade

help:
	@sed -n '2,/^$$/{/^#/p}' Makefile | sed 's/^# \{0,1\}//'

$(PY):
	$(PYTHON) -m venv $(VENV)

# Installs are reproducible: every package `make test` needs (the runtime dependencies, the test
# extra and the build backend) comes from requirements/lock.txt at its exact version, each file
# checked against its sha256 (--require-hashes); then the project itself, without resolving anything.
# Why pip-tools (`pip-compile --generate-hashes`) and not uv: it is the pip we already use (no
# other binary to fetch on a fresh machine), its lock is a plain requirements file pip installs,
# and it honours pip's configuration (mirrors) without writing it into the lock. See docs/architecture.md.
LOCK := requirements/lock.txt
PIP_COMPILE_FLAGS := --quiet --generate-hashes --allow-unsafe --strip-extras --extra test \
	--build-deps-for editable --no-emit-index-url --no-emit-find-links --no-emit-trusted-host

# Reinstall only when pyproject.toml or the lock changed (or the venv is new).
$(STAMP): pyproject.toml $(LOCK) | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# pip-compile keeps the pins already in the lock and adds what pyproject.toml newly asks for;
# lock-upgrade moves every pin to the newest allowed version (then run `make test`).
lock: | $(PY)
	$(PY) -m pip install --quiet 'pip-tools>=7.4,<8'
	$(PY) -m piptools compile $(PIP_COMPILE_FLAGS) --output-file $(LOCK) pyproject.toml

lock-upgrade: | $(PY)
	$(PY) -m pip install --quiet 'pip-tools>=7.4,<8'
	$(PY) -m piptools compile $(PIP_COMPILE_FLAGS) --upgrade --output-file $(LOCK) pyproject.toml

# plotly.js served by Voila as a cacheable static file (gitignored; copied from the plotly package).
$(PLOTLY_JS): $(STAMP)
	$(PY) -c 'from mmwidgets.serving.plotly_js import ensure_plotly_js; print("plotly.js:", ensure_plotly_js())'
	@touch $@

setup: $(STAMP) $(PLOTLY_JS)

system-packages:
	@$(SYSTEM_PACKAGES) test

# The one way to serve (tests/browser/conftest.py and bench/run.py start the same command line).
serve:
	@$(SYSTEM_PACKAGES) serve
	@$(MAKE) --no-print-directory setup
	$(PY) -m mmwidgets serve --port $(MM_PORT)

# The team stack on this machine (mmwidgets.serving.hub_pilot): PostgreSQL in .mm-data/hub/pg,
# configurable-http-proxy from npm into .cache/hub, JupyterHub with deploy/jupyterhub_config.py.
MM_HUB_PORT ?= 8000
hub:
	@$(SYSTEM_PACKAGES) serve
	@$(MAKE) --no-print-directory setup
	$(PY) -m mmwidgets.serving.hub_pilot --port $(MM_HUB_PORT)

lab: setup
	$(PY) -m mmwidgets lab --port $(MM_LAB_PORT)

# Both parts always run; the target fails if either failed. In CI it also fails when the tests
# left a file in the checkout that git would see (tests write only under test-results/ and /tmp).
test: system-packages
	@$(MAKE) --no-print-directory setup
	@start=$$(date +%s); rc=0; \
	before=$$(git status --porcelain 2>/dev/null); \
	$(MAKE) --no-print-directory test-unit || rc=1; \
	$(MAKE) --no-print-directory test-notebooks || rc=1; \
	after=$$(git status --porcelain 2>/dev/null); \
	if [ -n "$$CI" ] && [ "$$before" != "$$after" ]; then \
	  echo "make test: the tests changed the checkout:"; diff <(echo "$$before") <(echo "$$after") || true; rc=1; \
	fi; \
	echo "make test: $$(( $$(date +%s) - start )) s, $$([ $$rc = 0 ] && echo passed || echo FAILED)"; exit $$rc

# pytest over tests/ (browser tests included; they start their own Voila). The whole suite runs in two
# parts, each on TEST_WORKERS processes (pytest-xdist; a file stays on one worker, so its module
# fixtures start once; each worker has its own throw-away data folder, PostgreSQL cluster, Voila and
# Chromium): the tests outside tests/browser, then the browser tests (the two files that start a whole
# stack run one after the other: tests/browser/conftest.py). The slowest tests are listed at the end,
# to see where CI's time goes. A chosen TESTS runs in one process.
TEST_WORKERS ?= 2
test-unit: setup
	@rc=0; \
	if [ "$(TESTS)" = "tests/" ]; then \
	  $(PY) -m pytest tests --ignore=tests/browser -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS) || rc=1; \
	  $(PY) -m pytest tests/browser -n $(TEST_WORKERS) --dist loadgroup --durations=10 $(PYTEST_ARGS) || rc=1; \
	else \
	  $(PY) -m pytest $(TESTS) $(PYTEST_ARGS) || rc=1; \
	fi; exit $$rc

# Every workbook runs top to bottom (cells are committed without outputs, so nothing is compared), two
# at a time on one data folder, as two coaches' kernels starting at once.
test-notebooks: setup
	@if ls workbooks/*.ipynb >/dev/null 2>&1; then \
	  data=$$(mktemp -d); trap 'rm -rf "$$data"' EXIT; \
	  echo "nbval over workbooks/ (MM_DATA_DIR=$$data)"; \
	  env -u MM_DATABASE_URL MM_DATA_DIR="$$data" $(PY) -m pytest -p no:cacheprovider --nbval-lax --nbval-current-env -n $(TEST_WORKERS) workbooks/; \
	else \
	  echo "no workbooks/*.ipynb yet: nothing for nbval"; \
	fi

# Browser tests write screenshots to test-results/screenshots; this refreshes the README's ones.
screenshots: system-packages setup
	MM_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots $(PY) -m pytest tests/browser $(PYTEST_ARGS)

bench: setup
	$(PY) -m bench.run

clean:
	rm -rf .pytest_cache test-results bench/results/*.tmp $(PLOTLY_JS)
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf
	find . -path ./$(VENV) -prune -o -name .ipynb_checkpoints -type d -print0 | xargs -0 rm -rf

# The two commands: `make run` serves the demo site (and runs the scheduler and a
# task worker beside it), `make test` runs the suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test bench load venv lint format clean upgrade audit

venv: $(VENV)/.installed

# The lock files pin every package with its hashes; pip refuses anything else.
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements-dev.txt
	touch $@

# Resolve requirements.in and requirements-dev.in to their latest releases and
# rewrite both lock files, with hashes (pip-compile, from pip-tools), then install.
PIP_COMPILE := $(BIN)/pip-compile --quiet --upgrade --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-index-url --no-emit-find-links
upgrade: venv
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes \
		-r requirements-dev.txt
	touch $(VENV)/.installed
	@echo "Lock files rewritten: review 'git diff requirements*.txt', then run make test."

# Known vulnerabilities in the locked packages (pip-audit, PyPI's advisory data);
# says plainly, and fails, when that data cannot be reached (tools/audit.py).
audit: venv
	$(BIN)/python tools/audit.py

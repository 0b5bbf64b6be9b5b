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

run: venv
	mkdir -p var
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo
	@echo "Vetted is running at http://$(HOST):$(PORT)/  (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Demo accounts (password: $${DEMO_PASSWORD:-vetted-demo-2026}):"
	@echo "  editor     writes and submits articles"
	@echo "  reviewer   medical reviewer (also: reviewer2)"
	@echo "  chief      chief editor: assigns, publishes, withdraws"
	@echo "  moderator  triages reader feedback"
	@echo "  admin      superuser"
	@echo
	@echo "The scheduler (manage.py run_scheduler) runs beside the server: scheduled"
	@echo "publications go live within a minute of their time; daily jobs run once a day."
	@echo "A worker (manage.py db_worker) sends the e-mail and runs the registry checks."
	@echo
# One shell for all three, so that the trap stops the scheduler and the worker
# however runserver ends.
	@DEBUG=1 $(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	DEBUG=1 $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$scheduler $$worker 2>/dev/null; wait $$scheduler $$worker' EXIT; \
	trap 'exit 130' INT TERM; \
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Not part of `make test`: generates a corpus (default 10,000 articles) in its own
# database, starts gunicorn and nginx on 127.0.0.1 and prints one table.
# Options: make bench BENCH_ARGS="--articles 2000 --duration 5"
bench: venv
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# Not part of `make test`: 64 concurrent readers and a feedback flood against
# gunicorn on 127.0.0.1 for 20 s; prints req/s, latency percentiles, errors, and
# checks that the reports written match those accepted.
# Options: make load LOAD_ARGS="--duration 60 --readers 128"
load: venv
	$(BIN)/python bench/load.py $(LOAD_ARGS)

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) var/static

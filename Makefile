# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make demo   crawl the bundled sample over loopback into data/deals.db and serve it on 127.0.0.1:8001
#   make test   run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint run serve install clean bench

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/scraper demo

# The typing and lint gate: ruff and mypy over scraper/ (configured in pyproject.toml).
lint: install
	$(BIN)/ruff check scraper
	$(BIN)/mypy

# Two workers: half the suite waits on loopback servers and subprocesses, so they overlap well even on 2 cores.
test: lint
	$(BIN)/python -m pytest -q -n 2

run: install
	$(BIN)/scraper run

serve: install
	$(BIN)/scraper serve

clean:
	rm -rf $(VENV) data/deals.db data/deals.db-wal data/deals.db-shm data/archive

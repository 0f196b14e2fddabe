# Two entry points a new user needs: `make demo` and `make test` (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

.PHONY: setup sysdeps demo test test-fast test-postgres lint bench
setup: $(STAMP)

# Score, check and publish the bundled example, then serve the web app on SQLite with demo data.
demo: $(STAMP)
	$(BIN)/jixiao score examples/pingshan-2021-zhaoshang.yaml
	-$(BIN)/jixiao check --no-english examples/pingshan-2021-zhaoshang.yaml
	$(BIN)/jixiao report examples/pingshan-2021-zhaoshang.yaml -o out --format docx,html,xlsx
	$(BIN)/jixiao serve --demo --data-dir data

# The whole suite on SQLite, then the database-backed web tests again on PostgreSQL.
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
sysdeps:
	@scripts/install-system-deps.sh

test: $(STAMP) sysdeps
	$(BIN)/pytest -n 2 -q
	@if [ -d tests/web ]; then DATABASE_URL=$(PG_URL) $(BIN)/pytest -q tests/web -m "not browser"; fi

test-fast: $(STAMP)
	$(BIN)/pytest -n 2 -q -m "not slow and not browser"

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src/jixiao
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/score.py

test-postgres: $(STAMP)
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q tests/web -m "not browser"

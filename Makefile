# Two entry points a new user needs: `make demo` and `make test` (see README).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Debian ships venv's ensurepip separately (python3-venv): installed first when root.
$(STAMP): pyproject.toml
	@$(PY) -c 'import ensurepip' 2>/dev/null || scripts/install-system-deps.sh venv
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	@echo "installing jixiao and its Python packages into $(VENV) (a few minutes the first time)"
	$(BIN)/pip install --progress-bar off -e '.[test]' | grep --line-buffered -E '^(Collecting|Successfully)' || true
	@$(BIN)/python -c 'import jixiao' || { echo "pip install failed: run $(BIN)/pip install -e .[test] to see why"; exit 1; }
	touch $(STAMP)

.PHONY: setup sysdeps fonts demo test test-fast test-postgres lint bench
setup: $(STAMP)

# The Debian packages the tests use (as root; otherwise it lists what is missing).
sysdeps:
	@scripts/install-system-deps.sh

# Only the CJK fonts the charts and PDFs need (what `make demo` installs before it draws).
fonts:
	@scripts/install-system-deps.sh fonts

# Score, check and publish the bundled example, then serve the web app on SQLite with demo data.
demo: $(STAMP) fonts
	@BIN=$(BIN) scripts/demo.sh

# The whole suite on SQLite, then the database-backed web tests again on PostgreSQL: the server
# in DATABASE_URL if set, else a throwaway one the script starts (scripts/with_postgres.py).
test: $(STAMP) sysdeps
	$(BIN)/pytest -n 2 -q
	@$(BIN)/python scripts/with_postgres.py $(BIN)/pytest -n 2 -q tests/web -m "not browser"

test-fast: $(STAMP)
	$(BIN)/pytest -n 2 -q -m "not slow and not browser"

test-postgres: $(STAMP)
	@$(BIN)/python scripts/with_postgres.py $(BIN)/pytest -n 2 -q tests/web -m "not browser"

# ruff, mypy, and the layer contracts of [tool.importlinter] in pyproject.toml
lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src/jixiao
	$(BIN)/lint-imports

bench: $(STAMP)
	$(BIN)/python benchmarks/score.py

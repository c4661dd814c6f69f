# Two promised commands: `make demo` and `make test`. Each creates .venv when missing and
# reinstalls only when pyproject.toml changed (the stamp files record the last install).
# `make check` lints (ruff), type-checks (mypy) and checks the layer contracts (import-linter,
# contracts in pyproject.toml); `make test` runs it first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test

.PHONY: demo test check install clean

demo: $(RUN_STAMP)
	$(BIN)/spbe-tui demo

# One worker per core: the randomized model tests dominate and split into shares.
test: check
	$(BIN)/python -m pytest -n auto

check: $(TEST_STAMP)
	$(BIN)/ruff check spbe_tui tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

install: $(RUN_STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "spbe-tui needs Python 3.11 or newer (set PYTHON=python3.x)"; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@ $(RUN_STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .mypy_cache .ruff_cache .import_linter_cache

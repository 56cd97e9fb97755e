# Översyn — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format schema bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@for f in examples/*.yaml; do $(VENV)/bin/oversyn analyze $$f || exit 1; done

test: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src/oversyn/core
	$(PY) -m pytest

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/mypy src/oversyn/core

format: $(STAMP)
	$(VENV)/bin/ruff format src tests
	$(VENV)/bin/ruff check --fix src tests

schema: $(STAMP)
	$(VENV)/bin/oversyn schema > schema/case.schema.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

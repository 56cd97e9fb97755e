# Översyn — the two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
STAMP  := $(VENV)/.installed

.PHONY: demo test lint format schema bench clean sysdeps install

# Debian packages listed in requirements-apt.txt (Graphviz, Chromium, …), installed when missing.
APT_PKGS := $(shell grep -v '^\s*\#' requirements-apt.txt | awk '{print $$1}' | grep -v '^$$')
sysdeps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install$$missing"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[test]"
	touch $(STAMP)

# The compiled message catalogues (django.mo) are build products, not in git: compiled from
# their .po with gettext's msgfmt (requirements-apt.txt) at install, and again when a .po
# changed. A wheel (`pip install .`, deploy/Containerfile) compiles its own (setup.py).
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard src/oversyn/*/locale/*/LC_MESSAGES/*.po))
%.mo: %.po | sysdeps
	msgfmt --check -o $@ $<

install: $(STAMP) $(CATALOGUES)

demo: sysdeps $(STAMP) $(CATALOGUES)
	$(VENV)/bin/oversyn-manage demo   # migrate SQLite, load examples/*.yaml, create demo users, print the login, serve 127.0.0.1:8000

# PostgreSQL for the model/service tests: the machine's server (trust auth), or set PG_URL.
PG_URL ?= postgres://postgres@127.0.0.1:5432/oversyn_web

# The OpenID provider the SSO browser test logs in against (npm oidc-provider, from its lock file).
OIDC_DIR := tests/web/accounts/oidc
$(OIDC_DIR)/node_modules/.installed: $(OIDC_DIR)/package-lock.json
	cd $(OIDC_DIR) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# One test process per core (pytest-xdist); a test file stays on one process, so its
# module fixtures (Chromium, Spark, a live server) start once.  PYTEST_PARALLEL= runs serially.
PYTEST_PARALLEL ?= -n auto --dist loadfile

test: sysdeps $(STAMP) $(CATALOGUES) $(OIDC_DIR)/node_modules/.installed
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/mypy src/oversyn/core
	$(PY) -m pytest $(PYTEST_PARALLEL)
	# the same web tests on PostgreSQL; the whole-API fuzz (schemathesis) ran once above
	DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_PARALLEL) tests/web -m "not browser and not apifuzz" -q

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

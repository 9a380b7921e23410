# One command runner for people, the README and CI.
# `make run`  installs what the app needs and runs it on the bundled sample (or on $VAWG_STORE).
# `make serve` runs the app for the public: $WORKERS Streamlit workers behind Debian's HAProxy on $PORT.
# `make test` installs what the tests need (Python packages, Debian's chromium and haproxy) and runs every tier.
# `make check` lints, checks formatting and checks the import contracts in pyproject.toml (seconds).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SHARED ?= ../shared/data

.PHONY: run serve test check check-deploy test-fast ingest-real sample chromium haproxy bench bench-load clean

$(VENV)/.installed-app: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt $(VENV)/.installed-app
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

haproxy:
	@{ command -v haproxy || test -x /usr/sbin/haproxy; } >/dev/null 2>&1 || { \
	  echo "Installing Debian's haproxy for make serve"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq haproxy >/dev/null; }

run: $(VENV)/.installed-app
	$(PY) -m streamlit run dashboard/app.py

# WORKERS (default: one per core), PORT (8501), BIND (127.0.0.1; 0.0.0.0 to serve a network) and VAWG_STORE
# are read by `python -m serve` itself; see `python -m serve --help`.
serve: $(VENV)/.installed-app haproxy
	$(PY) -m serve

E2E_REAL_STORE := data/build/e2e-real.duckdb

# Fast tiers in parallel on both cores; then the browser tier, also on both cores, one test file per
# pytest worker (module fixtures, such as the balancer's serve run, stay in one worker; each worker runs
# its own app server and Chromium).
# With the real extracts beside the project, the browser tier runs on a store built from them plus the
# bundled illustrative pilot and release files (labelled as such); on a bare clone, on the sample.
test: $(VENV)/.installed-dev chromium haproxy
	$(PY) -m pytest -n 2 tests/unit tests/app tests/integration tests/deploy
	@if [ -d "$(SHARED)" ]; then \
	  echo "Browser tier on a store built from $(SHARED) and the illustrative pilot and release files"; \
	  $(PY) -m dashboard ingest --source $(SHARED) --source data/sample/bus_shelter_pilot \
	    --source data/sample/female_homicide --store $(E2E_REAL_STORE) > /dev/null && \
	  E2E_STORE=$(E2E_REAL_STORE) $(PY) -m pytest -n 2 --dist loadfile tests/e2e; \
	else \
	  $(PY) -m pytest -n 2 --dist loadfile tests/e2e; \
	fi

# Lint, formatting and the import contracts; CI runs it before the tests.
check: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# The deployment files, offline: Kubernetes manifests against the schemas kubernetes-validate bundles,
# and the Dockerfile read statically (no Docker engine or cluster needed). See docs/DEPLOY.md.
check-deploy: $(VENV)/.installed-dev
	$(PY) -m pytest tests/deploy -q

test-fast: $(VENV)/.installed-dev
	$(PY) -m pytest tests/unit tests/app

ingest-real: $(VENV)/.installed-app
	$(PY) -m dashboard ingest --source $(SHARED)

sample: $(VENV)/.installed-app
	$(PY) -m tools.sample_data

clean:
	rm -rf data/build test-artifacts .pytest_cache

bench: $(VENV)/.installed-app
	$(PY) -m benchmarks

# The load benchmark (Locust speaking Streamlit's websocket protocol) against `python -m serve`: press day,
# per view against a bare reference page, and 1-vs-2-worker scaling; reports in test-artifacts/load/.
# Store: $VAWG_STORE if set; else, with the real extracts beside the project, the browser tier's store,
# rebuilt from them plus the illustrative pilot and release files as `make test` does (about a minute; a
# store from older code can lack what the pages now read); else the sample store.
# LOAD_ARGS passes flags, e.g. LOAD_ARGS="--quick" or LOAD_ARGS="--scenario per-view".
bench-load: $(VENV)/.installed-dev haproxy
	@if [ -n "$$VAWG_STORE" ]; then store="$$VAWG_STORE"; \
	elif [ -d "$(SHARED)" ]; then store=$(E2E_REAL_STORE); \
	  mkdir -p test-artifacts/load; echo "Building $$store (log: test-artifacts/load/ingest.log)"; \
	  $(PY) -m dashboard ingest --source $(SHARED) --source data/sample/bus_shelter_pilot \
	    --source data/sample/female_homicide --store "$$store" > test-artifacts/load/ingest.log 2>&1 \
	    || { tail -5 test-artifacts/load/ingest.log; exit 1; }; \
	else store=data/build/vawg.duckdb; \
	  [ -f "$$store" ] || $(PY) -m dashboard ingest --source data/sample --store "$$store" > /dev/null; \
	fi; \
	$(PY) -m benchmarks.load --store "$$store" $(LOAD_ARGS)

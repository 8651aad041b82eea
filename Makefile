# The README's commands. Everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEBIAN_PACKAGES := hunspell-hu libhunspell-dev

.PHONY: run test lint bench system-deps venv clean

run: venv ## Set up, load the demo documents and serve http://127.0.0.1:5000
	$(BIN)/clusnet init
	$(BIN)/clusnet ingest --silent demo/documents/ || true
	$(BIN)/clusnet serve

test: venv ## Set up and run the whole test suite
	$(BIN)/pytest

lint: venv ## ruff, import contracts, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy archive ingest search

bench: venv ## Benchmarks, run by hand; they print ratios against a baseline
	$(BIN)/python bench/run_all.py

venv: system-deps $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@if [ -f /usr/include/hunspell/hunspell.h ]; then \
	  $(BIN)/python -m pip install --quiet -e '.[dev,hunspell]'; \
	else \
	  echo "warning: libhunspell-dev is missing: installing without the hunspell stemmer" >&2; \
	  $(BIN)/python -m pip install --quiet -e '.[dev]'; \
	fi
	touch $@

# The Hungarian dictionary (hunspell hu_HU) makes Hungarian search far better; without it
# clusnet falls back to the Snowball stemmer and says so.
system-deps:
	@if [ ! -f /usr/share/hunspell/hu_HU.dic ] || [ ! -f /usr/include/hunspell/hunspell.h ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages: $(DEBIAN_PACKAGES)" >&2; \
	    (apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null && apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null)) || \
	    echo "warning: could not install $(DEBIAN_PACKAGES); Hungarian search falls back to Snowball" >&2; \
	  else \
	    echo "warning: install the Debian package(s) $(DEBIAN_PACKAGES) for the best Hungarian search (sudo apt-get install $(DEBIAN_PACKAGES))" >&2; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache

# The README's commands. Everything a fresh machine needs is installed from here.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DEBIAN_PACKAGES := hunspell-hu libhunspell-dev tesseract-ocr tesseract-ocr-hun tesseract-ocr-eng antiword \
	dict-freedict-hun-eng dict-freedict-eng-hun

.PHONY: run test lint audit bench system-deps venv clean

run: venv ## Set up, load the demo archive and serve http://127.0.0.1:5000
	$(BIN)/clusnet init
	$(BIN)/python demo/load.py
	$(BIN)/clusnet serve

test: venv ## Set up and run the whole test suite
	$(BIN)/pytest

lint: venv ## ruff, import contracts, mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy archive ingest search web

audit: venv ## pip-audit of the installed dependencies (needs pypi.org; says so when it cannot reach it)
	$(BIN)/python tools/audit.py

bench: venv ## Benchmarks, run by hand; each prints ratios against a baseline from the same run
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/repair_accents.py
	$(BIN)/python bench/analysis_conflation.py
	$(BIN)/python bench/relevance.py
	$(BIN)/python bench/language_detection.py
	$(BIN)/python bench/index_step.py
	$(BIN)/python bench/ingest_throughput.py
	$(BIN)/python bench/cold_start.py
	$(BIN)/python bench/search_latency.py --docs 10000
	$(BIN)/python bench/server_throughput.py --docs 10000
	$(BIN)/python bench/ocr_throughput.py

venv: system-deps $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@if [ -f /usr/include/hunspell/hunspell.h ]; then \
	  $(BIN)/python -m pip install --quiet -e '.[dev,hunspell,postgresql]'; \
	else \
	  echo "warning: libhunspell-dev is missing: installing without the hunspell stemmer" >&2; \
	  $(BIN)/python -m pip install --quiet -e '.[dev,postgresql]'; \
	fi
	touch $@

# Debian packages: the Hungarian dictionary and the library its stemmer builds against,
# Tesseract for OCR of scans, antiword for legacy .doc files, the FreeDict Hungarian-English
# dictionaries for translating queries. Without them clusnet still
# runs: Hungarian falls back to Snowball, scans are kept as "needs OCR", .doc files fail
# with a message naming the package.
system-deps:
	@missing=""; \
	for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ] && command -v dpkg >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing" >&2; \
	    (apt-get install -y -qq --no-install-recommends $$missing >/dev/null 2>&1 || \
	     (apt-get update -qq >/dev/null && apt-get install -y -qq --no-install-recommends $$missing >/dev/null)) || \
	    echo "warning: could not install$$missing" >&2; \
	  else \
	    echo "warning: for the best results install: sudo apt-get install$$missing" >&2; \
	  fi; \
	fi

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache

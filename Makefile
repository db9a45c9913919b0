# MS Blog Archive: `make html` builds the site, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# Serial, as Read the Docs builds: at the whole blog's size, reading in parallel (-j) costs more than it saves,
# for each reader process sends its whole environment back (BENCHMARKS.md). SPHINXOPTS="... -j auto" still works.
SPHINXOPTS ?= -W --keep-going -n
BUILDDIR ?= _build
PORT ?= 8000
CHROMIUM := /usr/bin/chromium
LOCK_VENV := $(BUILDDIR)/lock-venv
# What `make html` and `make serve` both build, with the same options: the published folder holds only what readers
# fetch, and Sphinx's doctrees (pickles, 420 MB at 10,000 posts) stay beside it, where Read the Docs keeps them.
SPHINXARGS = -b html $(SPHINXOPTS) -d $(BUILDDIR)/doctrees . $(BUILDDIR)/html

.PHONY: html test test-fast serve bench lock clean

# A virtual environment with the pinned dependencies, made once and redone when they change; one made with a Python
# older than 3.11 (which no pin installs into) is made again.
NEW_ENOUGH = -c 'import sys; sys.exit(sys.version_info < (3, 11))'
$(VENV)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) $(NEW_ENOUGH) 2>/dev/null || { echo "msblog needs Python 3.11 or newer, and $(PYTHON) is older (or missing):" \
		"make html PYTHON=python3.11 (or python3.12, python3.13)" >&2; exit 1; }
	@test ! -x $(BIN)/python || $(BIN)/python $(NEW_ENOUGH) || { echo "$(VENV) has an older Python: made again" >&2; rm -rf $(VENV); }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

html: $(VENV)/.installed
	rm -rf $(BUILDDIR)/html/.doctrees  # where builds before kept them
	$(BIN)/sphinx-build $(SPHINXARGS)

test: $(VENV)/.installed $(CHROMIUM)
	$(BIN)/python -m pytest

# The tests that build nothing and run no browser or other process, about 1.5 minutes on one core (tests/conftest.py
# marks the slow ones).
test-fast: $(VENV)/.installed
	$(BIN)/python -m pytest -m "not slow"

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "The browser tests need Debian's chromium: sudo apt-get install chromium" >&2; exit 1; fi

# The site `make html` builds, into the same folders: after one, the other has nothing to do.
serve: $(VENV)/.installed
	$(BIN)/sphinx-autobuild --port $(PORT) --watch msblog --watch _static --watch _templates --ignore "$(BUILDDIR)/*" --ignore "$(VENV)/*" $(SPHINXARGS)

# Generate, import and build archives of several sizes; BENCHOPTS="--full" adds 10,000 posts.
bench: $(VENV)/.installed
	$(BIN)/msblog bench run $(BENCHOPTS)

# Re-pin every dependency after changing pyproject.toml: requirements.lock for the site and its tests (.venv), then
# requirements-docs.lock, the site's share of the same pins, resolved within them (what Read the Docs installs).
lock:
	$(call freeze,".[dev]",requirements.lock)
	$(call freeze,-c requirements.lock .,requirements-docs.lock)

# freeze,WHAT,FILE: FILE pins a new environment in which pip installed WHAT (msblog itself left out).
define freeze
rm -rf $(LOCK_VENV)
$(PYTHON) -m venv $(LOCK_VENV)
$(LOCK_VENV)/bin/python -m pip install --quiet $(1)
$(LOCK_VENV)/bin/python -m pip freeze --exclude msblog > $(2)
rm -rf $(LOCK_VENV)
endef

clean:
	rm -rf $(BUILDDIR)

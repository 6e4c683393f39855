# Two commands on a fresh machine (see README.md):
#   make run    install, and serve the demo municipality (built on first start into its own file)
#   make test   install (Python packages, Debian's chromium and Pango), lint, and run every test

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8501
# The demo lives in a file of its own, marked as the demo; a municipality's warehouse is
# $BOLIGMONITOR_DB, else data/warehouse.duckdb (`make serve`).
DEMO_DB ?= data/demo.duckdb

LOCALES := core/locale
KEYWORDS := -k t -k translate -k N_ -k say

.PHONY: run serve test install install-dev browser pdf-libs lint bench catalogues messages screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt

install-dev: $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt

# Browser tests drive Debian's Chromium; Playwright never downloads a browser of its own.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; }

# The report's tagged PDF (WeasyPrint) lays text out with Debian's Pango and HarfBuzz, in DejaVu Sans.
pdf-libs:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list | grep -q DejaVuSans || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fontconfig; }

# The translations: .po files are kept in git, the compiled .mo files are build output.
catalogues: install
	$(BIN)/pybabel compile -d $(LOCALES) -D boligmonitor

# After changing texts: extract every message (babel.cfg) and merge it into each catalogue.
messages: install
	$(BIN)/pybabel extract -F babel.cfg $(KEYWORDS) --no-location --no-wrap -o $(LOCALES)/boligmonitor.pot .
	$(BIN)/pybabel update -i $(LOCALES)/boligmonitor.pot -d $(LOCALES) -D boligmonitor --no-wrap
	rm $(LOCALES)/boligmonitor.pot

# The demo setting (BOLIGMONITOR_DEMO=1) asks for the demo municipality in an empty warehouse.
run: install pdf-libs catalogues
	BOLIGMONITOR_DEMO=1 BOLIGMONITOR_DB=$(DEMO_DB) $(BIN)/streamlit run app.py --server.port $(PORT)

# The municipality's own warehouse: an empty one opens on the setup guide (Kom i gang).
serve: install pdf-libs catalogues
	$(BIN)/streamlit run app.py --server.port $(PORT)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

test: install-dev browser pdf-libs lint catalogues
	$(BIN)/python -m pytest

# The README's pictures: the browser tests that photograph every page, into docs/screenshots/.
screenshots: install-dev browser pdf-libs catalogues
	BOLIGMONITOR_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q tests/e2e/test_pages.py tests/e2e/test_kart.py

bench: install pdf-libs catalogues
	$(BIN)/python bench/run_all.py

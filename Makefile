VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: deck templates test bench lint clean

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

deck: $(STAMP) templates
	$(VENV)/bin/hpdeck build decks/monthly-briefing.yaml --out out
	$(VENV)/bin/hpdeck build decks/council-meeting.yaml --all-municipalities --out out

templates: $(STAMP)
	$(PY) themes/make_template.py

test: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/pytest

bench: $(STAMP)
	$(PY) tests/bench/bench_batch.py

lint: $(STAMP)
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/ruff format --check src tests

clean:
	rm -rf out .cache

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: deck templates test bench lint wheel clean

# hpdeck alone for decks; its test tools (pytest, ruff, selenium, ...) only for test and lint.
$(STAMP): pyproject.toml setup.py
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(TEST_STAMP)

deck: $(STAMP)
	$(VENV)/bin/hpdeck build decks/monthly-briefing.yaml --out out
	$(VENV)/bin/hpdeck build decks/council-meeting.yaml --all-municipalities --out out

templates: $(STAMP)
	$(PY) themes/make_template.py

test: $(TEST_STAMP)
	$(VENV)/bin/ruff check src tests scripts themes
	$(VENV)/bin/ruff format --check src tests scripts themes
	$(VENV)/bin/mypy
	$(VENV)/bin/pytest

# Every speed figure with its goal, from one run (minutes; the machine should be otherwise idle).
bench: $(STAMP)
	$(PY) tests/bench/bench_live.py
	$(PY) tests/bench/bench_batch.py
	$(PY) tests/bench/bench_help.py

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check src tests scripts themes
	$(VENV)/bin/ruff format --check src tests scripts themes
	$(VENV)/bin/mypy

# The package to install on a PC or Mac (README: Install), with the themes and sample project.
wheel: $(STAMP)
	$(PY) -m pip wheel --no-deps --quiet -w dist .

clean:
	rm -rf out .cache dist

# levant — the two commands that set everything up: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test lint typecheck format bench fuzz clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

## demo: serve the offline mirror, crawl it, write data/articles.jsonl, print a summary
demo: $(VENV)/.runtime
	$(BIN)/python -m levant_dev.demo

## test: lint, type-check, then the whole test suite
test: $(VENV)/.dev lint typecheck
	$(BIN)/python -m pytest

## fuzz: a long hypothesis run over extraction, sitemaps and dates (arbitrary input never raises)
fuzz: $(VENV)/.dev
	LEVANT_FUZZ_EXAMPLES=20000 $(BIN)/python -m pytest tests/robustness/test_fuzz.py tests/dates/test_properties.py

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## typecheck: mypy over the levant package (settings in pyproject.toml's [tool.mypy])
typecheck: $(VENV)/.dev
	$(BIN)/python -m mypy

format: $(VENV)/.dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

$(VENV)/.bench: requirements-bench.txt $(VENV)/.dev
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

## bench: every benchmark, side by side with its baseline; writes docs/benchmarks.md
bench: $(VENV)/.bench
	$(BIN)/python -m benchmarks

clean:
	rm -rf data .levant .pytest_cache .ruff_cache .mypy_cache

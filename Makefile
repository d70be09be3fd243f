# spinbridge: the two commands a user needs are `make reproduce` and `make test`.
# Everything runs from .venv, built from pyproject.toml (with the dev tools and the SLURM executor
# plugin) with the exact versions of requirements/constraints.txt (`make lock` refreshes them from a
# fresh resolve).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PROFILE ?= workflow/profiles/default
SNAKEMAKE_ARGS ?=

.PHONY: install reproduce test lint pytest report snakemake-report crate archive lock bench clean help

help:
	@echo "make reproduce   regenerate every figure, table and the claims scorecard (results/)"
	@echo "make test        ruff, snakefmt, snakemake --lint, pytest (incl. the smoke pipeline)"
	@echo "make report      scorecard + figures page -> results/report/index.html"
	@echo "make crate       Workflow Run RO-Crate of the run -> results/ro-crate-metadata.json"
	@echo "make archive     report + crate + results/ + CITATION.cff -> dist/spinbridge-results-*.zip"
	@echo "make bench       performance benchmarks -> results/benchmarks/"
	@echo "make install     create .venv (done automatically by the targets above)"

install: $(STAMP)

$(STAMP): pyproject.toml requirements/constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e '.[dev,slurm]'
	touch $(STAMP)

reproduce: $(STAMP)
	$(BIN)/snakemake --profile $(PROFILE) $(SNAKEMAKE_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/snakefmt --check Snakefile workflow/rules
	$(BIN)/snakemake --lint --configfile config/smoke.yaml

pytest: $(STAMP)
	$(BIN)/python -m pytest

test: lint pytest

report: $(STAMP)
	$(BIN)/python scripts/release/write_report.py

snakemake-report: $(STAMP)
	$(BIN)/snakemake --profile $(PROFILE) --report results/report.html

crate: $(STAMP)
	$(BIN)/python scripts/release/write_crate.py

archive: $(STAMP)
	$(BIN)/python scripts/release/write_report.py
	$(BIN)/python scripts/release/write_crate.py
	$(BIN)/python scripts/release/make_archive.py

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lock:
	rm -rf /tmp/spinbridge-lock && $(PYTHON) -m venv /tmp/spinbridge-lock
	/tmp/spinbridge-lock/bin/pip install --quiet -e '.[dev,slurm]'
	/tmp/spinbridge-lock/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements/constraints.txt

clean:
	rm -rf results/* .snakemake
	touch results/.gitkeep

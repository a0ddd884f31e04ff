"""Hypothesis budgets for the fuzz tests: `ci` (the default, inside `make test`) and `fuzz`.

    GPTPROTO_FUZZ_PROFILE=fuzz pytest tests/unit/test_fuzz_*.py     # what `make fuzz` runs

`ci` is derandomized: the same examples on every run and every machine, so a red build is
reproducible and a green one stays green. `fuzz` draws fresh examples, many more of them.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Mutated bodies are large on purpose (60,000-deep nesting, 5,000-digit numbers).
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]

settings.register_profile(
    "ci",
    max_examples=120,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=_QUIET,
)
settings.register_profile(
    "fuzz", max_examples=4000, database=None, deadline=None, suppress_health_check=_QUIET
)

FUZZ = settings.get_profile(os.environ.get("GPTPROTO_FUZZ_PROFILE", "ci"))

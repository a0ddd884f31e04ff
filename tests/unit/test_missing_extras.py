"""Without its extra installed, an adapter (or the emulator) says which pip command installs it.

Each case runs a fresh interpreter with the framework blocked (`sys.modules[name] = None` makes
any import of it fail as if it were not installed), so the real first import is what is tested.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize(
    ("blocked", "statement", "command"),
    [
        ("langchain_core", "import langchain_gptproto", "gptproto-integrations[langchain]"),
        (
            "langchain_core",
            "from langchain_gptproto.chat_models import ChatGPTProto",
            "gptproto-integrations[langchain]",
        ),
        ("llama_index.core", "import llama_index_gptproto", "gptproto-integrations[llama-index]"),
        (
            "llama_index.core",
            "from llama_index.llms.gptproto import GPTProto",
            "gptproto-integrations[llama-index]",
        ),
        ("uvicorn", "import gptproto_emulator.__main__", "gptproto-integrations[emulator]"),
        (
            "starlette",
            "from gptproto_emulator import EmulatorServer",
            "gptproto-integrations[emulator]",
        ),
    ],
)
def test_a_missing_extra_names_its_pip_command(blocked, statement, command):
    script = f"import sys; sys.modules[{blocked!r}] = None\n{statement}"
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 1
    last_line = run.stderr.strip().splitlines()[-1]
    assert last_line.startswith("ImportError:")
    assert f'pip install "{command}"' in last_line

"""EmulatorServer life cycle, the command line, the pytest fixture's reset, and the package's
boundaries (no client code, a lazy plugin, the ``gptproto_core.emulator`` re-export)."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

import gptproto_core.emulator as core_emulator
import gptproto_emulator
from gptproto_emulator import DEFAULT_API_KEY, EmulatorServer, EmulatorState, create_app

CHAT = "/v1/chat/completions"
BODY = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Hi"}]}


def test_server_binds_loopback_on_a_free_port_and_stops() -> None:
    server = EmulatorServer()
    with server:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.url)
        assert server.port > 0
        response = httpx.post(
            f"{server.url}{CHAT}", json=BODY, headers={"Authorization": server.api_key}
        )
        assert response.status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{server.url}/__emulator__/health", timeout=2)


def test_a_shared_state_is_used_by_the_app() -> None:
    state = EmulatorState(api_keys=["sk-state"])
    with EmulatorServer(state=state) as server:
        assert server.api_key == "sk-state"
        httpx.post(f"{server.url}{CHAT}", json=BODY, headers={"Authorization": "sk-state"})
    assert state.counters()["requests"] == {"POST /v1/chat/completions": 1}


def test_state_and_api_keys_are_exclusive() -> None:
    with pytest.raises(ValueError, match="not both"):
        EmulatorServer(api_keys=["a"], state=EmulatorState())


def test_create_app_is_a_plain_asgi_app() -> None:
    app = create_app()
    assert app.state.emulator.api_keys == (DEFAULT_API_KEY,)


@pytest.mark.parametrize("stop_signal", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_command_line_prints_the_url_serves_and_stops(stop_signal: signal.Signals) -> None:
    command = [sys.executable, "-m", "gptproto_emulator", "--port", "0", "--api-key", "sk-cli"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline().strip()
        match = re.fullmatch(
            r"gptproto emulator listening on (http://127\.0\.0\.1:\d+) \(api key: sk-cli\)", line
        )
        assert match, line
        response = httpx.post(
            f"{match.group(1)}{CHAT}", json=BODY, headers={"Authorization": "Bearer sk-cli"}
        )
        assert response.status_code == 200
        process.send_signal(stop_signal)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()


def test_fixture_step_one_leaves_state_behind(gptproto_emulator: EmulatorServer) -> None:
    gptproto_emulator.add_fault("/v1/leftover", status=500, times=50)
    httpx.post(f"{gptproto_emulator.url}{CHAT}", json=BODY)
    assert gptproto_emulator.counters()["requests"]


def test_fixture_step_two_starts_clean(gptproto_emulator: EmulatorServer) -> None:
    assert gptproto_emulator.counters() == {"requests": {}, "submissions": {}}
    assert gptproto_emulator.state.pending_faults() == []


def _python(*args: str) -> str:
    """The stdout of a fresh interpreter, so ``sys.modules`` shows only what ``args`` import."""
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, check=True
    ).stdout


def test_emulator_imports_nothing_from_the_client_side() -> None:
    package = Path(gptproto_emulator.__file__).parent
    ours = r"gptproto_core|langchain_gptproto|llama_index_gptproto|llama_index"
    pattern = re.compile(rf"^\s*(?:from|import)\s+((?:{ours})(?:\.\w+)*)", re.MULTILINE)
    sources = sorted(package.rglob("*.py"))
    assert len(sources) > 50, "the emulator's modules were not found"
    for source in sources:
        imported = pattern.findall(source.read_text(encoding="utf-8"))
        assert not imported, f"{source.relative_to(package)} imports {imported}"


def test_plugin_import_loads_nothing_but_the_plugin() -> None:
    code = (
        "import gptproto_emulator.pytest_plugin, sys; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('starlette', 'uvicorn', 'gptproto_emulator', 'gptproto_core')))"
    )
    loaded = ast.literal_eval(_python("-c", code))
    server_stack = {
        "starlette",
        "uvicorn",
        "gptproto_emulator.http.server",
        "gptproto_emulator.http.app",
    }
    assert not server_stack & set(loaded)
    # Nothing else either: the package's lazy __init__ and the plugin itself.
    assert loaded == ["gptproto_emulator", "gptproto_emulator.pytest_plugin"]


def test_plugin_import_does_not_load_the_server_stack() -> None:
    code = (
        "import sys, gptproto_emulator.pytest_plugin, gptproto_core.emulator as e; "
        "assert e.DEFAULT_API_KEY; "
        "print(sorted(m for m in ('starlette', 'uvicorn') if m in sys.modules))"
    )
    assert _python("-c", code).strip() == "[]"


def test_core_reexport_is_the_emulator_package() -> None:
    for name in core_emulator.__all__:
        assert getattr(core_emulator, name) is getattr(gptproto_emulator, name)
    # Only the re-export remains: the old flat module paths are gone.
    assert importlib.util.find_spec("gptproto_core.emulator.server") is None


@pytest.mark.parametrize("module", ["gptproto_emulator", "gptproto_core.emulator"])
def test_both_commands_answer_help(module: str) -> None:
    assert _python("-m", module, "--help").startswith(f"usage: python -m {module} ")

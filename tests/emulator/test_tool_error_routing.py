"""Errors go to whoever can fix them (issue 14 point 3): a wrong key, missing rights or balance and
an unreachable gptproto raise out of the tool call to the developer; what the model can act on
(bad arguments, a banned word, a failed job, a poll failure with its task id) stays text for the
model. `developer_errors="text"` hands everything to the model, as before."""

from __future__ import annotations

import socket
from typing import Any

import pytest
from langchain_core.messages import ToolMessage

from gptproto_core.errors import (
    APIConnectionError,
    AuthenticationError,
    ConfigurationError,
    GPTProtoError,
    InsufficientBalanceError,
    PermissionDeniedError,
)
from gptproto_core.task_text import for_developer
from langchain_gptproto import GPTProtoToolkit
from llama_index_gptproto import GPTProtoToolSpec
from llama_index_gptproto.tools import ToolFailure, raise_developer_errors

pytestmark = pytest.mark.emulator

SUBMIT = "/flux/v1/*"
ARGS = {"prompt": "a blue cat"}


def _closed_port() -> str:
    with socket.socket() as probe:  # a port nobody listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def _faults(emulator: Any, case: str) -> dict[str, Any]:
    """Set the emulator up for `case`; return the settings that differ from the good ones."""
    if case == "wrong key":
        return {"api_key": "sk-not-the-emulator-key-0000"}
    if case == "refused":
        return {"base_url": _closed_port()}
    bodies = {
        "402 balance": (402, {"error": {"message": "Insufficient balance", "type": "402"}}),
        "403 balance": (403, {"error": {"message": "Insufficient balance, please top up"}}),
        "403 rights": (403, {"error": {"message": "This key may not use this model"}}),
    }
    status, body = bodies[case]
    emulator.add_fault(SUBMIT, method="POST", status=status, body=body, times=5)
    return {}


DEVELOPER = {
    "wrong key": AuthenticationError,
    "402 balance": InsufficientBalanceError,
    "403 balance": InsufficientBalanceError,
    "403 rights": PermissionDeniedError,
    "refused": APIConnectionError,
}


def _settings(emulator: Any, **changes: Any) -> dict[str, Any]:
    base = {
        "api_key": emulator.api_key,
        "base_url": emulator.url,
        "poll_interval": 0.05,
        "max_retries": 1,
        "timeout": 30,
    }
    return {**base, **changes}


def _lc_tool(settings: dict[str, Any], name: str = "flux_generate_image") -> Any:
    return GPTProtoToolkit(**settings, include=[name]).get_tools()[0]


def _call(tool: Any, args: dict[str, Any]) -> Any:
    return tool.invoke({"type": "tool_call", "id": "c1", "name": tool.name, "args": args})


@pytest.fixture
def emulator(gptproto_emulator):
    gptproto_emulator.set_clock_speed(200)
    return gptproto_emulator


@pytest.mark.parametrize(("case", "expected"), DEVELOPER.items(), ids=list(DEVELOPER))
def test_langchain_raises_what_only_the_developer_can_fix(emulator, case, expected):
    tool = _lc_tool(_settings(emulator, **_faults(emulator, case)))
    with pytest.raises(expected) as caught:
        _call(tool, ARGS)
    assert for_developer(caught.value)
    assert emulator.counters()["submissions"] == {}  # nothing was made, nothing is lost


@pytest.mark.parametrize(("case", "expected"), DEVELOPER.items(), ids=list(DEVELOPER))
async def test_langchain_async_raises_them_too(emulator, case, expected):
    tool = _lc_tool(_settings(emulator, **_faults(emulator, case)))
    with pytest.raises(expected):
        await tool.ainvoke({"type": "tool_call", "id": "c1", "name": tool.name, "args": ARGS})


@pytest.mark.parametrize("case", list(DEVELOPER))
def test_langchain_text_mode_hands_them_to_the_model(emulator, case):
    settings = _settings(emulator, **_faults(emulator, case), developer_errors="text")
    message = _call(_lc_tool(settings), ARGS)
    assert isinstance(message, ToolMessage) and message.status == "error"
    assert message.text.startswith("The request failed:")


@pytest.mark.parametrize(("case", "expected"), DEVELOPER.items(), ids=list(DEVELOPER))
async def test_llamaindex_raises_what_only_the_developer_can_fix(emulator, case, expected):
    spec = GPTProtoToolSpec(**_settings(emulator, **_faults(emulator, case)), include=["flux"])
    tool = spec.to_tool_list()[0]
    with pytest.raises(expected) as caught:
        await tool.acall(**ARGS)
    assert not isinstance(caught.value, ToolFailure)
    with pytest.raises(expected):
        tool.call(**ARGS)


@pytest.mark.parametrize("case", list(DEVELOPER))
async def test_llamaindex_text_mode_hands_them_to_the_model(emulator, case):
    settings = _settings(emulator, **_faults(emulator, case))
    spec = GPTProtoToolSpec(**settings, include=["flux"], developer_errors="text")
    with pytest.raises(ToolFailure, match="The request failed"):
        await spec.to_tool_list()[0].acall(**ARGS)


# What the model can act on stays with the model, whatever the switch.
def _banned(emulator: Any) -> tuple[str, dict[str, Any]]:
    emulator.add_fault(
        "/mj/submit/imagine",
        method="POST",
        status=200,
        body={"code": 24, "description": "Banned prompt detected: blood", "result": None},
    )
    return "midjourney_imagine", {"prompt": "blood"}


def _failed_job(emulator: Any) -> tuple[str, dict[str, Any]]:
    emulator.add_fault(
        "/mj/task/*",
        method="GET",
        status=200,
        times=5,
        body={"id": "1", "status": "FAILURE", "failReason": "upstream said no"},
    )
    return "midjourney_imagine", {"prompt": "a fox"}


def _poll_401(emulator: Any) -> tuple[str, dict[str, Any]]:
    # The key stops working after the submit: the job exists, the model keeps its id.
    emulator.add_fault("/mj/task/*", method="GET", status=401, times=20)
    return "midjourney_imagine", {"prompt": "a fox"}


def _bad_arguments(_emulator: Any) -> tuple[str, dict[str, Any]]:
    return "kling_text_to_video", {"prompt": "waves", "duration": "7"}


MODEL = {
    "banned word": (_banned, "Banned prompt"),
    "failed job": (_failed_job, "upstream said no"),
    "401 after submit": (_poll_401, "task_id="),
    "bad arguments": (_bad_arguments, "Invalid arguments"),
}


@pytest.mark.parametrize("mode", ["raise", "text"])
@pytest.mark.parametrize(("case", "spec"), MODEL.items(), ids=list(MODEL))
def test_langchain_keeps_what_the_model_can_act_on_as_text(emulator, mode, case, spec):
    set_up, expected = spec
    name, args = set_up(emulator)
    message = _call(_lc_tool(_settings(emulator, developer_errors=mode), name), args)
    assert message.status == "error" and expected in message.text


@pytest.mark.parametrize("mode", ["raise", "text"])
@pytest.mark.parametrize(("case", "spec"), MODEL.items(), ids=list(MODEL))
async def test_llamaindex_keeps_what_the_model_can_act_on_as_text(emulator, mode, case, spec):
    set_up, expected = spec
    name, args = set_up(emulator)
    spec_ = GPTProtoToolSpec(**_settings(emulator), include=[name], developer_errors=mode)
    with pytest.raises(ToolFailure, match=expected.replace("(", r"\(")):
        await spec_.to_tool_list()[0].acall(**args)


def test_a_lost_submit_answer_is_never_raised_away_from_the_model(emulator):
    emulator.add_fault(SUBMIT, drop_after_handling=True)
    message = _call(_lc_tool(_settings(emulator)), ARGS)
    assert message.status == "error" and "may exist" in message.text


def test_the_decision_table():
    sent = APIConnectionError("reset", request_sent=True)
    never = APIConnectionError("refused", request_sent=False)
    after_submit = AuthenticationError("revoked", status_code=401)
    after_submit.task_id = "t1"
    lost = APIConnectionError("reset")
    lost.job_may_exist = True
    assert for_developer(never) and for_developer(ConfigurationError("no key"))
    assert not for_developer(sent)  # a broken exchange, not gptproto unreachable
    assert not any(for_developer(e) for e in (after_submit, lost, GPTProtoError("x")))


def test_a_bad_switch_value_is_a_configuration_error(emulator):
    with pytest.raises(ConfigurationError):
        GPTProtoToolkit(**_settings(emulator), developer_errors="loud")
    with pytest.raises(ConfigurationError, match="developer_errors"):
        GPTProtoToolSpec(**_settings(emulator), developer_errors="loud")


# LlamaIndex's agents catch every tool exception and show it to the model; the helper reads
# the run's events and raises what only the developer can fix.
def _agent(emulator: Any, include: str = "flux", **spec_changes: Any) -> Any:
    from llama_index.core.agent.workflow import FunctionAgent

    from llama_index_gptproto import GPTProto

    llm = GPTProto(model="gpt-4o", api_key=emulator.api_key, base_url=emulator.url)
    spec = GPTProtoToolSpec(**_settings(emulator, **spec_changes), include=[include])
    return FunctionAgent(tools=spec.to_tool_list(), llm=llm)


@pytest.mark.parametrize(("case", "expected"), DEVELOPER.items(), ids=list(DEVELOPER))
async def test_an_agent_run_raises_what_only_the_developer_can_fix(emulator, case, expected):
    agent = _agent(emulator, **_faults(emulator, case))
    handler = agent.run("Draw a blue cat with flux_generate_image")
    with pytest.raises(expected):
        await raise_developer_errors(handler)


async def test_an_agent_run_keeps_what_the_model_can_act_on(emulator):
    name, args = _banned(emulator)
    agent = _agent(emulator, include="midjourney")
    handler = agent.run(f"Use {name} with prompt '{args['prompt']}'")
    result = str(await raise_developer_errors(handler))
    # The refusal went back to the model, which answered from it: the run was not stopped.
    assert "Based on the tool result" in result and "Banned prompt" in result

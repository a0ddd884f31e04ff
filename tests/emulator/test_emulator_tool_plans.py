"""Multi-step tool use of the scripted model (docs/emulator.md, "The scripted model", rules 1-3).

A user message that names tools exactly is a plan: with "then" between the names the tools are
called one per turn, in order; after tool results the next planned tool not yet called is called
before any text answer; ids for that call are copied from the latest tool result
(``task_id='…'``, or a ``- U1: …`` line whose label the user named). Chat and /v1/responses share
the rules.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer

CHAT = "/v1/chat/completions"
RESPONSES = "/v1/responses"

IMAGINE_PARAMS = {
    "type": "object",
    "properties": {
        "prompt": {"type": "string", "description": "What to draw"},
        "wait": {"type": "boolean", "default": True},
    },
    "required": ["prompt"],
}
ACTION_PARAMS = {
    "type": "object",
    "properties": {
        "task_id": {"type": "string"},
        "custom_id": {"type": "string"},
        "wait": {"type": "boolean", "default": True},
    },
    "required": ["task_id", "custom_id"],
}
GET_TASK_PARAMS = {
    "type": "object",
    "properties": {"task_id": {"type": "string"}},
    "required": ["task_id"],
}
NOTE_PARAMS = {
    "type": "object",
    "properties": {"channel": {"type": "string"}, "thread_id": {"type": "string"}},
    "required": ["channel"],
}
SPECS = {
    "midjourney_imagine": ("Draw a picture from a prompt.", IMAGINE_PARAMS),
    "midjourney_action": ("Press a button of a finished job.", ACTION_PARAMS),
    "midjourney_get_task": ("Look up a job.", GET_TASK_PARAMS),
    "send_note": ("Post a note.", NOTE_PARAMS),
}

GRID = (
    "Midjourney imagine succeeded (task 1795640294316001).\n"
    "Image: https://cdn.example/grid.png\n"
    "Follow-up actions (call midjourney_action with task_id='1795640294316001' and one "
    "custom_id):\n"
    "- U1: MJ::JOB::upsample::1::abc\n"
    "- U2: MJ::JOB::upsample::2::abc\n"
    "- V1: MJ::JOB::variation::1::abc"
)
UPSCALED = (
    "Midjourney action submitted as task 1795640294316002 (queued). It is not finished yet: "
    "call midjourney_get_task with task_id='1795640294316002' later to get the result."
)
TWO_STEPS = (
    "Make a picture of 'a red fox' with midjourney_imagine, then upscale U1 with midjourney_action."
)
THREE_STEPS = (
    "Draw 'a red fox' with midjourney_imagine, then upscale U1 with midjourney_action "
    "and then check the upscale with midjourney_get_task."
)


def chat_tools(*names: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "function",
            "function": {"name": n, "description": SPECS[n][0], "parameters": SPECS[n][1]},
        }
        for n in names
    ]


def responses_tools(*names: str) -> list[dict[str, Any]]:
    return [
        {"type": "function", "name": n, "description": SPECS[n][0], "parameters": SPECS[n][1]}
        for n in names
    ]


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


# chat completions ---------------------------------------------------------------------------------


class Chat:
    """A chat conversation driven turn by turn, as an agent loop drives it."""

    def __init__(self, http: httpx.Client, text: str, *tools: str, **extra: Any) -> None:
        self.http = http
        self.tools = chat_tools(*tools)
        self.extra = extra
        self.messages: list[dict[str, Any]] = [{"role": "user", "content": text}]

    def turn(self, **extra: Any) -> dict[str, Any]:
        """Send the conversation; keep the assistant's answer in it; return the message."""
        body = {"model": "gpt-4o", "messages": self.messages, "tools": self.tools}
        response = self.http.post(CHAT, json={**body, **self.extra, **extra})
        assert response.status_code == 200, response.text
        choice = response.json()["choices"][0]
        message: dict[str, Any] = choice["message"]
        assert choice["finish_reason"] == ("tool_calls" if message.get("tool_calls") else "stop")
        kept = {"role": "assistant", "content": message.get("content")}
        if message.get("tool_calls"):
            kept["tool_calls"] = message["tool_calls"]
        self.messages.append(kept)
        return message

    def calls(self, **extra: Any) -> list[tuple[str, dict[str, Any]]]:
        """The tool calls of the next turn, as (name, arguments)."""
        message = self.turn(**extra)
        calls = message.get("tool_calls") or []
        return [(c["function"]["name"], json.loads(c["function"]["arguments"])) for c in calls]

    def answer(self, *outputs: str) -> None:
        """Answer the last assistant message's calls, in order, with ``outputs``."""
        calls = self.messages[-1]["tool_calls"]
        assert len(calls) == len(outputs)
        for call, output in zip(calls, outputs, strict=True):
            self.messages.append({"role": "tool", "tool_call_id": call["id"], "content": output})


def test_chat_two_step_plan_copies_ids_from_the_first_result(http: httpx.Client) -> None:
    chat = Chat(http, TWO_STEPS, "midjourney_imagine", "midjourney_action")
    assert chat.calls() == [("midjourney_imagine", {"prompt": "a red fox"})]
    chat.answer(GRID)
    action = {"task_id": "1795640294316001", "custom_id": "MJ::JOB::upsample::1::abc"}
    assert chat.calls() == [("midjourney_action", action)]
    chat.answer("Midjourney action succeeded (task 1795640294316002).")
    final = chat.turn()
    assert "tool_calls" not in final
    assert final["content"] == (
        "Based on the tool result: Midjourney action succeeded (task 1795640294316002)."
    )


def test_chat_three_step_plan(http: httpx.Client) -> None:
    tools = ("midjourney_get_task", "midjourney_action", "midjourney_imagine")  # offer order
    chat = Chat(http, THREE_STEPS, *tools)
    assert chat.calls() == [("midjourney_imagine", {"prompt": "a red fox"})]
    chat.answer(GRID)
    action = {"task_id": "1795640294316001", "custom_id": "MJ::JOB::upsample::1::abc"}
    assert chat.calls() == [("midjourney_action", action)]
    chat.answer(UPSCALED)
    assert chat.calls() == [("midjourney_get_task", {"task_id": "1795640294316002"})]
    chat.answer("Midjourney action succeeded (task 1795640294316002).")
    assert chat.turn()["content"].startswith("Based on the tool result: Midjourney action")


@pytest.mark.parametrize("joiner", ["then", "and then", "and after that", "; Then"])
def test_chat_then_makes_a_sequential_plan(http: httpx.Client, joiner: str) -> None:
    text = f"Call midjourney_imagine with 'a cat' {joiner} midjourney_get_task for it."
    chat = Chat(http, text, "midjourney_imagine", "midjourney_get_task")
    assert [name for name, _ in chat.calls()] == ["midjourney_imagine"]


def test_chat_tools_named_without_then_are_called_in_parallel(http: httpx.Client) -> None:
    text = "Call midjourney_imagine with 'a cat' and midjourney_get_task with 'task 7'."
    chat = Chat(http, text, "midjourney_imagine", "midjourney_get_task")
    calls = chat.calls()
    assert calls == [
        ("midjourney_imagine", {"prompt": "a cat"}),
        ("midjourney_get_task", {"task_id": "task 7"}),
    ]
    chat.answer("Imagine submitted as task 7.", "Task 7 is queued.")
    final = chat.turn()
    assert "tool_calls" not in final  # every planned tool was called: answer in text
    assert final["content"] == (
        "Based on the tool results: midjourney_imagine: Imagine submitted as task 7.; "
        "midjourney_get_task: Task 7 is queued."
    )


def test_chat_then_outside_the_names_keeps_the_parallel_calls(http: httpx.Client) -> None:
    text = "Then call midjourney_imagine with 'a cat' and midjourney_get_task with 'task 7'."
    chat = Chat(http, text, "midjourney_imagine", "midjourney_get_task")
    assert [name for name, _ in chat.calls()] == ["midjourney_imagine", "midjourney_get_task"]


def test_chat_plan_without_parallel_calls_goes_on_after_the_result(http: httpx.Client) -> None:
    text = "Call midjourney_imagine with 'a cat' and midjourney_get_task for it."
    chat = Chat(http, text, "midjourney_imagine", "midjourney_get_task", parallel_tool_calls=False)
    assert [name for name, _ in chat.calls()] == ["midjourney_imagine"]
    chat.answer("Submitted: task_id=42.")
    assert chat.calls() == [("midjourney_get_task", {"task_id": "42"})]
    chat.answer("Task 42 succeeded.")
    assert chat.turn()["content"] == "Based on the tool result: Task 42 succeeded."


def test_chat_tool_choice_none_answers_even_with_a_pending_plan(http: httpx.Client) -> None:
    chat = Chat(http, TWO_STEPS, "midjourney_imagine", "midjourney_action")
    chat.calls()
    chat.answer(GRID)
    final = chat.turn(tool_choice="none")
    assert "tool_calls" not in final
    assert final["content"].startswith("Based on the tool result: Midjourney imagine succeeded")


def test_chat_required_and_named_tool_choice_after_results(http: httpx.Client) -> None:
    tools = ("midjourney_imagine", "midjourney_action", "midjourney_get_task")
    chat = Chat(http, TWO_STEPS, *tools)
    chat.calls()
    chat.answer(GRID)
    # "required" picks the next planned tool; a named tool_choice still wins over the plan
    assert [n for n, _ in chat.calls(tool_choice="required")] == ["midjourney_action"]
    chat.messages.pop()
    forced = {"type": "function", "function": {"name": "midjourney_get_task"}}
    assert chat.calls(tool_choice=forced) == [
        ("midjourney_get_task", {"task_id": "1795640294316001"})
    ]


def test_chat_single_named_tool_answers_after_its_result(http: httpx.Client) -> None:
    chat = Chat(http, "Draw 'a cat' with midjourney_imagine.", "midjourney_imagine")
    assert chat.calls() == [("midjourney_imagine", {"prompt": "a cat"})]
    chat.answer(GRID)
    assert chat.turn()["content"].startswith("Based on the tool result:")


def test_chat_ids_not_in_the_result_fall_back_to_the_text_literals(http: httpx.Client) -> None:
    text = TWO_STEPS.replace("U1", "U3")
    chat = Chat(http, text, "midjourney_imagine", "midjourney_action")
    chat.calls()
    chat.answer("The picture is ready.\n- U1: MJ::JOB::upsample::1::abc")  # no task_id, no U3
    # today's string rule: a quoted phrase, else a run of Capitalized Words, else the text
    assert chat.calls() == [("midjourney_action", {"task_id": "a red fox", "custom_id": "U3"})]


def test_chat_only_the_named_label_is_used(http: httpx.Client) -> None:
    text = "Make 'a red fox' with midjourney_imagine, then press V1 with midjourney_action."
    chat = Chat(http, text, "midjourney_imagine", "midjourney_action")
    chat.calls()
    chat.answer(GRID)
    action = {"task_id": "1795640294316001", "custom_id": "MJ::JOB::variation::1::abc"}
    assert chat.calls() == [("midjourney_action", action)]


def test_chat_json_keys_and_other_strings_from_the_result(http: httpx.Client) -> None:
    text = "please look up the job with midjourney_get_task, then tell the team with send_note."
    chat = Chat(http, text, "midjourney_get_task", "send_note")
    chat.calls()
    chat.answer('{"status": "SUCCESS", "channel": "ops", "thread_id": "T-9"}')
    # a non-id string takes name=value from the result only where it would fall back to the
    # whole text; an optional id property is added because the result gives its value
    assert chat.calls() == [("send_note", {"channel": "ops", "thread_id": "T-9"})]


def test_chat_ids_from_an_earlier_turn_serve_a_new_request(http: httpx.Client) -> None:
    text = "Draw 'a red fox' with midjourney_imagine."
    chat = Chat(http, text, "midjourney_imagine", "midjourney_action")
    assert chat.calls() == [("midjourney_imagine", {"prompt": "a red fox"})]
    chat.answer(GRID)
    assert "tool_calls" not in chat.turn()
    chat.messages.append({"role": "user", "content": "Now upscale U2 with midjourney_action."})
    action = {"task_id": "1795640294316001", "custom_id": "MJ::JOB::upsample::2::abc"}
    assert chat.calls() == [("midjourney_action", action)]


def test_chat_first_call_without_results_keeps_todays_arguments(http: httpx.Client) -> None:
    chat = Chat(http, "please upscale U1 of 'task 5' with midjourney_action.", "midjourney_action")
    assert chat.calls() == [("midjourney_action", {"task_id": "task 5", "custom_id": "U1"})]


# responses ----------------------------------------------------------------------------------------


def respond(http: httpx.Client, input: Any, tools: list[dict[str, Any]], **extra: Any) -> Any:
    response = http.post(
        RESPONSES, json={"model": "gpt-4.1", "input": input, "tools": tools, **extra}
    )
    assert response.status_code == 200, response.text
    return response.json()


def calls_of(result: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (item["name"], json.loads(item["arguments"]))
        for item in result["output"]
        if item["type"] == "function_call"
    ]


def outputs_for(result: dict[str, Any], *texts: str) -> list[dict[str, Any]]:
    calls = [item for item in result["output"] if item["type"] == "function_call"]
    return [
        {"type": "function_call_output", "call_id": call["call_id"], "output": text}
        for call, text in zip(calls, texts, strict=True)
    ]


def text_of(result: dict[str, Any]) -> str:
    (message,) = [item for item in result["output"] if item["type"] == "message"]
    text: str = message["content"][0]["text"]
    return text


def test_responses_two_step_plan_with_previous_response_id(http: httpx.Client) -> None:
    tools = responses_tools("midjourney_imagine", "midjourney_action")
    first = respond(http, TWO_STEPS, tools)
    assert calls_of(first) == [("midjourney_imagine", {"prompt": "a red fox"})]
    second = respond(http, outputs_for(first, GRID), tools, previous_response_id=first["id"])
    action = {"task_id": "1795640294316001", "custom_id": "MJ::JOB::upsample::1::abc"}
    assert calls_of(second) == [("midjourney_action", action)]
    done = "Midjourney action succeeded (task 1795640294316002)."
    third = respond(http, outputs_for(second, done), tools, previous_response_id=second["id"])
    assert calls_of(third) == []
    assert text_of(third) == f"Based on the tool result: {done}"


def test_responses_three_step_plan_with_the_whole_input(http: httpx.Client) -> None:
    tools = responses_tools("midjourney_imagine", "midjourney_action", "midjourney_get_task")
    items: list[dict[str, Any]] = [{"role": "user", "content": THREE_STEPS}]
    expected = [
        ("midjourney_imagine", {"prompt": "a red fox"}, GRID),
        (
            "midjourney_action",
            {"task_id": "1795640294316001", "custom_id": "MJ::JOB::upsample::1::abc"},
            UPSCALED,
        ),
        ("midjourney_get_task", {"task_id": "1795640294316002"}, "Succeeded."),
    ]
    for name, arguments, output in expected:
        result = respond(http, items, tools)
        assert calls_of(result) == [(name, arguments)]
        (call,) = [item for item in result["output"] if item["type"] == "function_call"]
        items.append({k: call[k] for k in ("type", "call_id", "name", "arguments")})
        items += outputs_for(result, output)
    assert text_of(respond(http, items, tools)) == "Based on the tool result: Succeeded."


def test_responses_then_versus_parallel(http: httpx.Client) -> None:
    tools = responses_tools("midjourney_imagine", "midjourney_get_task")
    parallel = respond(http, "Use midjourney_imagine for 'a cat' and midjourney_get_task.", tools)
    assert [n for n, _ in calls_of(parallel)] == ["midjourney_imagine", "midjourney_get_task"]
    sequential = respond(
        http, "Use midjourney_imagine for 'a cat', then midjourney_get_task.", tools
    )
    assert [n for n, _ in calls_of(sequential)] == ["midjourney_imagine"]
    after = outputs_for(sequential, "Submitted: task_id=42.")
    nxt = respond(http, after, tools, previous_response_id=sequential["id"])
    assert calls_of(nxt) == [("midjourney_get_task", {"task_id": "42"})]


def test_responses_tool_choice_none_answers_in_text(http: httpx.Client) -> None:
    tools = responses_tools("midjourney_imagine", "midjourney_action")
    first = respond(http, TWO_STEPS, tools)
    second = respond(
        http, outputs_for(first, GRID), tools, previous_response_id=first["id"], tool_choice="none"
    )
    assert calls_of(second) == []
    assert text_of(second).startswith("Based on the tool result: Midjourney imagine succeeded")


def test_responses_ids_not_found_fall_back(http: httpx.Client) -> None:
    tools = responses_tools("midjourney_imagine", "midjourney_action")
    first = respond(http, TWO_STEPS, tools)
    second = respond(
        http, outputs_for(first, "The picture is ready."), tools, previous_response_id=first["id"]
    )
    assert calls_of(second) == [("midjourney_action", {"task_id": "a red fox", "custom_id": "U1"})]


def test_responses_streamed_plan_step(http: httpx.Client) -> None:
    tools = responses_tools("midjourney_imagine", "midjourney_action")
    first = respond(http, TWO_STEPS, tools)
    body = {
        "model": "gpt-4.1",
        "input": outputs_for(first, GRID),
        "tools": tools,
        "previous_response_id": first["id"],
        "stream": True,
    }
    with http.stream("POST", RESPONSES, json=body) as response:
        events = [
            json.loads(line[len("data: ") :])
            for line in response.iter_lines()
            if line.startswith("data: ")
        ]
    (done,) = [e for e in events if e["type"] == "response.completed"]
    assert calls_of(done["response"]) == [
        (
            "midjourney_action",
            {"task_id": "1795640294316001", "custom_id": "MJ::JOB::upsample::1::abc"},
        )
    ]

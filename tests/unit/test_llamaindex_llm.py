"""GPTProto as a LlamaIndex FunctionCallingLLM: metadata, configuration, tools, wire bodies.

No sockets: requests go to an in-process httpx transport that records them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

import httpx
import pytest
from llama_index.core.base.llms.types import ChatMessage, ImageBlock, TextBlock
from llama_index.core.instrumentation import get_dispatcher
from llama_index.core.instrumentation.event_handlers import BaseEventHandler
from llama_index.core.instrumentation.events import BaseEvent
from llama_index.core.llms.function_calling import FunctionCallingLLM, _supports_tool_required
from llama_index.core.tools import FunctionTool
from pydantic import Field

from gptproto_core import GPTProtoClient
from gptproto_core.errors import AuthenticationError, ConfigurationError, InvalidInputError
from llama_index_gptproto import GPTProto
from tests.conftest import DATA

KEY = "sk-test-000000"
BOARDWALK = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/"
    "Gfp-wisconsin-madison-the-nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)
REPLY = {
    "id": "chatcmpl-1",
    "model": "gpt-4o",
    "choices": [
        {"index": 0, "message": {"role": "assistant", "content": "Hi!"}, "finish_reason": "stop"}
    ],
    "usage": {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5},
}


def multiply(a: int, b: int) -> int:
    """Multiply two integers."""
    return a * b


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


TOOLS = [FunctionTool.from_defaults(multiply), FunctionTool.from_defaults(add)]


def wired(
    llm: GPTProto, answer: Callable[[httpx.Request], httpx.Response] | None = None
) -> list[httpx.Request]:
    """Send `llm`'s sync requests to an in-process transport; returns the requests it sees."""
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request) if answer else httpx.Response(200, json=REPLY)

    transport = httpx.Client(transport=httpx.MockTransport(handler))
    settings = llm._clients.settings
    llm._clients._sync = GPTProtoClient(
        api_key=settings.api_key,
        base_url=settings.base_url,
        max_retries=settings.max_retries,
        http_client=transport,
    )
    return seen


def sent(request: httpx.Request) -> dict[str, Any]:
    return json.loads(request.content)


# --- the contract -------------------------------------------------------------------------------


def test_it_is_a_complete_function_calling_llm():
    assert issubclass(GPTProto, FunctionCallingLLM)
    assert not GPTProto.__abstractmethods__
    assert _supports_tool_required(GPTProto, True)
    assert GPTProto.class_name() == "GPTProto"


@pytest.mark.parametrize(
    ("model", "context", "output"),
    [
        ("gpt-4o", 128_000, 16_384),
        ("claude-sonnet-4-5-20250929", 200_000, 64_000),
        ("gemini-2.5-pro", 1_048_576, 65_536),
        ("grok-4", 256_000, 64_000),
        ("doubao-seed-1-6-250615", 256_000, 32_768),
        ("deepseek-reasoner", 128_000, 65_536),
    ],
)
def test_metadata_comes_from_the_catalogue(model, context, output):
    meta = GPTProto(model=model, api_key=KEY).metadata
    # num_output reserves LlamaIndex's default, not the output limit (issue 14)
    assert (meta.context_window, meta.num_output) == (context, 256)
    assert GPTProto(model=model, api_key=KEY, max_tokens=output).metadata.num_output == output
    assert meta.is_chat_model and meta.is_function_calling_model
    assert meta.model_name == model


def test_unknown_names_get_safe_defaults_and_explicit_values_win():
    meta = GPTProto(model="some-new-model-2027", api_key=KEY).metadata
    assert meta.context_window == 128_000 and meta.is_chat_model and meta.is_function_calling_model
    tuned = GPTProto(model="gpt-4o", api_key=KEY, context_window=32_000, max_tokens=1_000).metadata
    assert (tuned.context_window, tuned.num_output) == (32_000, 1_000)


def test_image_models_are_not_function_calling_models():
    assert not GPTProto(
        model="gemini-2.5-flash-image-preview", api_key=KEY
    ).metadata.is_function_calling_model


# --- configuration ------------------------------------------------------------------------------


def test_api_base_is_accepted_and_a_trailing_v1_is_dropped():
    llm = GPTProto(api_key=KEY, api_base="http://127.0.0.1:9/v1/")
    assert llm.base_url == "http://127.0.0.1:9/v1/" and llm.api_base == "http://127.0.0.1:9"
    seen = wired(llm)
    llm.chat([ChatMessage(role="user", content="Hi")])
    assert str(seen[0].url) == "http://127.0.0.1:9/v1/chat/completions"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"max_retries": -1}, "max_retries"),
        ({"timeout": 0}, "timeout"),
        ({"base_url": "ftp://gptproto.com"}, "base_url"),
    ],
)
def test_bad_settings_fail_at_construction(kwargs, message):
    with pytest.raises(ConfigurationError, match=message):
        GPTProto(api_key=KEY, **kwargs)


def test_the_key_never_appears_in_serialisation_repr_or_events():
    llm = GPTProto(api_key=KEY)
    assert "api_key" not in llm.to_dict()
    assert KEY not in repr(llm) and KEY not in json.dumps(llm.to_payload(), default=str)
    assert KEY not in llm.to_json()


class _RecordingEnviron(MutableMapping[str, str]):
    """os.environ that remembers every name read."""

    def __init__(self, real: MutableMapping[str, str]) -> None:
        self.real, self.reads = real, set[str]()

    def __getitem__(self, key: str) -> str:
        self.reads.add(key)
        return self.real[key]

    def get(self, key: str, default: Any = None) -> Any:  # type: ignore[override]
        self.reads.add(key)
        return self.real.get(key, default)

    def __contains__(self, key: object) -> bool:
        self.reads.add(str(key))
        return key in self.real

    def __setitem__(self, key: str, value: str) -> None:
        self.real[key] = value

    def __delitem__(self, key: str) -> None:
        del self.real[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.real)

    def __len__(self) -> int:
        return len(self.real)


def test_openai_api_key_in_the_environment_is_never_read(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", "sk-openai-must-not-travel")
    monkeypatch.setenv("OPENAI_API_BASE", "http://openai.invalid")
    monkeypatch.delenv("GPTPROTO_API_KEY", raising=False)
    environ = _RecordingEnviron(os.environ)
    monkeypatch.setattr(os, "environ", environ)
    with pytest.raises(ConfigurationError, match="GPTPROTO_API_KEY"):
        GPTProto(model="gpt-4o")
    monkeypatch.setenv("GPTPROTO_API_KEY", "sk-gptproto-from-env")
    llm = GPTProto(model="gpt-4o")
    seen = wired(llm)
    llm.chat([ChatMessage(role="user", content="Hi")])
    assert seen[0].headers["authorization"] == "Bearer sk-gptproto-from-env"
    assert not {"OPENAI_API_KEY", "OPENAI_API_BASE", "OPENAI_BASE_URL"} & environ.reads
    assert "GPTPROTO_API_KEY" in environ.reads


def test_a_401_is_the_core_authentication_error_and_is_not_retried():
    llm = GPTProto(api_key=KEY, max_retries=3)
    error = {"error": {"message": "Invalid token", "type": "authentication_error"}}
    seen = wired(llm, lambda _: httpx.Response(401, json=error))
    with pytest.raises(AuthenticationError):
        llm.chat([ChatMessage(role="user", content="Hi")])
    assert len(seen) == 1


# --- request bodies -----------------------------------------------------------------------------


def test_the_seed_doubao_example_through_an_image_block():
    """API.md §13.2: the documented body out; the seed page's reply (5147/133/5280) in."""
    reply = json.loads((DATA / "doubao_seed_response.json").read_text())
    llm = GPTProto(model="doubao-1-5-vision-pro-32k-250115", max_tokens=5000, api_key=KEY)
    seen = wired(llm, lambda _: httpx.Response(200, json=reply))
    response = llm.chat(
        [
            ChatMessage(
                role="user",
                blocks=[TextBlock(text="Doubao,What is in this image?"), ImageBlock(url=BOARDWALK)],
            )
        ]
    )
    assert sent(seen[0]) == {
        "model": "doubao-1-5-vision-pro-32k-250115",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "Doubao,What is in this image?"},
                    {"type": "image_url", "image_url": {"url": BOARDWALK}},
                ],
            }
        ],
        "max_tokens": 5000,
    }
    assert seen[0].headers["authorization"] == f"Bearer {KEY}"
    assert response.message.content == reply["choices"][0]["message"]["content"]
    usage = response.additional_kwargs
    assert (usage["prompt_tokens"], usage["completion_tokens"], usage["total_tokens"]) == (
        5147,
        133,
        5280,
    )
    assert usage["prompt_tokens_details"] == {"cached_tokens": 0}
    assert usage["completion_tokens_details"] == {"reasoning_tokens": 0}


def test_only_set_options_are_sent_and_extra_fields_merge_last():
    llm = GPTProto(api_key=KEY, temperature=0.2, additional_kwargs={"seed": 7, "top_p": 0.5})
    seen = wired(llm)
    llm.chat([ChatMessage(role="user", content="Hi")], stop=["x"], user="u1")
    assert sent(seen[0]) == {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "Hi"}],
        "temperature": 0.2,
        "stop": ["x"],
        "seed": 7,
        "top_p": 0.5,
        "user": "u1",
    }
    assert llm.additional_kwargs == {"seed": 7, "top_p": 0.5}


def test_chat_with_tools_body():
    llm = GPTProto(api_key=KEY)
    seen = wired(llm)
    history = [ChatMessage(role="system", content="Be exact.")]
    llm.chat_with_tools(TOOLS, user_msg="What is 6 times 7?", chat_history=history)
    body = sent(seen[0])
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert len(history) == 1  # the caller's list is not modified
    function = body["tools"][0]["function"]
    assert body["tools"][0]["type"] == "function" and function["name"] == "multiply"
    # The schema as the tool describes it: no `strict`, no `additionalProperties` added.
    assert function["parameters"] == {
        "properties": {
            "a": {"title": "A", "type": "integer"},
            "b": {"title": "B", "type": "integer"},
        },
        "required": ["a", "b"],
        "type": "object",
    }
    assert "strict" not in function
    assert body["parallel_tool_calls"] is False and "tool_choice" not in body


@pytest.mark.parametrize(
    ("kwargs", "choice"),
    [
        ({"tool_required": True}, "required"),
        ({"tool_choice": "add"}, {"type": "function", "function": {"name": "add"}}),
        ({"tool_choice": "auto", "tool_required": True}, "auto"),
        ({"tool_choice": "none"}, "none"),
        ({"tool_choice": "any"}, "required"),
    ],
)
def test_tool_required_and_tool_choice(kwargs, choice):
    prepared = GPTProto(api_key=KEY)._prepare_chat_with_tools(TOOLS, user_msg="Hi", **kwargs)
    assert prepared["tool_choice"] == choice


def test_an_unknown_tool_choice_is_refused_before_sending():
    with pytest.raises(InvalidInputError, match="not among the bound tools"):
        GPTProto(api_key=KEY)._prepare_chat_with_tools(TOOLS, user_msg="Hi", tool_choice="divide")


def test_parallel_calls_allowed_sends_no_flag():
    prepared = GPTProto(api_key=KEY)._prepare_chat_with_tools(
        TOOLS, user_msg="Hi", allow_parallel_tool_calls=True
    )
    assert "parallel_tool_calls" not in prepared


def test_stream_options_are_sent_by_default_and_can_be_switched_off():
    on = GPTProto(api_key=KEY)._payload([ChatMessage(role="user", content="Hi")], True, {})
    off = GPTProto(api_key=KEY, stream_usage=False)._payload(
        [ChatMessage(role="user", content="Hi")], True, {}
    )
    assert on["stream_options"] == {"include_usage": True} and on["stream"] is True
    assert "stream_options" not in off


# --- instrumentation ------------------------------------------------------------------------------


class _Events(BaseEventHandler):
    names: list[str] = Field(default_factory=list)

    @classmethod
    def class_name(cls) -> str:
        return "_Events"

    def handle(self, event: BaseEvent, **kwargs: Any) -> None:
        self.names.append(event.class_name())


@pytest.fixture
def events() -> Iterator[list[str]]:
    handler = _Events(names=[])
    root = get_dispatcher()
    root.add_event_handler(handler)
    yield handler.names
    root.event_handlers.remove(handler)


def test_chat_and_complete_fire_instrumentation_events(events):
    llm = GPTProto(api_key=KEY)
    wired(llm)
    llm.chat([ChatMessage(role="user", content="Hi")])
    llm.complete("Hi")
    assert [e for e in events if e.startswith("LLM")] == [
        "LLMChatStartEvent",
        "LLMChatEndEvent",
        "LLMCompletionStartEvent",
        "LLMCompletionEndEvent",
    ]


def _sse(*chunks: dict[str, Any]) -> httpx.Response:
    text = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
    return httpx.Response(200, text=text, headers={"content-type": "text/event-stream"})


def test_stream_chat_fires_progress_events_and_ends_with_usage(events):
    llm = GPTProto(api_key=KEY)
    usage = {"prompt_tokens": 3, "completion_tokens": 2, "total_tokens": 5}
    wired(
        llm,
        lambda _: _sse(
            {"choices": [{"index": 0, "delta": {"content": "Hel"}}]},
            {"choices": [{"index": 0, "delta": {"content": "lo"}, "finish_reason": "stop"}]},
            {"choices": [], "usage": usage},
        ),
    )
    responses = list(llm.stream_chat([ChatMessage(role="user", content="Hi")]))
    assert [r.delta for r in responses] == ["Hel", "lo", ""]
    assert responses[-1].message.content == "Hello"
    assert responses[-1].additional_kwargs == usage
    assert [e for e in events if e.startswith("LLM")] == [
        "LLMChatStartEvent",
        "LLMChatInProgressEvent",
        "LLMChatInProgressEvent",
        "LLMChatInProgressEvent",
        "LLMChatEndEvent",
    ]

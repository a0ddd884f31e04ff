"""One GPTProto call as (route, body): `/v1/chat/completions` or `/v1/responses` (API.md §3.6–3.7).

    route, body = build_request(settings, wire_messages, stream=False, kwargs={...})
    reply = parse_reply(route, client.request_json("POST", route, json=body))

The route follows the core's rule (`gptproto_core.responses.use_responses_api`): an explicit
`use_responses_api` wins; otherwise o-series and deep-research models, a reasoning setting, or a
built-in tool (`{"type": "web_search_preview"}`) choose Responses, and everything else stays on
chat completions. The same wire messages feed both bodies, so every block converter is shared.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from llama_index.core.base.llms.types import ChatResponse

from gptproto_core.chat import CHAT_PATH, build_chat_payload, parse_chat_completion
from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.responses import (
    RESPONSES_PATH,
    ResponsesStreamParser,
    build_responses_payload,
    parse_response,
    use_responses_api,
)
from llama_index_gptproto._responses import ResponseStream, result_to_response

__all__ = ["RequestSettings", "build_request", "new_stream", "parse_reply"]

# Call-time options with a place of their own in the body; any other keyword goes in as is.
_BODY_OPTIONS = ("tools", "tool_choice", "parallel_tool_calls", "response_format", "top_p", "stop")


@dataclass(frozen=True)
class RequestSettings:
    """The LLM's fields that shape a body (call-time keywords override them)."""

    model: str
    temperature: float | None
    max_tokens: int | None
    stream_usage: bool
    use_responses_api: bool | None
    reasoning_effort: str | None
    reasoning_summary: str | None
    additional_kwargs: Mapping[str, Any]


def _reasoning(settings: RequestSettings, kwargs: dict[str, Any]) -> dict[str, Any] | None:
    reasoning = dict(kwargs.pop("reasoning", None) or {})
    effort = kwargs.pop("reasoning_effort", settings.reasoning_effort)
    summary = kwargs.pop("reasoning_summary", settings.reasoning_summary)
    if effort:
        reasoning.setdefault("effort", effort)
    if summary:
        reasoning.setdefault("summary", summary)
    return reasoning or None


def build_request(
    settings: RequestSettings,
    wire: Sequence[Mapping[str, Any]],
    *,
    stream: bool,
    kwargs: dict[str, Any],
) -> tuple[str, dict[str, Any]]:
    """(path, body) for `wire` messages; `kwargs` are the call's keywords (consumed)."""
    body = {key: kwargs.pop(key) for key in _BODY_OPTIONS if key in kwargs}
    explicit = kwargs.pop("use_responses_api", settings.use_responses_api)
    reasoning = _reasoning(settings, kwargs)
    stream_usage = kwargs.pop("stream_usage", settings.stream_usage)
    temperature = kwargs.pop("temperature", settings.temperature)
    max_tokens = kwargs.pop("max_tokens", settings.max_tokens)
    extra = {**settings.additional_kwargs, **kwargs}
    model = settings.model
    if use_responses_api(model, explicit, reasoning=reasoning, tools=body.get("tools")):
        payload = build_responses_payload(
            model,
            wire,
            stream=stream,
            temperature=temperature,
            max_tokens=max_tokens,  # sent as max_output_tokens
            reasoning=reasoning,
            **body,
            extra=extra,
        )
        return RESPONSES_PATH, payload
    if reasoning and reasoning.get("effort"):
        extra.setdefault("reasoning_effort", reasoning["effort"])
    payload = build_chat_payload(
        model,
        wire,
        stream=stream,
        stream_usage=stream_usage,
        temperature=temperature,
        max_tokens=max_tokens,
        **body,
        extra=extra,
    )
    return CHAT_PATH, payload


def parse_reply(path: str, body: Any) -> ChatResponse:
    """A reply body of either route as a `ChatResponse`."""
    result = parse_response(body) if path == RESPONSES_PATH else parse_chat_completion(body)
    return result_to_response(result)


def new_stream(path: str) -> ResponseStream:
    """A `ResponseStream` reading the events of `path`'s streaming format."""
    parser = ResponsesStreamParser() if path == RESPONSES_PATH else ChatStreamParser()
    return ResponseStream(parser)

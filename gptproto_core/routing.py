"""One chat call as (route, body): `/v1/chat/completions` or `/v1/responses` (API.md §3.6–3.7).

    defaults = CallDefaults(model="o3", reasoning_summary="auto")
    path, body = build_request(defaults, wire_messages, stream=False, options={"tools": [...]})
    result = parse_reply(path, client.request_json("POST", path, json=body))

Both adapters keep their own fields and message converters; this module turns those fields, the
call's keyword options and the wire messages into a request, the same way for both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gptproto_core.chat import CHAT_PATH, ChatResult, build_chat_payload, parse_chat_completion
from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.content import check_model_accepts
from gptproto_core.models import model_info
from gptproto_core.request_checks import check_options
from gptproto_core.responses import (
    RESPONSES_PATH,
    ResponsesStreamParser,
    build_responses_payload,
    parse_response,
    use_responses_api,
)

__all__ = ["CallDefaults", "build_request", "new_stream_parser", "parse_reply"]

# Call options with a place of their own in the body; any other keyword goes in as it is.
_BODY_OPTIONS = ("tools", "tool_choice", "parallel_tool_calls", "response_format")


@dataclass(frozen=True)
class CallDefaults:
    """A model object's settings; a call's keyword options override each of them."""

    model: str
    temperature: float | None = None
    max_tokens: int | None = None
    top_p: float | None = None
    stop: Sequence[str] | None = None
    stream_usage: bool = True
    use_responses_api: bool | None = None
    reasoning_effort: str | None = None
    reasoning_summary: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)  # under the call's options
    overrides: Mapping[str, Any] = field(default_factory=dict)  # over everything


def _reasoning(defaults: CallDefaults, options: dict[str, Any]) -> dict[str, Any] | None:
    reasoning = dict(options.pop("reasoning", None) or {})
    effort = options.pop("reasoning_effort", defaults.reasoning_effort)
    summary = options.pop("reasoning_summary", defaults.reasoning_summary)
    if effort:
        reasoning.setdefault("effort", effort)
    if summary:
        reasoning.setdefault("summary", summary)
    return reasoning or None


def build_request(
    defaults: CallDefaults,
    wire: Sequence[Mapping[str, Any]],
    *,
    stream: bool,
    options: dict[str, Any],
) -> tuple[str, dict[str, Any]]:
    """(path, body); `options` are the call's keywords and are consumed. Input a model cannot
    take raises `InvalidInputError` here, before any request."""
    model = options.pop("model", None) or defaults.model
    check_model_accepts(model_info(model), wire)
    body = {key: options.pop(key) for key in _BODY_OPTIONS if key in options}
    explicit = options.pop("use_responses_api", defaults.use_responses_api)
    reasoning = _reasoning(defaults, options)
    stream_usage = options.pop("stream_usage", defaults.stream_usage)
    sampling = {
        "temperature": options.pop("temperature", defaults.temperature),
        "max_tokens": options.pop("max_tokens", defaults.max_tokens),
        "top_p": options.pop("top_p", defaults.top_p),
        "stop": options.pop("stop", None) or defaults.stop,
    }
    check_options(
        temperature=sampling["temperature"],
        top_p=sampling["top_p"],
        max_tokens=sampling["max_tokens"],
        tools=body.get("tools"),
    )
    extra = {**defaults.extra, **options, **defaults.overrides}
    if use_responses_api(model, explicit, reasoning=reasoning, tools=body.get("tools")):
        payload = build_responses_payload(
            model, wire, stream=stream, reasoning=reasoning, **sampling, **body, extra=extra
        )
        return RESPONSES_PATH, payload
    if reasoning and reasoning.get("effort"):
        extra.setdefault("reasoning_effort", reasoning["effort"])
    payload = build_chat_payload(
        model, wire, stream=stream, stream_usage=stream_usage, **sampling, **body, extra=extra
    )
    return CHAT_PATH, payload


def parse_reply(path: str, body: Any) -> ChatResult:
    return parse_response(body) if path == RESPONSES_PATH else parse_chat_completion(body)


def new_stream_parser(path: str) -> ChatStreamParser | ResponsesStreamParser:
    return ResponsesStreamParser() if path == RESPONSES_PATH else ChatStreamParser()

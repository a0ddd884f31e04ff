"""The deterministic "model" behind ``/v1/chat/completions`` (rules listed in docs/emulator.md).

Answers come from general rules over the request, never from a table of known prompts:
tool results → the next tool the user's plan names, else an answer that uses them; offered
tools → calls with arguments built from each tool's schema (ids and URLs copied from
earlier tool results); ``response_format`` → JSON; image-output models → a markdown image
(API.md §5.5, §3.1); otherwise a short text that names the model, echoes the last user text and
describes what was attached.

    >>> from gptproto_emulator.chat.request import ChatRequest
    >>> reply(ChatRequest("gpt-4o", [{"role": "user", "content": "Hi"}]), b"seed").content
    'I am the gptproto emulator (model gpt-4o). You said: "Hi".'
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass, field, replace
from typing import Any

from gptproto_emulator.chat.request import ChatRequest
from gptproto_emulator.http.origin import files_url
from gptproto_emulator.media.png import make_png
from gptproto_emulator.model.attachments import inspect_part
from gptproto_emulator.model.literals import Literals, quoted_identifiers
from gptproto_emulator.model.result_values import ResultValues
from gptproto_emulator.model.schema_instance import build_instance
from gptproto_emulator.model.tokens import text_tokens, truncate_to_tokens
from gptproto_emulator.model.tool_select import plan_clause, select_tools
from gptproto_emulator.model.traits import image_output, is_reasoning_model
from gptproto_emulator.model.transcript import (
    ToolResult,
    calls_since_last_user,
    fold_attachment_turns,
    last_user_parts,
    last_user_text,
    tool_texts,
    trailing_tool_results,
)

_ECHO_LIMIT = 300


@dataclass(frozen=True)
class ToolCall:
    """One function call of the assistant; ``arguments`` is a JSON string."""

    id: str
    name: str
    arguments: str


@dataclass(frozen=True)
class Reply:
    """What the assistant says: content or tool calls, optional reasoning, why it stopped."""

    content: str | None
    finish_reason: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    reasoning: str | None = None


def reply(request: ChatRequest, seed: bytes) -> Reply:
    """Answer ``request``; ``seed`` (the raw body) makes ids deterministic."""
    request = replace(request, messages=fold_attachment_turns(request.messages))
    text = last_user_text(request.messages)
    results = trailing_tool_results(request.messages)
    literals = Literals(text, exclude=[t["function"]["name"] for t in request.tools])
    chosen = _chosen_tools(request, text, bool(results))
    if chosen:
        earlier = tool_texts(request.messages)
        values = ResultValues(earlier, text) if earlier else None
        calls = [
            _call(tool, _clause_literals(request, text, tool, literals), values, seed, i)
            for i, tool in enumerate(chosen)
        ]
        plan = "call " + " and ".join(c.name for c in calls)
        return Reply(None, "tool_calls", calls, _reasoning(request, text, plan))
    content, plan = _answer(request, text, results, literals)
    content, finish = _apply_limits(content, request.stop, request.max_tokens)
    return Reply(content, finish, [], _reasoning(request, text, plan))


def _chosen_tools(request: ChatRequest, text: str, after_results: bool) -> list[dict[str, Any]]:
    called = calls_since_last_user(request.messages)
    return select_tools(
        request.tools,
        request.tool_choice,
        request.parallel_tool_calls,
        text,
        called,
        after_results,
    )


def _clause_literals(
    request: ChatRequest, text: str, tool: dict[str, Any], shared: Literals
) -> Literals:
    """The literals of the part of a sequential plan that names ``tool`` (rule 3); ``shared``
    (the whole text's, used up call by call) otherwise."""
    clause = plan_clause(request.tools, text, tool["function"]["name"])
    if clause == text:
        return shared
    names = [t["function"]["name"] for t in request.tools]
    return Literals(clause, exclude=names, whole=Literals(text, exclude=names))


def _call(
    tool: dict[str, Any],
    literals: Literals,
    values: ResultValues | None,
    seed: bytes,
    index: int,
) -> ToolCall:
    function = tool["function"]
    parameters = function.get("parameters") or {}
    arguments = build_instance(parameters, literals, values) if parameters else {}
    if not isinstance(arguments, dict):
        arguments = {}
    call_id = "call_" + hashlib.sha256(seed + str(index).encode()).hexdigest()[:24]
    return ToolCall(call_id, function["name"], json.dumps(arguments, ensure_ascii=False))


def _answer(
    request: ChatRequest, text: str, results: list[ToolResult], literals: Literals
) -> tuple[str, str]:
    """The content and a short plan for the reasoning sentence."""
    if results:
        base, plan = _from_tool_results(results), "answer from the tool result"
    elif image_output(request.model):
        parts = last_user_parts(request.messages)
        base, plan = (
            _image_answer(request.model, text, parts),
            "draw the picture that was asked for",
        )
    else:
        base, plan = _text_answer(request, text), "answer directly"
    fmt = request.response_format or {}
    if fmt.get("type") == "json_schema":
        spec = fmt["json_schema"]
        instance = build_instance(spec["schema"], literals)
        content = json.dumps(instance, ensure_ascii=False, separators=(",", ":"))
        return content, f"write JSON that fits the schema '{spec['name']}'"
    if fmt.get("type") == "json_object":
        keys = quoted_identifiers(text) or ["answer"]
        content = json.dumps({k: base for k in keys}, ensure_ascii=False, separators=(",", ":"))
        return content, "write a JSON object"
    return base, plan


def _from_tool_results(results: list[ToolResult]) -> str:
    if len(results) == 1:
        return f"Based on the tool result: {_clip(results[0].text, 1000)}"
    joined = "; ".join(f"{r.name}: {_clip(r.text, 500)}" for r in results)
    return f"Based on the tool results: {joined}"


def _text_answer(request: ChatRequest, text: str) -> str:
    sentences = [f"I am the gptproto emulator (model {request.model})."]
    if text.strip():
        sentences.append(f'You said: "{_clip(text.strip(), _ECHO_LIMIT)}".')
    else:
        sentences.append("You sent no text.")
    described = [inspect_part(p).description for p in last_user_parts(request.messages)]
    if described:
        sentences.append(f"You sent {_join(described)}.")
    return " ".join(sentences)


def _image_answer(model: str, text: str, parts: list[dict[str, Any]]) -> str:
    intro = f'Here is the image you asked for: "{_clip(text.strip(), 100) or "an image"}".'
    seed = f"{model}\n{text}".encode()
    source = next((p for p in parts if p["type"] == "image_url"), None)
    if source is not None:  # an edit: API.md §5.5 "Image to Image" (the image in the user turn)
        intro += f" I edited {inspect_part(source).description}."
        seed += source["image_url"]["url"].encode()
    if image_output(model) == "data_uri":
        picture = base64.b64encode(make_png(8, 8, seed)).decode("ascii")
        return f"{intro}\n![image](data:image/png;base64,{picture})"
    digest = hashlib.sha256(seed).hexdigest()[:32]
    link = f"![image]({files_url(f'cdn/{digest}.png')})"
    if model.lower().endswith(_REVERSE_SUFFIXES):
        return f"{_progress_lines(digest)}\n\n{intro}\n\n{link}"
    return f"{intro}\n\n{link}"


# The reverse "-vip" / "-all" image models stream progress lines before the link (API.md §3.1,
# the pattern of §5.1): a task line, a growing row of dots, a done line, as quoted markdown.
_REVERSE_SUFFIXES = ("-vip", "-all")


def _progress_lines(digest: str) -> str:
    return "\n".join(
        [
            f"> Image generation task created, ID: `{digest[:12]}`",
            "> Generating.",
            "> Generating...",
            "> Generating......",
            "> Image generated",
        ]
    )


def _reasoning(request: ChatRequest, text: str, plan: str) -> str | None:
    if not is_reasoning_model(request.model):
        return None
    count = len(request.messages)
    messages = "message" if count == 1 else "messages"
    asked = f'The user asked: "{_clip(text.strip(), 80)}".' if text.strip() else "No user text."
    return f"{asked} I read the {count} {messages} of the conversation and decided to {plan}."


def _apply_limits(content: str, stop: list[str], max_tokens: int | None) -> tuple[str, str]:
    """Cut at the first stop sequence, then at ``max_tokens`` completion tokens."""
    cuts = [i for i in (content.find(s) for s in stop) if i >= 0]
    if cuts:
        content = content[: min(cuts)]
    if max_tokens is not None and text_tokens(content) > max_tokens:
        return truncate_to_tokens(content, max_tokens), "length"
    return content, "stop"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

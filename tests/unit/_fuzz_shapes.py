"""Hypothesis strategies: the documented chat and Responses bodies (API.md §3), mutated.

    body = data.draw(mutated(CHAT_COMPLETION))       # one to three fields broken
    wire = data.draw(sse_bytes(CHAT_CHUNKS))          # a stream, broken at the JSON or byte level

Every field of every shape can be deleted, nulled, given a value of the wrong type, made huge,
NaN or Infinity, nested deeply or truncated. Streams can also lose bytes, gain non-UTF-8 ones,
switch line ends and arrive in arbitrary chunks.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

PNG_B64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAHnOcQAAAAABJRU5ErkJggg=="

# --- documented shapes (API.md §3.1–3.3, §3.6–3.7) -------------------------------------------

CHAT_COMPLETION: dict[str, Any] = {
    "id": "chatcmpl-1",
    "object": "chat.completion",
    "created": 1_730_000_000,
    "model": "gpt-4o",
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": f"See ![cat](https://x.test/cat.png) and ![d](data:image/png;base64,{PNG_B64})",
                "reasoning_content": "thinking",
                "tool_calls": [
                    {
                        "id": "call_1",
                        "type": "function",
                        "function": {"name": "get_weather", "arguments": '{"city": "Paris"}'},
                    }
                ],
                "images": [{"type": "image_url", "image_url": {"url": "https://x.test/a.png"}}],
            },
            "finish_reason": "tool_calls",
        }
    ],
    "usage": {
        "prompt_tokens": 10,
        "completion_tokens": 5,
        "total_tokens": 15,
        "prompt_tokens_details": {"cached_tokens": 2, "audio_tokens": 0},
        "completion_tokens_details": {"reasoning_tokens": 1, "audio_tokens": 0},
        "cache_read_input_tokens": 3,
    },
}

CHAT_CHUNKS: list[dict[str, Any]] = [
    {
        "id": "chatcmpl-2",
        "model": "gpt-4o",
        "choices": [{"index": 0, "delta": {"role": "assistant", "content": "Hel"}}],
    },
    {"id": "chatcmpl-2", "choices": [{"index": 0, "delta": {"content": "lo ![a](https://x.t"}}]},
    {"id": "chatcmpl-2", "choices": [{"index": 0, "delta": {"content": "est/a.png)"}}]},
    {"choices": [{"index": 0, "delta": {"reasoning_content": "hmm"}}]},
    {
        "choices": [
            {
                "index": 0,
                "delta": {
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "call_1",
                            "type": "function",
                            "function": {"name": "get_weather", "arguments": '{"ci'},
                        }
                    ]
                },
            }
        ]
    },
    {
        "choices": [
            {
                "index": 0,
                "delta": {"tool_calls": [{"index": 0, "function": {"arguments": 'ty":1}'}}]},
            }
        ]
    },
    {"choices": [{"index": 0, "delta": {}, "finish_reason": "tool_calls"}]},
    {"choices": [], "usage": {"prompt_tokens": 3, "completion_tokens": 4, "total_tokens": 7}},
]

RESPONSE: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "model": "o3",
    "status": "completed",
    "output": [
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "plan"}]},
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "content": [{"type": "output_text", "text": "Hello", "annotations": []}],
        },
        {
            "type": "function_call",
            "id": "fc_1",
            "call_id": "call_1",
            "name": "get_weather",
            "arguments": '{"city":"Paris"}',
        },
    ],
    "incomplete_details": None,
    "usage": {
        "input_tokens": 10,
        "output_tokens": 5,
        "total_tokens": 15,
        "input_tokens_details": {"cached_tokens": 1},
        "output_tokens_details": {"reasoning_tokens": 2},
    },
}

RESPONSES_EVENTS: list[dict[str, Any]] = [
    {"type": "response.created", "response": {"id": "resp_2", "status": "in_progress"}},
    {"type": "response.reasoning_summary_part.added", "item_id": "rs_1", "summary_index": 0},
    {"type": "response.reasoning_summary_text.delta", "item_id": "rs_1", "delta": "plan"},
    {"type": "response.reasoning_summary_part.added", "item_id": "rs_1", "summary_index": 1},
    {"type": "response.output_text.delta", "output_index": 1, "delta": "Hel"},
    {
        "type": "response.output_item.added",
        "output_index": 2,
        "item": {"type": "function_call", "call_id": "call_1", "name": "f", "arguments": ""},
    },
    {"type": "response.function_call_arguments.delta", "output_index": 2, "delta": '{"a":'},
    {"type": "response.function_call_arguments.delta", "output_index": 2, "delta": "1}"},
    {
        "type": "response.completed",
        "response": {
            "id": "resp_2",
            "model": "o3",
            "status": "completed",
            "output": [{"type": "function_call"}],
            "usage": {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3},
        },
    },
]

# --- values of the wrong kind ----------------------------------------------------------------

HUGE_INT = 10**400  # float() overflows on it
DEEP = "[" * 60_000 + "]" * 60_000  # json.loads raises RecursionError on it


def _deep(levels: int) -> Any:
    value: Any = "x"
    for index in range(levels):
        value = [value] if index % 2 else {"k": value}
    return value


_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.just(HUGE_INT),
    st.just(-HUGE_INT),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(
        [
            "",
            "[DONE]",
            "![alt text](image.png)",
            "![x](data:text/plain;base64,aGk=)",
            "![x](data:image/png;base64,@@@)",
            "![x](/relative/path.png)",
            "![x](http://[::1)",
            "\ud800",  # a lone surrogate: not encodable as UTF-8
            "²",  # a digit to str.isdigit(), not to int()
            "x" * 5000,
        ]
    ),
)
weird_values: st.SearchStrategy[Any] = st.one_of(
    _scalars,
    st.lists(_scalars, max_size=3),
    st.dictionaries(st.text(max_size=5), _scalars, max_size=3),
    st.sampled_from([120, 2000]).map(_deep),
)


# --- mutations of a decoded body --------------------------------------------------------------

Path = tuple[Any, ...]


def paths(value: Any, prefix: Path = ()) -> Iterator[Path]:
    """Every field and list item of a body, outermost first (not inside deep inserted values)."""
    if len(prefix) > 12:
        return
    if isinstance(value, dict):
        for key, child in value.items():
            yield (*prefix, key)
            yield from paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield (*prefix, index)
            yield from paths(child, (*prefix, index))


def _apply(body: Any, path: Path, how: str, value: Any) -> Any:
    if not path:
        return value
    parent = body
    for step in path[:-1]:
        parent = parent[step]
    last = path[-1]
    current = parent[last]
    if how == "delete":
        del parent[last]
    elif how == "truncate" and isinstance(current, str):
        parent[last] = current[: len(current) // 2]
    else:
        parent[last] = value
    return body


@st.composite
def mutated(draw: st.DrawFn, shape: Any, most: int = 3) -> Any:
    """`shape` with one to `most` fields deleted, truncated or replaced by a weird value."""
    body = copy.deepcopy(shape)
    for _ in range(draw(st.integers(1, most))):
        where = list(paths(body))
        if not where:
            break
        path = draw(st.sampled_from([(), *where]))
        how = draw(st.sampled_from(["delete", "truncate", "replace", "replace"]))
        if not path and how == "delete":
            how = "replace"
        body = _apply(body, path, how, draw(weird_values))
    return body


def to_json(value: Any) -> str:
    """JSON text of a mutated body (NaN and Infinity as Python writes them)."""
    try:
        return json.dumps(value)
    except RecursionError:
        return "[" * 2000  # too deep to write: a deep, unfinished array instead
    except (ValueError, TypeError):
        return repr(value)


# --- streams --------------------------------------------------------------------------------


@st.composite
def data_strings(draw: st.DrawFn, events: list[dict[str, Any]]) -> list[str]:
    """The SSE `data` strings of a stream with up to two events mutated, dropped or cut short."""
    out: list[str] = []
    damaged = draw(st.sets(st.integers(0, len(events) - 1), max_size=2))
    for index, event in enumerate(events):
        choice = "keep"
        if index in damaged:
            choice = draw(st.sampled_from(["mutate", "mutate", "drop", "cut", "deep", "huge"]))
        if choice == "drop":
            continue
        text = to_json(draw(mutated(event, 2)) if choice == "mutate" else event)
        if choice == "cut":
            text = text[: draw(st.integers(0, len(text)))]
        elif choice == "deep":
            text = DEEP
        elif choice == "huge":
            text = text.replace("1", "9" * 5000, 1)
        out.append(text)
    if draw(st.booleans()):
        out.append("[DONE]")
    return out


_LINE_ENDS = st.sampled_from([b"\n", b"\r\n", b"\r"])


@st.composite
def sse_bytes(draw: st.DrawFn, events: list[dict[str, Any]]) -> list[bytes]:
    """A stream's bytes: mutated events, any line end, junk bytes, cut anywhere, re-chunked."""
    end = draw(_LINE_ENDS)
    wire = b"".join(
        b"data: " + data.encode("utf-8", "surrogatepass") + end + end
        for data in draw(data_strings(events))
    )
    damage = draw(st.sampled_from(["none", "none", "junk", "cut"]))
    at = draw(st.integers(0, len(wire)))
    if damage == "junk":
        wire = (
            wire[:at] + draw(st.sampled_from([b"\xff\xfe", b"\xc3", b"\x00", b":\r"])) + wire[at:]
        )
    elif damage == "cut":
        wire = wire[:at]
    cuts = sorted(draw(st.lists(st.integers(0, len(wire)), max_size=6)))
    return [wire[a:b] for a, b in zip([0, *cuts], [*cuts, len(wire)], strict=True)]

import json

import pytest

from gptproto_core.chat_stream import ChatStreamParser
from gptproto_core.errors import ServerError, UnexpectedResponseError


def chunk(delta=None, finish=None, usage=None, choices=True):
    body = {"id": "chatcmpl-1", "model": "m", "object": "chat.completion.chunk"}
    body["choices"] = (
        [{"index": 0, "delta": delta or {}, "finish_reason": finish}] if choices else []
    )
    if usage:
        body["usage"] = usage
    return json.dumps(body)


def run(events):
    parser = ChatStreamParser()
    deltas = [d for d in (parser.feed(e) for e in events) if d is not None]
    return parser, deltas, parser.finish()


def calls_of(parser):
    return [(c.id, c.name, c.arguments) for c in parser.tool_calls.calls()]


def test_standard_tool_call_deltas():
    parser, deltas, last = run(
        [
            chunk(
                {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "index": 0,
                            "id": "call_a",
                            "type": "function",
                            "function": {"name": "f", "arguments": ""},
                        }
                    ],
                }
            ),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": '{"x": '}}]}),
            chunk({"tool_calls": [{"index": 0, "function": {"arguments": "1}"}}]}),
            chunk(finish="tool_calls"),
            "[DONE]",
        ]
    )
    assert calls_of(parser) == [("call_a", "f", {"x": 1})]
    assert last.finish_reason == "tool_calls"
    ids = [c.id for d in deltas for c in d.tool_call_chunks]
    assert ids == ["call_a", None, None]


def test_several_calls_in_one_chunk():
    parser, deltas, _ = run(
        [
            chunk(
                {
                    "tool_calls": [
                        {"index": 0, "id": "a", "function": {"name": "f", "arguments": '{"x":1}'}},
                        {"index": 1, "id": "b", "function": {"name": "g", "arguments": '{"y":2}'}},
                    ]
                }
            ),
        ]
    )
    assert calls_of(parser) == [("a", "f", {"x": 1}), ("b", "g", {"y": 2})]
    assert [c.index for c in deltas[0].tool_call_chunks] == [0, 1]


def test_missing_index():
    parser, _, _ = run(
        [
            chunk({"tool_calls": [{"id": "a", "function": {"name": "f", "arguments": '{"x"'}}]}),
            chunk({"tool_calls": [{"function": {"arguments": ":1}"}}]}),
            chunk({"tool_calls": [{"id": "b", "function": {"name": "g", "arguments": "{}"}}]}),
        ]
    )
    assert calls_of(parser) == [("a", "f", {"x": 1}), ("b", "g", {})]


def test_id_and_name_repeated_in_every_chunk_are_not_glued():
    parser, deltas, _ = run(
        [
            chunk(
                {
                    "tool_calls": [
                        {"index": 0, "id": "call_a", "function": {"name": "f", "arguments": '{"x"'}}
                    ]
                }
            ),
            chunk(
                {
                    "tool_calls": [
                        {"index": 0, "id": "call_a", "function": {"name": "f", "arguments": ":2}"}}
                    ]
                }
            ),
        ]
    )
    assert calls_of(parser) == [("call_a", "f", {"x": 2})]
    second = deltas[1].tool_call_chunks[0]
    assert (second.id, second.name, second.index) == (None, None, 0)


def test_same_index_with_new_id_is_a_new_call():
    parser, _, _ = run(
        [
            chunk(
                {
                    "tool_calls": [
                        {"index": 0, "id": "a", "function": {"name": "f", "arguments": "{}"}}
                    ]
                }
            ),
            chunk(
                {
                    "tool_calls": [
                        {"index": 0, "id": "b", "function": {"name": "g", "arguments": "{}"}}
                    ]
                }
            ),
        ]
    )
    assert [c[0] for c in calls_of(parser)] == ["a", "b"]


def test_usage_only_in_the_final_delta_and_reasoning_kept():
    _, deltas, last = run(
        [
            chunk({"reasoning_content": "think "}),
            chunk(
                {"content": "Hi"},
                usage={"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
            ),
            chunk(finish="stop"),
            chunk(
                choices=False,
                usage={
                    "prompt_tokens": 5,
                    "completion_tokens": 2,
                    "total_tokens": 7,
                    "completion_tokens_details": {"reasoning_tokens": 1},
                },
            ),
            "[DONE]",
        ]
    )
    assert [d.reasoning for d in deltas] == ["think ", ""]
    assert all(d.usage is None for d in deltas)
    assert last.usage is not None and (last.usage.input_tokens, last.usage.reasoning) == (5, 1)
    assert (last.model, last.id, last.finish_reason) == ("m", "chatcmpl-1", "stop")


def test_error_in_the_middle_of_a_stream_raises_typed_error():
    parser = ChatStreamParser()
    parser.feed(chunk({"content": "Hel"}))
    with pytest.raises(ServerError, match="upstream broke"):
        parser.feed(json.dumps({"error": {"message": "upstream broke", "type": "server_error"}}))


def test_garbage_chunk_is_unexpected_response():
    with pytest.raises(UnexpectedResponseError):
        ChatStreamParser().feed("{not json")


PNG = "iVBORw0KGgo="


@pytest.mark.parametrize("split", [1, 3, 7, 12, 20, 30])
def test_data_uri_image_split_across_chunks_is_removed_from_text(split):
    text = f"Here you go ![image](data:image/png;base64,{PNG}) enjoy!"
    pieces = [text[i : i + split] for i in range(0, len(text), split)]
    _, deltas, last = run([chunk({"content": p}) for p in pieces])
    streamed = "".join(d.text for d in deltas) + last.text
    assert streamed == "Here you go  enjoy!"
    assert [(i.data, i.mime_type) for i in last.images] == [(PNG, "image/png")]


def test_url_image_stays_in_text_and_is_reported():
    text = "Done: ![cat](https://cdn.example/cat.png)!"
    _, deltas, last = run([chunk({"content": text[:9]}), chunk({"content": text[9:]})])
    assert "".join(d.text for d in deltas) + last.text == text
    assert last.images[0].url == "https://cdn.example/cat.png"


def test_exclamation_marks_are_not_held_back():
    _, deltas, last = run([chunk({"content": "Wow! "}), chunk({"content": "Great!"})])
    assert "".join(d.text for d in deltas) + last.text == "Wow! Great!"
    assert deltas[0].text == "Wow! "

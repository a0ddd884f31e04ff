import json

from gptproto_core.sse import SSEDecoder

RECORDED = (
    b": keep-alive comment\r\n\r\n"
    b'data: {"choices":[{"delta":{"content":"Bonjour \xc3\xa0 toi \xe2\x9c\x93"}}]}\r\n\r\n'
    b"event: message\n"
    b'data: {"choices":[{"delta":{"content":"line1"}}],\n'
    b'data: "more":1}\n\n'
    b"data: [DONE]\n\n"
)


def decode(chunks):
    decoder = SSEDecoder()
    events = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    events.extend(decoder.flush())
    return events


def test_whole_stream():
    events = decode([RECORDED])
    assert [e.event for e in events] == [None, "message", None]
    assert json.loads(events[0].data)["choices"][0]["delta"]["content"] == "Bonjour à toi ✓"
    assert json.loads(events[1].data)["more"] == 1
    assert events[2].data == "[DONE]"


def test_split_at_every_byte_offset_gives_the_same_events():
    expected = decode([RECORDED])
    for offset in range(1, len(RECORDED)):
        assert decode([RECORDED[:offset], RECORDED[offset:]]) == expected, offset


def test_one_byte_at_a_time():
    expected = decode([RECORDED])
    assert decode([RECORDED[i : i + 1] for i in range(len(RECORDED))]) == expected


def test_stream_without_final_blank_line_is_flushed():
    events = decode([b'data: {"a":1}'])
    assert [e.data for e in events] == ['{"a":1}']

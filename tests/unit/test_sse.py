import json

from gptproto_core.sse import ServerSentEvent, SSEDecoder

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


# --- line ends: CRLF, LF and CR alike (the SSE spec allows all three) --------------------------

CR_ONLY = b'data: {"a":1}\r\rdata: two\rdata: lines\r\r: comment\revent: e\rdata: [DONE]\r\r'


def test_cr_alone_ends_lines():
    events = decode([CR_ONLY])
    assert [(e.event, e.data) for e in events] == [
        (None, '{"a":1}'),
        (None, "two\nlines"),
        ("e", "[DONE]"),
    ]


def test_cr_only_stream_split_at_every_offset_gives_the_same_events():
    expected = decode([CR_ONLY])
    for offset in range(1, len(CR_ONLY)):
        assert decode([CR_ONLY[:offset], CR_ONLY[offset:]]) == expected, offset


def test_a_crlf_split_between_two_chunks_is_one_line_end():
    # Were the LF read as a second line end, "data: a" would be dispatched alone.
    events = decode([b"data: a\r", b"\ndata: b\r\n\r\n"])
    assert [e.data for e in events] == ["a\nb"]


def test_a_cr_ending_a_chunk_ends_its_line_at_once():
    decoder = SSEDecoder()
    assert decoder.feed(b"data: x\r\r") == [ServerSentEvent("x")]


def test_mixed_line_ends_in_one_stream():
    events = decode([b"data: 1\n\ndata: 2\r\n\r\ndata: 3\r\rdata: 4\n\r\n"])
    assert [e.data for e in events] == ["1", "2", "3", "4"]


def test_a_long_line_in_many_chunks_is_joined_once():
    payload = b"x" * 100_000
    chunks = [b"data: "] + [payload[i : i + 1000] for i in range(0, len(payload), 1000)] + [b"\n\n"]
    assert decode(chunks) == [ServerSentEvent(payload.decode())]

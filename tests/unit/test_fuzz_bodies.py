"""Fuzz: mutated chat-completion and Responses bodies through the parsers and both adapters.

The rule under test (issue 13): a reader of a server body returns a result or raises a
`GPTProtoError` — never an AttributeError, TypeError, RecursionError, OverflowError or a
pydantic ValidationError. The `ci` profile runs a fixed set of examples; `make fuzz` runs more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import event, given
from hypothesis import strategies as st

from gptproto_core.body_guard import loads_bounded
from tests.unit._fuzz_drivers import outcome, read_chat_completion, read_response
from tests.unit._fuzz_settings import FUZZ
from tests.unit._fuzz_shapes import CHAT_COMPLETION, RESPONSE, mutated, to_json

READERS: dict[str, tuple[Callable[[Any], None], Any]] = {
    "chat completion": (read_chat_completion, CHAT_COMPLETION),
    "Responses object": (read_response, RESPONSE),
}


@FUZZ
@given(kind=st.sampled_from(sorted(READERS)), data=st.data())
def test_a_mutated_decoded_body_reads_or_raises_a_typed_error(kind: str, data: st.DataObject):
    read, shape = READERS[kind]
    body = data.draw(mutated(shape))
    event(f"{kind}: {outcome(lambda: read(body))}")


@FUZZ
@given(
    kind=st.sampled_from(sorted(READERS)),
    data=st.data(),
    junk=st.sampled_from([b"", b"\xff", b"\xc3(", b"\x00", b"]]]"]),
)
def test_mutated_body_bytes_read_or_raise_a_typed_error(
    kind: str, data: st.DataObject, junk: bytes
):
    """The raw-text route: truncated bytes, non-UTF-8 bytes, NaN, huge numbers, deep nesting."""
    read, shape = READERS[kind]
    raw = to_json(data.draw(mutated(shape))).encode("utf-8", "surrogatepass")
    at = data.draw(st.integers(0, len(raw)))
    damage = data.draw(st.sampled_from(["none", "junk", "cut"]))
    if damage == "junk":
        raw = raw[:at] + junk + raw[at:]
    elif damage == "cut":
        raw = raw[:at]
    event(f"{kind}: {outcome(lambda: read(loads_bounded(raw)))}")


def test_the_documented_shapes_read_as_results():
    """The unmutated bodies must parse: the fuzz tests start from working examples."""
    assert outcome(lambda: read_chat_completion(CHAT_COMPLETION)) == "result"
    assert outcome(lambda: read_response(RESPONSE)) == "result"

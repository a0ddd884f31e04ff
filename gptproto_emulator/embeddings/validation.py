"""Checks a ``POST /v1/embeddings`` body (OpenAI's rules, as API.md §2.6 says to assume) and
names the first field that breaks them.

    >>> validate_embedding_request({"model": "text-embedding-3-small", "input": "hi"}).dimensions
    1536
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gptproto_emulator.embeddings.catalogue import EMBEDDING_MODELS, EmbeddingModel

# OpenAI's limits: inputs per request, tokens per input.
MAX_INPUTS = 2048
MAX_INPUT_TOKENS = 8192
ENCODING_FORMATS = ("float", "base64")
# Embedding models of other vendors behind the gateway: OpenAI's size, no shortening rule.
_OTHER_EMBEDDING_MODEL = EmbeddingModel(1536, shortens=True)

Input = str | list[int]


class RequestError(ValueError):
    """The body breaks the contract; the message names the field."""


@dataclass(frozen=True)
class EmbeddingRequest:
    model: str
    inputs: list[Input]
    dimensions: int
    encoding_format: str


def validate_embedding_request(body: Any) -> EmbeddingRequest:
    """Return the request as plain data, or raise :class:`RequestError`."""
    if not isinstance(body, dict):
        raise RequestError("The request body must be a JSON object")
    model = body.get("model")
    if not isinstance(model, str) or not model.strip():
        raise RequestError("'model' is required and must be a non-empty string")
    known = _embedding_model(model)
    inputs = _inputs(body.get("input", None), "input" in body)
    encoding = body.get("encoding_format", "float")
    if encoding not in ENCODING_FORMATS:
        raise RequestError(
            f"Invalid 'encoding_format': {encoding!r} is not one of {', '.join(ENCODING_FORMATS)}"
        )
    user = body.get("user")
    if user is not None and not isinstance(user, str):
        raise RequestError("Invalid 'user': expected a string")
    return EmbeddingRequest(model, inputs, _dimensions(body, model, known), encoding)


def _embedding_model(model: str) -> EmbeddingModel:
    known = EMBEDDING_MODELS.get(model)
    if known is not None:
        return known
    if "embed" in model.lower():
        return _OTHER_EMBEDDING_MODEL
    names = ", ".join(EMBEDDING_MODELS)
    raise RequestError(f"Invalid 'model': {model!r} is not an embedding model (e.g. {names})")


def _inputs(value: Any, given: bool) -> list[Input]:
    if not given or value is None:
        raise RequestError("'input' is required: a string or a list of strings")
    if isinstance(value, str):
        return [_text(value, "input")]
    if not isinstance(value, list) or not value:
        raise RequestError("Invalid 'input': expected a non-empty string or a non-empty list")
    if all(_is_token(item) for item in value):  # one input given as token ids
        return [list(value)]
    if len(value) > MAX_INPUTS:
        raise RequestError(f"Invalid 'input': at most {MAX_INPUTS} inputs per request")
    inputs: list[Input] = []
    for index, item in enumerate(value):
        where = f"input[{index}]"
        if isinstance(item, str):
            inputs.append(_text(item, where))
        elif isinstance(item, list) and item and all(_is_token(t) for t in item):
            inputs.append(_tokens(item, where))
        else:
            raise RequestError(
                f"Invalid '{where}': expected a non-empty string or a list of token ids"
            )
    return inputs


def _text(text: str, where: str) -> str:
    if not text:
        raise RequestError(f"Invalid '{where}': an input must not be an empty string")
    if (len(text.encode("utf-8")) + 3) // 4 > MAX_INPUT_TOKENS:
        raise RequestError(f"Invalid '{where}': longer than {MAX_INPUT_TOKENS} tokens")
    return text


def _tokens(tokens: list[int], where: str) -> list[int]:
    if len(tokens) > MAX_INPUT_TOKENS:
        raise RequestError(f"Invalid '{where}': longer than {MAX_INPUT_TOKENS} tokens")
    return tokens


def _is_token(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _dimensions(body: dict[str, Any], model: str, known: EmbeddingModel) -> int:
    value = body.get("dimensions")
    if value is None:
        return known.dimensions
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise RequestError(f"Invalid 'dimensions': expected a whole number above 0, got {value!r}")
    if not known.shortens:
        raise RequestError(f"Invalid 'dimensions': {model!r} does not support it")
    if value > known.dimensions:
        raise RequestError(
            f"Invalid 'dimensions': {model!r} has at most {known.dimensions}, got {value}"
        )
    return value

"""`POST /v1/embeddings` (OpenAI shape, API.md §2.6): texts in, one vector per text out, in order.

    options = EmbeddingOptions(model="text-embedding-3-small", dimensions=256, chunk_size=100)
    result = embed(client, ["a passage", "another"], options)        # GPTProtoClient
    result = await aembed(async_client, ["a passage"], options)      # AsyncGPTProtoClient
    result.vectors, result.usage.prompt_tokens

Everything is decided once, in `embed_flow`: the texts are checked before anything is sent, split
into requests of at most `chunk_size` inputs, and each reply is read back into the caller's order.
The drivers of `gptproto_core.drivers` send the requests (as reads: embedding a text twice does no
harm, so the core client retries them like any read).
"""

from __future__ import annotations

import base64
import math
import struct
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

from gptproto_core.body_guard import as_mapping, as_text, excerpt_of, finite_int, reads_body
from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.drivers import Flow, Send, adrive, drive
from gptproto_core.errors import ConfigurationError, InvalidInputError, UnexpectedResponseError
from gptproto_core.models import warn_if_misspelt
from gptproto_core.task_types import Request

__all__ = [
    "DEFAULT_CHUNK_SIZE",
    "DEFAULT_EMBEDDING_MODEL",
    "EMBEDDINGS_PATH",
    "MAX_INPUTS_PER_REQUEST",
    "EmbeddingOptions",
    "EmbeddingResult",
    "EmbeddingUsage",
    "EncodingFormat",
    "aembed",
    "build_payload",
    "check_texts",
    "embed",
    "embed_flow",
    "parse_embeddings",
]

EMBEDDINGS_PATH = "/v1/embeddings"
DEFAULT_EMBEDDING_MODEL = "text-embedding-3-small"
# OpenAI's embedding models, the ones an OpenAI-shaped /v1/embeddings is known to serve; others are
# sent as written, and a name close to one of these warns (a typo fails only at the server).
KNOWN_EMBEDDING_MODELS = (
    "text-embedding-3-large",
    "text-embedding-3-small",
    "text-embedding-ada-002",
)
DEFAULT_CHUNK_SIZE = 1000
# OpenAI's limit on inputs per request; gptproto documents none, so we keep the upstream one.
MAX_INPUTS_PER_REQUEST = 2048

EncodingFormat = Literal["float", "base64"]
_FORMATS: tuple[str, ...] = get_args(EncodingFormat)
# Body fields the options write themselves: `extra` must not set them a second time.
_OWN_FIELDS = ("model", "input", "dimensions", "encoding_format")


@dataclass(frozen=True)
class EmbeddingOptions:
    """How to embed: the model, the vector size, the batching and extra body fields.

    Checked when made (`ConfigurationError` naming what to fix), so an adapter that builds its
    options at construction fails there, before any request.
    """

    model: str = DEFAULT_EMBEDDING_MODEL
    dimensions: int | None = None
    """Shorter vectors from models that allow it (text-embedding-3-*); None: the model's own."""
    encoding_format: EncodingFormat = "float"
    """"base64" sends the same float32 values in a quarter of the bytes; read back either way."""
    chunk_size: int = DEFAULT_CHUNK_SIZE
    """At most this many texts per request; more are split into several requests."""
    extra: Mapping[str, Any] = field(default_factory=dict)
    """Other body fields for every request (e.g. OpenAI's `user`)."""

    def __post_init__(self) -> None:
        if not isinstance(self.model, str) or not self.model.strip():
            raise ConfigurationError(f"model must be an embedding model name, got {self.model!r}")
        warn_if_misspelt(self.model, KNOWN_EMBEDDING_MODELS)
        if self.dimensions is not None and not _positive_int(self.dimensions):
            raise ConfigurationError(
                f"dimensions must be a whole number above 0 (or None for the model's own size), "
                f"got {self.dimensions!r}"
            )
        if not _positive_int(self.chunk_size) or self.chunk_size > MAX_INPUTS_PER_REQUEST:
            raise ConfigurationError(
                f"chunk_size must be a whole number from 1 to {MAX_INPUTS_PER_REQUEST} (texts per "
                f"request), got {self.chunk_size!r}"
            )
        if self.encoding_format not in _FORMATS:
            raise ConfigurationError(
                f"encoding_format must be one of {_FORMATS}, got {self.encoding_format!r}"
            )
        taken = [name for name in _OWN_FIELDS if name in self.extra]
        if taken:
            raise ConfigurationError(
                f"extra body fields (model_kwargs=, additional_kwargs=) must not set "
                f"{', '.join(taken)}: pass them as their own "
                "settings (model=, dimensions=, encoding_format=); the texts are the input"
            )
        object.__setattr__(self, "extra", dict(self.extra))


@dataclass(frozen=True)
class EmbeddingUsage:
    prompt_tokens: int = 0
    total_tokens: int = 0

    def __add__(self, other: EmbeddingUsage) -> EmbeddingUsage:
        return EmbeddingUsage(
            self.prompt_tokens + other.prompt_tokens, self.total_tokens + other.total_tokens
        )


@dataclass(frozen=True)
class EmbeddingResult:
    """One vector per input text, in the order of the texts."""

    vectors: list[list[float]]
    model: str | None = None
    usage: EmbeddingUsage = field(default_factory=EmbeddingUsage)


def _positive_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def check_texts(texts: object) -> list[str]:
    """The texts as a list, or `InvalidInputError` naming the first one the API would refuse."""
    if isinstance(texts, str | bytes):
        # Iterating a str would embed it letter by letter: surely not what was meant.
        raise InvalidInputError(
            "texts must be a list of strings, not one string (embed a single text as [text], "
            "or with embed_query)"
        )
    if not isinstance(texts, Sequence):
        raise InvalidInputError(f"texts must be a list of strings, got {type(texts).__name__}")
    for index, text in enumerate(texts):
        if not isinstance(text, str):
            raise InvalidInputError(f"texts[{index}] must be a string, got {type(text).__name__}")
        if not text:
            # OpenAI-style servers answer 400 to an empty input; say which one, before sending.
            raise InvalidInputError(f"texts[{index}] is empty: an embedding needs some text")
    return list(texts)


def build_payload(options: EmbeddingOptions, texts: Sequence[str]) -> dict[str, Any]:
    """The body of one request for `texts` (already checked and at most `chunk_size`)."""
    body: dict[str, Any] = {
        **options.extra,
        "model": options.model,
        "input": list(texts),
        "encoding_format": options.encoding_format,
    }
    if options.dimensions is not None:
        body["dimensions"] = options.dimensions
    return body


def _batches(texts: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(texts), size):
        yield texts[start : start + size]


def embed_flow(texts: Sequence[str], options: EmbeddingOptions) -> Flow[EmbeddingResult]:
    """The whole call as steps: one `Send` per batch, the vectors joined in the texts' order."""
    checked = check_texts(texts)
    vectors: list[list[float]] = []
    usage = EmbeddingUsage()
    model: str | None = None
    for batch in _batches(checked, options.chunk_size):
        request = Request("POST", EMBEDDINGS_PATH, json=build_payload(options, batch))
        body = yield Send(request)
        result = parse_embeddings(len(batch), options.dimensions, body)
        vectors.extend(result.vectors)
        usage += result.usage
        model = model or result.model
    return EmbeddingResult(vectors, model, usage)


def embed(
    client: GPTProtoClient, texts: Sequence[str], options: EmbeddingOptions
) -> EmbeddingResult:
    """Embed `texts` with a blocking client."""
    return drive(embed_flow(texts, options), client)


async def aembed(
    client: AsyncGPTProtoClient, texts: Sequence[str], options: EmbeddingOptions
) -> EmbeddingResult:
    """Embed `texts` with an async client."""
    return await adrive(embed_flow(texts, options), client)


# --- reading a reply ---------------------------------------------------------------------------


@reads_body("embeddings reply")
def parse_embeddings(expected: int, dimensions: int | None, body: Any) -> EmbeddingResult:
    """`{"data": [{"index", "embedding"}...], "model", "usage"}` → vectors in input order.

    A reply that does not hold exactly one vector per input, vectors of mixed sizes, or a size
    other than the `dimensions` asked for is `UnexpectedResponseError`: a vector store filled
    with it would fail later, far from the cause.
    """
    data = as_mapping(body).get("data")
    if not isinstance(data, list):
        raise _unreadable("has no 'data' list", body)
    by_index: dict[int, list[float]] = {}
    for position, item in enumerate(data):
        entry = as_mapping(item)
        index = finite_int(entry.get("index"))
        index = position if index is None else index
        if index in by_index or not 0 <= index < expected:
            raise _unreadable(f"has a vector at index {index} of {expected} inputs", body)
        by_index[index] = _vector(entry.get("embedding"), index, body)
    if len(by_index) != expected:
        raise _unreadable(f"holds {len(by_index)} vectors for {expected} inputs", body)
    vectors = [by_index[i] for i in range(expected)]
    sizes = {len(vector) for vector in vectors}
    if len(sizes) > 1:
        raise _unreadable(f"has vectors of different sizes {sorted(sizes)}", body)
    if dimensions is not None and sizes != {dimensions}:
        raise _unreadable(f"has {sizes.pop()} dimensions where {dimensions} were asked for", body)
    usage = as_mapping(as_mapping(body).get("usage"))
    prompt = finite_int(usage.get("prompt_tokens")) or 0
    total = finite_int(usage.get("total_tokens")) or prompt
    return EmbeddingResult(
        vectors, as_text(as_mapping(body).get("model")), EmbeddingUsage(prompt, total)
    )


def _vector(value: Any, index: int, body: Any) -> list[float]:
    """A list of finite numbers, or base64 of little-endian float32 (`encoding_format`)."""
    if isinstance(value, str):
        raw = base64.b64decode(value, validate=True)
        if not raw or len(raw) % 4:
            raise _unreadable(f"has a base64 vector of {len(raw)} bytes at index {index}", body)
        numbers: list[Any] = list(struct.unpack(f"<{len(raw) // 4}f", raw))
    elif isinstance(value, list) and value:
        numbers = value
    else:
        raise _unreadable(f"has no vector at index {index}", body)
    vector: list[float] = []
    for number in numbers:
        if isinstance(number, bool) or not isinstance(number, int | float):
            raise _unreadable(f"has a value that is not a number at index {index}", body)
        if not math.isfinite(number):
            raise _unreadable(f"has a value that is not finite at index {index}", body)
        vector.append(float(number))
    return vector


def _unreadable(what: str, body: Any) -> UnexpectedResponseError:
    return UnexpectedResponseError(
        f"gptproto sent an embeddings reply that {what}", body=excerpt_of(body)
    )

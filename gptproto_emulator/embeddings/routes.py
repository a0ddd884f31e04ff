"""``POST /v1/embeddings`` and ``GET /v1/models`` (API.md §2.6: both routes exist, no example;
OpenAI's shapes assumed). The key is checked by the middleware (§2.2), errors are E1 (§2.5).
"""

from __future__ import annotations

import base64
import json
import struct
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from gptproto_emulator.embeddings.catalogue import model_list
from gptproto_emulator.embeddings.validation import (
    EmbeddingRequest,
    RequestError,
    validate_embedding_request,
)
from gptproto_emulator.embeddings.vectors import embed_text, embed_tokens
from gptproto_emulator.http.errors import invalid_request_body, json_bytes
from gptproto_emulator.http.middleware import BODY_KEY
from gptproto_emulator.http.state import EmulatorState
from gptproto_emulator.model.tokens import text_tokens

EMBEDDINGS_PATH = "/v1/embeddings"
MODELS_PATH = "/v1/models"


def embedding_routes(state: EmulatorState) -> list[BaseRoute]:
    """The embeddings and model-list routes (``state`` is unused: both answer from the body)."""

    async def embeddings(request: Request) -> Response:
        """Embeddings — API.md §2.6 (OpenAI shape): one vector per input, in input order."""
        body = request.scope.get(BODY_KEY)
        if not isinstance(body, bytes):
            body = await request.body()
        try:
            payload = json.loads(body)
        except ValueError as exc:
            return _bad_request(f"The request body is not valid JSON: {exc}")
        try:
            checked = validate_embedding_request(payload)
        except RequestError as exc:
            return _bad_request(str(exc))
        return Response(json_bytes(_answer(checked)), media_type="application/json")

    async def models(request: Request) -> Response:
        """Model list — API.md §2.6 (OpenAI shape): the names the emulator knows."""
        return Response(json_bytes(model_list()), media_type="application/json")

    return [
        Route(EMBEDDINGS_PATH, embeddings, methods=["POST"]),
        Route(MODELS_PATH, models, methods=["GET"]),
    ]


def _answer(request: EmbeddingRequest) -> dict[str, Any]:
    data: list[dict[str, Any]] = []
    tokens = 0
    for index, item in enumerate(request.inputs):
        if isinstance(item, str):
            vector = embed_text(item, request.dimensions, request.model)
            tokens += text_tokens(item)
        else:
            vector = embed_tokens(item, request.dimensions, request.model)
            tokens += len(item)
        data.append({"object": "embedding", "index": index, "embedding": _encode(vector, request)})
    return {
        "object": "list",
        "data": data,
        "model": request.model,
        "usage": {"prompt_tokens": tokens, "total_tokens": tokens},
    }


def _encode(vector: list[float], request: EmbeddingRequest) -> list[float] | str:
    if request.encoding_format == "base64":  # little-endian float32, as OpenAI sends it
        return base64.b64encode(struct.pack(f"<{len(vector)}f", *vector)).decode("ascii")
    return vector


def _bad_request(message: str) -> Response:
    return Response(json_bytes(invalid_request_body(message)), 400, media_type="application/json")

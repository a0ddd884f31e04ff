"""`GET /v1/models` (OpenAI shape, API.md §2.6): the models the server says it serves.

    for entry in list_models(client):                # GPTProtoClient
        print(entry.id, entry.owned_by)
    entries = await alist_models(async_client)       # AsyncGPTProtoClient

This is the server's own list, which may differ from our catalogue (`known_models()`, what we
know each model can do): a name can be served and unknown to us, or known and not offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from gptproto_core.body_guard import as_mapping, as_text, excerpt_of, finite_int, reads_body
from gptproto_core.client import AsyncGPTProtoClient, GPTProtoClient
from gptproto_core.drivers import Flow, Send, adrive, drive
from gptproto_core.errors import UnexpectedResponseError
from gptproto_core.task_types import Request

__all__ = ["MODELS_PATH", "ListedModel", "alist_models", "list_models", "parse_model_list"]

MODELS_PATH = "/v1/models"


@dataclass(frozen=True)
class ListedModel:
    """One entry of the list: `id` is the name to pass as `model=`."""

    id: str
    owned_by: str | None = None
    created: int | None = None
    raw: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)


@reads_body("model list")
def parse_model_list(body: Any) -> list[ListedModel]:
    """`{"object": "list", "data": [{"id", "owned_by", "created"}...]}` (a bare list is read too).

    Entries without a usable id are left out (there is nothing to pass as `model=`); a body
    with no list at all is `UnexpectedResponseError`.
    """
    data = body if isinstance(body, list) else as_mapping(body).get("data")
    if not isinstance(data, list):
        raise UnexpectedResponseError(
            "gptproto sent a model list without a 'data' list", body=excerpt_of(body)
        )
    entries: list[ListedModel] = []
    for item in data:
        entry = as_mapping(item)
        name = as_text(entry.get("id"))
        if name and name.strip():
            entries.append(
                ListedModel(
                    id=name,
                    owned_by=as_text(entry.get("owned_by")),
                    created=finite_int(entry.get("created")),
                    raw=dict(entry),
                )
            )
    return entries


def _list_flow() -> Flow[list[ListedModel]]:
    body = yield Send(Request("GET", MODELS_PATH))
    return parse_model_list(body)


def list_models(client: GPTProtoClient) -> list[ListedModel]:
    """The server's models, in the order it lists them."""
    return drive(_list_flow(), client)


async def alist_models(client: AsyncGPTProtoClient) -> list[ListedModel]:
    """The server's models, in the order it lists them (async)."""
    return await adrive(_list_flow(), client)

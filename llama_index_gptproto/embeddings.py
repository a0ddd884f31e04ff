"""GPTProtoEmbedding: gptproto's `/v1/embeddings` as a LlamaIndex embedding model.

from llama_index_gptproto import GPTProtoEmbedding   # or: from llama_index.embeddings.gptproto

embed_model = GPTProtoEmbedding(model="text-embedding-3-small")   # key from GPTPROTO_API_KEY
index = VectorStoreIndex.from_documents(documents, embed_model=embed_model)
"""

from __future__ import annotations

from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding, Embedding
from pydantic import Field, PrivateAttr, ValidationError, model_validator

from gptproto_core.arguments import aliases, as_configuration_error, sort_arguments
from gptproto_core.closing import ClosesClients
from gptproto_core.embeddings import DEFAULT_EMBEDDING_MODEL, EmbeddingOptions, EncodingFormat
from gptproto_core.embeddings import aembed as _aembed
from gptproto_core.embeddings import embed as _embed
from gptproto_core.session import ClientSet
from llama_index_gptproto._connection import Connection

__all__ = ["GPTProtoEmbedding"]

# LlamaIndex's own OpenAIEmbedding sends 100 texts per request; its base class default is 10.
DEFAULT_EMBED_BATCH_SIZE = 100


class GPTProtoEmbedding(ClosesClients, Connection, BaseEmbedding):
    """Embed texts with any embedding model behind gptproto, one key for all.

    ```python
    embed_model = GPTProtoEmbedding(model="text-embedding-3-large", dimensions=1024)
    embed_model.get_query_embedding("What is a boardwalk?")[:3]
    await embed_model.aget_text_embedding_batch(["first passage", "second passage"])
    ```

    `model=` and LlamaIndex's `model_name=` name the same setting; `api_base`/`openai_api_base`
    and `request_timeout` are accepted for their usual meaning; any other unknown argument is
    refused with the closest names (body fields go in `additional_kwargs`).
    """

    model_name: str = Field(
        default=DEFAULT_EMBEDDING_MODEL,
        validation_alias=aliases("model"),
        description="An embedding model name, e.g. 'text-embedding-3-small'. Also model=.",
    )
    embed_batch_size: int = Field(
        default=DEFAULT_EMBED_BATCH_SIZE,
        gt=0,
        le=2048,
        description="Texts per request (LlamaIndex batches by it; 1 to 2048).",
    )
    dimensions: int | None = Field(
        default=None,
        description="Shorter vectors, for models that allow it (text-embedding-3-*).",
    )
    encoding_format: EncodingFormat = Field(
        default="float", description="'base64' moves the same values in a quarter of the bytes."
    )
    additional_kwargs: dict[str, Any] = Field(
        default_factory=dict, description="Extra body fields for every request (e.g. user)."
    )

    _clients: ClientSet = PrivateAttr()
    _options: EmbeddingOptions = PrivateAttr()

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise as_configuration_error(type(self).__name__, exc) from None
        # Checked now (ConfigurationError), so a bad setting fails before any request.
        self._options = EmbeddingOptions(
            model=self.model_name,
            dimensions=self.dimensions,
            encoding_format=self.encoding_format,
            chunk_size=self.embed_batch_size,
            extra=self.additional_kwargs,
        )
        self._clients = ClientSet(self.client_settings())

    @model_validator(mode="before")
    @classmethod
    def _sort_arguments(cls, data: Any) -> Any:
        """Refuse unknown arguments (LlamaIndex drops them) and other libraries' settings."""
        if isinstance(data, dict) and data.get("class_name") == cls.class_name():
            data = {key: value for key, value in data.items() if key != "class_name"}
        return sort_arguments(cls, data, body_field="additional_kwargs", forward=False)

    @classmethod
    def class_name(cls) -> str:
        return "GPTProtoEmbedding"

    @property
    def model(self) -> str:
        """The embedding model's name (`model_name`, as LlamaIndex calls it)."""
        return self.model_name

    def _get_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        return _embed(self._clients.sync(), texts, self._options).vectors

    async def _aget_text_embeddings(self, texts: list[str]) -> list[Embedding]:
        client = self._clients.for_running_loop()
        return (await _aembed(client, texts, self._options)).vectors

    def _get_text_embedding(self, text: str) -> Embedding:
        return self._get_text_embeddings([text])[0]

    async def _aget_text_embedding(self, text: str) -> Embedding:
        return (await self._aget_text_embeddings([text]))[0]

    def _get_query_embedding(self, query: str) -> Embedding:
        return self._get_text_embedding(query)

    async def _aget_query_embedding(self, query: str) -> Embedding:
        return await self._aget_text_embedding(query)

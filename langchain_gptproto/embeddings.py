"""GPTProtoEmbeddings: gptproto's `/v1/embeddings` as LangChain `Embeddings`.

from langchain_gptproto import GPTProtoEmbeddings

embeddings = GPTProtoEmbeddings(model="text-embedding-3-small")   # key from GPTPROTO_API_KEY
vectors = embeddings.embed_documents(["a passage", "another"])
InMemoryVectorStore.from_texts(texts, embedding=embeddings).as_retriever()
"""

from __future__ import annotations

from typing import Any

from langchain_core.embeddings import Embeddings
from pydantic import (
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    model_validator,
)
from typing_extensions import Self

from gptproto_core.arguments import aliases, as_configuration_error, sort_arguments
from gptproto_core.closing import ClosesClients
from gptproto_core.embeddings import (
    DEFAULT_CHUNK_SIZE,
    DEFAULT_EMBEDDING_MODEL,
    EmbeddingOptions,
    EncodingFormat,
    aembed,
    embed,
)
from gptproto_core.session import ClientSet
from langchain_gptproto._connection import Connection
from langchain_gptproto._errors import atranslated_errors, translated_errors

__all__ = ["GPTProtoEmbeddings"]


class GPTProtoEmbeddings(ClosesClients, Connection, Embeddings):
    """Embed texts with any embedding model behind gptproto, one key for all.

    Setup: `pip install "gptproto-integrations[langchain]"` and `export GPTPROTO_API_KEY=...`.

    ```python
    embeddings = GPTProtoEmbeddings(model="text-embedding-3-large", dimensions=1024)
    embeddings.embed_query("What is a boardwalk?")[:3]
    await embeddings.aembed_documents(["first passage", "second passage"])
    ```

    OpenAIEmbeddings' names work too (`openai_api_base`/`api_base`, `model_name`,
    `request_timeout`); another unknown argument is sent in the body through `model_kwargs`,
    with a warning. Bad settings raise `ConfigurationError` here, before any request.
    """

    model: str = Field(default=DEFAULT_EMBEDDING_MODEL, validation_alias=aliases("model"))
    """An embedding model name, e.g. `text-embedding-3-small` or `text-embedding-3-large`."""
    dimensions: int | None = None
    """Shorter vectors, for models that allow it (text-embedding-3-*); None: the model's size."""
    chunk_size: int = DEFAULT_CHUNK_SIZE
    """At most this many texts per request (1 to 2048); longer lists take several requests."""
    encoding_format: EncodingFormat = "float"
    """"base64" moves the same values in a quarter of the bytes."""
    model_kwargs: dict[str, Any] = Field(default_factory=dict)
    """Extra body fields for every request (e.g. `user`)."""

    model_config = ConfigDict(populate_by_name=True)

    _clients: ClientSet = PrivateAttr()
    _options: EmbeddingOptions = PrivateAttr()

    def __init__(self, **kwargs: Any) -> None:
        try:
            super().__init__(**kwargs)
        except ValidationError as exc:
            raise as_configuration_error(type(self).__name__, exc) from None

    @model_validator(mode="before")
    @classmethod
    def _sort_arguments(cls, data: Any) -> Any:
        """Map or refuse other libraries' names; send other unknown ones via model_kwargs."""
        return sort_arguments(cls, data, body_field="model_kwargs", forward=True)

    @model_validator(mode="after")
    def _connect(self) -> Self:
        # Both checked now (ConfigurationError), so a bad setting fails before any request.
        self._options = EmbeddingOptions(
            model=self.model,
            dimensions=self.dimensions,
            encoding_format=self.encoding_format,
            chunk_size=self.chunk_size,
            extra=self.model_kwargs,
        )
        self._clients = ClientSet(self.client_settings())
        return self

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """One vector per text, in order (`chunk_size` texts per request)."""
        with translated_errors():
            return embed(self._clients.sync(), texts, self._options).vectors

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        async with atranslated_errors():
            client = self._clients.for_running_loop()
            return (await aembed(client, texts, self._options)).vectors

    async def aembed_query(self, text: str) -> list[float]:
        return (await self.aembed_documents([text]))[0]

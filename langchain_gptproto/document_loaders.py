"""Audio files as LangChain `Document`s, transcribed by gptproto (API.md §3.8).

loader = GPTProtoAudioLoader(["talk.mp3"], response_format="verbose_json")
docs = loader.load()               # or: await loader.aload()
docs[0].page_content, docs[0].metadata["segments"]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from pathlib import Path
from typing import Any

from langchain_core.document_loaders import BaseLoader
from langchain_core.documents import Document
from pydantic import SecretStr

from gptproto_core.session import ClientSet, ClientSettings
from gptproto_core.transcripts import Transcript, atranscribe_file, transcribe_file

__all__ = ["GPTProtoAudioLoader"]

AudioFile = str | Path | bytes


class GPTProtoAudioLoader(BaseLoader):
    """One `Document` per audio file (path, URL, data URI or bytes); its metadata keeps the
    source, model, language, duration and, with `verbose_json`, the timed segments."""

    def __init__(
        self,
        paths: AudioFile | Sequence[AudioFile],
        *,
        model: str = "gpt-4o-transcribe",
        response_format: str = "verbose_json",
        language: str | None = None,
        prompt: str | None = None,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
    ) -> None:
        self.paths = [paths] if isinstance(paths, str | Path | bytes) else list(paths)
        self.options: dict[str, Any] = {"model": model, "response_format": response_format}
        self.options.update({k: v for k, v in (("language", language), ("prompt", prompt)) if v})
        settings = ClientSettings(api_key=api_key, base_url=base_url)
        settings.validate()
        self._clients = ClientSet(settings)

    def lazy_load(self) -> Iterator[Document]:
        for path in self.paths:
            yield _document(transcribe_file(self._clients.sync(), path, **self.options))

    async def alazy_load(self) -> AsyncIterator[Document]:
        for path in self.paths:
            client = self._clients.for_running_loop()
            yield _document(await atranscribe_file(client, path, **self.options))


def _document(transcript: Transcript) -> Document:
    return Document(page_content=transcript.text, metadata=transcript.metadata())

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

from gptproto_core.transcripts import Transcriber, Transcript

__all__ = ["GPTProtoAudioLoader"]

AudioFile = str | Path | bytes


class GPTProtoAudioLoader(BaseLoader):
    """One `Document` per audio file (path, URL, data URI or bytes); its metadata keeps the
    source, model, language, duration and, with `verbose_json`, the timed segments.

    Keyword arguments are `gptproto_core.transcripts.Transcriber`'s: `model`,
    `response_format` (default `verbose_json`), `language`, `prompt`, `api_key`, `base_url`.
    """

    def __init__(self, paths: AudioFile | Sequence[AudioFile], **options: Any) -> None:
        self.paths = [paths] if isinstance(paths, str | Path | bytes) else list(paths)
        self.transcriber = Transcriber(**options)

    def lazy_load(self) -> Iterator[Document]:
        for path in self.paths:
            yield _document(self.transcriber.transcribe(path))

    async def alazy_load(self) -> AsyncIterator[Document]:
        for path in self.paths:
            yield _document(await self.transcriber.atranscribe(path))


def _document(transcript: Transcript) -> Document:
    return Document(page_content=transcript.text, metadata=transcript.metadata())

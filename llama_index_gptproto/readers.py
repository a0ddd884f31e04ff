"""Audio files as LlamaIndex `Document`s, transcribed by gptproto (API.md §3.8).

reader = GPTProtoAudioReader(response_format="verbose_json")
docs = reader.load_data(["talk.mp3"])          # or: await reader.aload_data([...])
docs[0].text, docs[0].metadata["segments"]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from llama_index.core.readers.base import BaseReader
from llama_index.core.schema import Document

from gptproto_core.transcripts import Transcriber, Transcript

__all__ = ["GPTProtoAudioReader"]

AudioFile = str | Path | bytes
# Segments can be long: they stay out of the text that is embedded or shown to the LLM.
_HIDDEN = ["segments", "response_format", "model"]


class GPTProtoAudioReader(BaseReader):
    """One `Document` per audio file; metadata as `gptproto_core.transcripts.Transcript`.

    Keyword arguments are `gptproto_core.transcripts.Transcriber`'s: `model`,
    `response_format` (default `verbose_json`), `language`, `prompt`, `api_key`, `base_url`.
    """

    def __init__(self, **options: Any) -> None:
        self.transcriber = Transcriber(**options)

    def load_data(self, file: AudioFile | Sequence[AudioFile], **_: Any) -> list[Document]:
        return [_document(self.transcriber.transcribe(f)) for f in _files(file)]

    async def aload_data(self, file: AudioFile | Sequence[AudioFile], **_: Any) -> list[Document]:
        return [_document(await self.transcriber.atranscribe(f)) for f in _files(file)]


def _files(file: AudioFile | Sequence[AudioFile]) -> list[AudioFile]:
    return [file] if isinstance(file, str | Path | bytes) else list(file)


def _document(transcript: Transcript) -> Document:
    return Document(
        text=transcript.text,
        metadata=transcript.metadata(),
        excluded_embed_metadata_keys=_HIDDEN,
        excluded_llm_metadata_keys=_HIDDEN,
    )

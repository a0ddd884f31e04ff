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
from pydantic import SecretStr

from gptproto_core.session import ClientSet, ClientSettings
from gptproto_core.transcripts import Transcript, atranscribe_file, transcribe_file

__all__ = ["GPTProtoAudioReader"]

AudioFile = str | Path | bytes
# Segments can be long: they stay out of the text that is embedded or shown to the LLM.
_HIDDEN = ["segments", "response_format", "model"]


class GPTProtoAudioReader(BaseReader):
    """One `Document` per audio file; metadata as `gptproto_core.transcripts.Transcript`."""

    def __init__(
        self,
        *,
        model: str = "gpt-4o-transcribe",
        response_format: str = "verbose_json",
        language: str | None = None,
        prompt: str | None = None,
        api_key: str | SecretStr | None = None,
        base_url: str | None = None,
    ) -> None:
        self.options: dict[str, Any] = {"model": model, "response_format": response_format}
        self.options.update({k: v for k, v in (("language", language), ("prompt", prompt)) if v})
        settings = ClientSettings(api_key=api_key, base_url=base_url)
        settings.validate()
        self._clients = ClientSet(settings)

    def load_data(self, file: AudioFile | Sequence[AudioFile], **_: Any) -> list[Document]:
        client = self._clients.sync()
        return [_document(transcribe_file(client, f, **self.options)) for f in _files(file)]

    async def aload_data(self, file: AudioFile | Sequence[AudioFile], **_: Any) -> list[Document]:
        client = self._clients.for_running_loop()
        return [_document(await atranscribe_file(client, f, **self.options)) for f in _files(file)]


def _files(file: AudioFile | Sequence[AudioFile]) -> list[AudioFile]:
    return [file] if isinstance(file, str | Path | bytes) else list(file)


def _document(transcript: Transcript) -> Document:
    return Document(
        text=transcript.text,
        metadata=transcript.metadata(),
        excluded_embed_metadata_keys=_HIDDEN,
        excluded_llm_metadata_keys=_HIDDEN,
    )

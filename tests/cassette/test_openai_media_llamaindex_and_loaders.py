"""OpenAI media through GPTProtoToolSpec, and audio files as documents through LangChain's
GPTProtoAudioLoader and LlamaIndex's GPTProtoAudioReader (API.md §3.8), replayed from cassettes."""

from __future__ import annotations

from pathlib import Path

import pytest
from llama_index.core.base.llms.types import ImageBlock, TextBlock
from llama_index.core.schema import MetadataMode

from langchain_gptproto import GPTProtoAudioLoader
from llama_index_gptproto import GPTProtoAudioReader
from llama_index_gptproto.tools import ToolFailure
from tests.cassette._media import spec_tools
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

WAV = DATA / "sample.wav"


def test_spec_generates_and_speaks(gptproto_target, tmp_path: Path):
    tools = spec_tools(
        gptproto_target, include=["openai"], output_dir=tmp_path, include_images=True
    )
    assert "wait" not in tools["openai_generate_image"].metadata.get_parameters_dict()["properties"]
    out = tools["openai_generate_image"].call(prompt="oxen and horses")
    assert isinstance(out.blocks[0], TextBlock) and isinstance(out.blocks[1], ImageBlock)
    assert out.raw_output.task.vendor == "openai"
    spoken = tools["openai_text_to_speech"].call(input="Hi.", response_format="wav")
    path = Path(spoken.raw_output.task.outputs[0].path)
    assert path.parent == tmp_path and f"saved to {path}" in spoken.content


async def test_spec_async_edit_transcribe_and_a_refusal(gptproto_target, vcr):
    tools = spec_tools(gptproto_target, include=["openai"])
    edited = await tools["openai_edit_image"].acall(image=str(DATA / "sample.png"), prompt="x")
    assert edited.raw_output.task.operation == "edit_image"
    heard = await tools["openai_transcribe_audio"].acall(file=str(WAV), response_format="srt")
    assert heard.raw_output.task.text.startswith("1\n00:00:00,000 --> 00:00:00,500")
    with pytest.raises(ToolFailure, match=r"file: file 'sample\.png' is image/png, not audio"):
        await tools["openai_transcribe_audio"].acall(file=str(DATA / "sample.png"))
    assert len(vcr.requests) == 2  # the refusal sent nothing


def test_a_content_policy_refusal_is_a_tool_failure_for_the_model(gptproto_target):
    tools = spec_tools(gptproto_target, include=["openai_generate_image"])
    with pytest.raises(ToolFailure, match="Input may not meet the guidelines"):
        tools["openai_generate_image"].call(prompt="a bannedword harbor")


def test_langchain_loader_keeps_segments_as_metadata(gptproto_target):
    loader = GPTProtoAudioLoader(
        [WAV, WAV.read_bytes()],
        api_key=gptproto_target.api_key,
        base_url=gptproto_target.base_url,
        language="en",
    )
    first, second = loader.load()
    assert first.page_content == "This is 0.5 seconds of audio." == second.page_content
    assert first.metadata["source"] == str(WAV) and second.metadata["source"] == "<bytes>"
    assert first.metadata["duration"] == 0.5 and first.metadata["language"] == "en"
    assert first.metadata["segments"] == [
        {"start": 0.0, "end": 0.5, "text": "This is 0.5 seconds of audio."}
    ]


async def test_langchain_loader_async_with_plain_json(gptproto_target):
    loader = GPTProtoAudioLoader(
        str(WAV),
        api_key=gptproto_target.api_key,
        base_url=gptproto_target.base_url,
        response_format="json",
    )
    docs = [doc async for doc in loader.alazy_load()]
    assert [d.page_content for d in docs] == ["This is 0.5 seconds of audio."]
    assert "segments" not in docs[0].metadata and docs[0].metadata["response_format"] == "json"


def test_llamaindex_reader_hides_segments_from_the_llm_text(gptproto_target):
    reader = GPTProtoAudioReader(api_key=gptproto_target.api_key, base_url=gptproto_target.base_url)
    (doc,) = reader.load_data(WAV)
    assert doc.text == "This is 0.5 seconds of audio."
    assert doc.metadata["segments"][0]["end"] == 0.5
    shown = doc.get_content(metadata_mode=MetadataMode.LLM)
    assert "segments" not in shown and "duration: 0.5" in shown


async def test_llamaindex_reader_async(gptproto_target):
    reader = GPTProtoAudioReader(
        api_key=gptproto_target.api_key, base_url=gptproto_target.base_url, response_format="text"
    )
    docs = await reader.aload_data([str(WAV)])
    assert docs[0].text == "This is 0.5 seconds of audio.\n"

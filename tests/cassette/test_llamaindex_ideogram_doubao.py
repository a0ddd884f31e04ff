"""GPTProtoToolSpec's Ideogram and Doubao image functions (sync and async), replayed from
cassettes recorded on the emulator."""

from __future__ import annotations

import json

import pytest
from llama_index.core.base.llms.types import ImageBlock, TextBlock

from llama_index_gptproto.tools import ToolFailure
from tests._multipart import multipart_fields
from tests.cassette._media import spec_tools
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

PNG = DATA / "sample.png"


def test_seedream_then_ideogram_remix_returns_text_image_blocks_and_tasks(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target, include=["doubao", "ideogram"], include_images=True)
    made = by_name["doubao_seedream_generate_image"].call(prompt="a lighthouse", size="2K")
    url = made.raw_output.task.outputs[0].url
    assert isinstance(made.blocks[0], TextBlock) and url in made.blocks[0].text
    assert [str(b.url) for b in made.blocks if isinstance(b, ImageBlock)] == [url]
    remixed = by_name["ideogram_remix"].call(prompt="as a watercolour", image=url)
    task = remixed.raw_output.task
    assert task.vendor == "ideogram" and task.status == "succeeded"
    (upload,) = [r for r in vcr.requests if r.path.endswith("/remix")]
    parts = {name: data for name, _, _, data in multipart_fields(upload) or []}
    assert parts["image"].startswith(b"\x89PNG") and parts["prompt"] == b"as a watercolour"


async def test_async_seededit_and_the_ark_format(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target, wire_formats={"doubao_seedream_generate_image": "ark"})
    edited = await by_name["doubao_seededit_edit_image"].acall(prompt="make it red", image=str(PNG))
    assert edited.raw_output.task.operation == "seededit"
    made = await by_name["doubao_seedream_generate_image"].acall(prompt="a red kite")
    assert made.raw_output.task.status == "succeeded"
    paths = [r.path for r in vcr.requests]
    assert paths == ["/v1/images/generations", "/api/v3/images/generations"]
    assert json.loads(vcr.requests[1].body)["stream"] is False


def test_bad_arguments_are_tool_failures_before_sending(gptproto_target, vcr):
    by_name = spec_tools(gptproto_target)
    with pytest.raises(ToolFailure, match="mask"):
        by_name["ideogram_edit"].call(prompt="p", image=str(PNG))
    with pytest.raises(ToolFailure, match=r"need 4\.0"):
        by_name["doubao_seedream_generate_image"].call(
            prompt="p", model="doubao-seedream-3-0-t2i-250415", image=[str(PNG)]
        )
    assert len(vcr.requests) == 0


def test_unsafe_images_are_a_tool_failure(gptproto_target):
    by_name = spec_tools(gptproto_target)
    with pytest.raises(ToolFailure, match="is_image_safe"):
        by_name["ideogram_generate"].call(prompt="a nude poster")

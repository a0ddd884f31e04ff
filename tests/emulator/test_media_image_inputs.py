"""A bad image reaches no paid submit: every media tool refuses it before any request."""

from __future__ import annotations

import pytest

from langchain_gptproto import GPTProtoToolkit
from llama_index_gptproto import GPTProtoToolSpec
from llama_index_gptproto.tools import ToolFailure

pytestmark = pytest.mark.emulator

BAD = {"broken base64": "data:image/png;base64,@@@", "text": "data:text/plain;base64,aGk="}
CALLS = {
    "midjourney_imagine": lambda image: {"prompt": "a fox", "images": [image]},
    "midjourney_blend": lambda image: {"images": [image, image]},
    "kling_image_to_video": lambda image: {"prompt": "a fox", "image": image},
    "flux_generate_image": lambda image: {"prompt": "a fox", "image": image},
    "runway_image_to_video": lambda image: {"prompt": "a fox", "image": image},
    "veo_generate_video": lambda image: {"prompt": "a fox", "first_frame": image},
    "doubao_seedance_generate_video": lambda image: {"prompt": "a fox", "first_frame": image},
}


def _settings(emulator):
    return {"api_key": emulator.api_key, "base_url": emulator.url, "timeout": 20}


@pytest.mark.parametrize("bad", BAD.values(), ids=list(BAD))
@pytest.mark.parametrize("name", list(CALLS))
async def test_a_bad_image_is_refused_before_any_request(gptproto_emulator, name, bad):
    args = CALLS[name](bad)
    (tool,) = GPTProtoToolkit(**_settings(gptproto_emulator), include=[name]).get_tools()
    message = tool.invoke({"type": "tool_call", "id": "c1", "name": name, "args": args})
    assert message.status == "error" and "Invalid arguments" in message.text
    (function,) = GPTProtoToolSpec(**_settings(gptproto_emulator), include=[name]).to_tool_list()
    with pytest.raises(ToolFailure, match="Invalid arguments"):
        await function.acall(**args)
    assert gptproto_emulator.counters()["submissions"] == {}

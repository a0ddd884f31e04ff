import pytest

from gptproto_core.errors import ConfigurationError
from langchain_gptproto import GPTProtoToolkit

SECRET = "sk-toolkit-secret-999"


def names(toolkit: GPTProtoToolkit) -> list[str]:
    return [tool.name for tool in toolkit.get_tools()]


def test_all_midjourney_tools_by_vendor():
    assert names(GPTProtoToolkit(api_key=SECRET, include=["midjourney"])) == [
        "midjourney_imagine",
        "midjourney_blend",
        "midjourney_describe",
        "midjourney_swap_face",
        "midjourney_modal",
        "midjourney_action",
        "midjourney_change",
        "midjourney_get_task",
    ]


def test_every_vendor_by_default():
    every = names(GPTProtoToolkit(api_key=SECRET))
    assert len(every) == len(set(every)) == 44
    vendors = {
        *("midjourney", "suno", "kling", "flux", "runway", "higgsfield", "veo", "doubao"),
        *("ideogram", "openai"),
    }
    assert {name.split("_")[0] for name in every} == vendors
    assert names(GPTProtoToolkit(api_key=SECRET, include=["suno", "kling_image_to_video"])) == [
        "suno_generate_music",
        "suno_extend_music",
        "suno_cover_music",
        "suno_concat_music",
        "suno_upload_audio",
        "suno_generate_lyrics",
        "suno_get_clips",
        "kling_image_to_video",
    ]


def test_include_by_vendor_or_tool_name():
    assert names(
        GPTProtoToolkit(api_key=SECRET, include=["midjourney_imagine", "midjourney_get_task"])
    ) == ["midjourney_imagine", "midjourney_get_task"]
    assert len(names(GPTProtoToolkit(api_key=SECRET, include=["midjourney"]))) == 8


def test_unknown_include_is_refused():
    with pytest.raises(ValueError, match="pikachu"):
        GPTProtoToolkit(api_key=SECRET, include=["pikachu"])


def test_settings_reach_every_tool_and_the_pool_is_shared():
    tools = GPTProtoToolkit(
        api_key=SECRET, base_url="http://127.0.0.1:9", poll_interval=0.5, timeout=30
    ).get_tools()
    assert {(t.base_url, t.poll_interval, t.timeout) for t in tools} == {
        ("http://127.0.0.1:9", 0.5, 30)
    }
    assert len({id(t._clients) for t in tools}) == 1


def test_no_key_names_the_variable(monkeypatch):
    monkeypatch.delenv("GPTPROTO_API_KEY", raising=False)
    with pytest.raises((ConfigurationError, ValueError), match="GPTPROTO_API_KEY"):
        GPTProtoToolkit()


def test_key_not_in_repr_or_schema():
    toolkit = GPTProtoToolkit(api_key=SECRET)
    for tool in toolkit.get_tools():
        assert SECRET not in repr(tool)
        assert "api_key" not in tool.get_input_schema().model_json_schema()["properties"]
        assert SECRET not in str(tool.model_dump())
    assert SECRET not in repr(toolkit)

"""langchain-tests ToolsUnitTests for every gptproto media tool (no sockets)."""

from __future__ import annotations

from typing import Any

from langchain_core.tools import BaseTool
from langchain_tests.unit_tests import ToolsUnitTests

from langchain_gptproto.tools import flux, higgsfield, kling, openai, runway, seedance, suno, veo
from langchain_gptproto.tools import midjourney as mj

PARAMS = {"api_key": "sk-unit-test", "base_url": "https://gptproto.test", "poll_interval": 0.01}
INVOKE_EXAMPLES: dict[type[BaseTool], dict[str, Any]] = {
    mj.MidjourneyImagine: {"prompt": "a red fox --ar 16:9", "wait": True},
    mj.MidjourneyBlend: {
        "images": ["https://e.x/a.png", "https://e.x/b.png"],
        "dimensions": "SQUARE",
    },
    mj.MidjourneyDescribe: {"image": "https://e.x/a.png"},
    mj.MidjourneySwapFace: {
        "source_image": "https://e.x/a.png",
        "target_image": "https://e.x/b.png",
    },
    mj.MidjourneyModal: {"task_id": "1700", "prompt": "a blue fox"},
    mj.MidjourneyAction: {"task_id": "1700", "custom_id": "MJ::JOB::upsample::1::abc"},
    mj.MidjourneyChange: {"task_id": "1700", "action": "UPSCALE", "index": 1},
    mj.MidjourneyGetTask: {"task_id": "1700", "wait": False},
    suno.SunoGenerateMusic: {"lyrics": "[Verse]\nStars", "style": "heavy metal", "title": "Starry"},
    suno.SunoExtendMusic: {"clip_id": "73d482c0", "continue_at": 48, "style": "heavy metal"},
    suno.SunoCoverMusic: {"clip_id": "0438be7f", "style": "rock, punk", "title": "Starry (Cover)"},
    suno.SunoConcatMusic: {"clip_id": "186653a1"},
    suno.SunoUploadAudio: {"url": "https://e.x/song.mp3"},
    suno.SunoGenerateLyrics: {"prompt": "a love song", "wait": False},
    suno.SunoGetClips: {"task_id": "a1,b2"},
    kling.KlingGenerateImage: {"prompt": "A happy scene on the beach.", "n": 2},
    kling.KlingTextToVideo: {"prompt": "a plane overhead", "duration": "10", "mode": "std"},
    kling.KlingImageToVideo: {"image": "https://e.x/a.png", "prompt": "flow"},
    kling.KlingGetTask: {"task_id": "videos/text2video/abc"},
    flux.FluxGenerateImage: {"prompt": "make it blue", "image": "https://e.x/a.png"},
    flux.FluxGetTask: {"task_id": "fe8aa692"},
    runway.RunwayActTwo: {"video": "https://e.x/v.mp4", "image": "https://e.x/a.png"},
    runway.RunwayActOne: {"video": "https://e.x/v.mp4", "image": "https://e.x/a.png"},
    runway.RunwayGenerate: {"prompt": "a kitten", "seconds": 10},
    runway.RunwayVideoToVideo: {"video": "https://e.x/v.mp4", "prompt": "pixel style"},
    runway.RunwayImageToVideo: {"image": "https://e.x/a.png", "ratio": "768:1280"},
    runway.RunwayGetTask: {"task_id": "6a0bf943-21ca-4074-a837-5f2511b67a3e"},
    higgsfield.HiggsfieldListMotions: {"search": "dance", "size": 5},
    higgsfield.HiggsfieldGenerateVideo: {
        "prompt": "a dance",
        "motion_id": "5d0eee15-569c-4006-a1c7-46d1c42d9315",
        "image": "https://e.x/a.png",
    },
    higgsfield.HiggsfieldGetTask: {"task_id": "3d957031-9a2a-45e2-9dc7-bc8513059c50"},
    veo.VeoGenerateVideo: {
        "prompt": "a dancer",
        "first_frame": "https://e.x/a.png",
        "last_frame": "https://e.x/b.png",
    },
    veo.VeoGetTask: {"task_id": "veo3-pro:03bd"},
    seedance.DoubaoSeedanceGenerateVideo: {
        "prompt": "she turns",
        "first_frame": "https://e.x/a.png",
    },
    seedance.DoubaoSeedanceGetTask: {"task_id": "cgt-20251013202150-2jzqx"},
    openai.OpenaiGenerateImage: {"prompt": "oxen and horses", "n": 1, "size": "1024x1024"},
    openai.OpenaiEditImage: {"image": ["https://e.x/a.png"], "prompt": "add a hat"},
    openai.OpenaiTextToSpeech: {"input": "The quick brown fox.", "voice": "alloy"},
    openai.OpenaiTranscribeAudio: {"file": "https://e.x/a.wav", "response_format": "srt"},
}


class _ToolUnit(ToolsUnitTests):
    tool_class: type[BaseTool]

    @property
    def tool_constructor(self) -> type[BaseTool]:
        return self.tool_class

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return PARAMS

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return INVOKE_EXAMPLES[self.tool_class]

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        return (
            {"GPTPROTO_API_KEY": "sk-from-env", "GPTPROTO_BASE_URL": "https://relay.example.test"},
            {},
            {"base_url": "https://relay.example.test"},
        )


def _suite(cls: type[BaseTool]) -> type[_ToolUnit]:
    return type(
        f"Test{cls.__name__}Unit", (_ToolUnit,), {"tool_class": cls, "__module__": __name__}
    )


for _cls in INVOKE_EXAMPLES:
    globals()[f"Test{_cls.__name__}Unit"] = _suite(_cls)

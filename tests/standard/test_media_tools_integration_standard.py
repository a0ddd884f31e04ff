"""langchain-tests ToolsIntegrationTests for the Suno, Kling, Flux, Runway, higgsfield, Veo,
Seedance and OpenAI media tools, replayed from cassettes.

Tools that act on an existing job (extend, cover, concat, the lookups) first make that job inside
the same cassette, so record and replay see the same ids.
"""

from __future__ import annotations

from typing import Any, ClassVar

import pytest
from langchain_core.tools import BaseTool
from langchain_tests.integration_tests import ToolsIntegrationTests

from gptproto_core.tasks import Task
from langchain_gptproto.tools import flux, higgsfield, kling, openai, runway, seedance, suno, veo
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

IMAGE = "https://example.com/cat.png"


def _made(tool: BaseTool, args: dict[str, Any]) -> Task:
    task = tool.invoke(
        {"type": "tool_call", "id": "setup", "name": tool.name, "args": args}
    ).artifact
    assert isinstance(task, Task)
    return task


def _clip() -> str:
    return _made(suno.SunoGenerateMusic(poll_interval=0.01), {"style": "heavy metal"}).id.split(
        ","
    )[0]


class _ToolIntegration(ToolsIntegrationTests):
    tool_class: type[BaseTool]
    example: ClassVar[dict[str, Any]] = {}

    @property
    def tool_constructor(self) -> type[BaseTool]:
        return self.tool_class

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"poll_interval": 0.01}  # key and base URL come from the environment

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return self.example


class TestSunoGenerateMusic(_ToolIntegration):
    tool_class = suno.SunoGenerateMusic
    example: ClassVar[dict[str, Any]] = {
        "lyrics": "[Verse]\nStars they shine",
        "style": "heavy metal",
        "title": "Starry",
    }


class TestSunoExtendMusic(_ToolIntegration):
    tool_class = suno.SunoExtendMusic

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"clip_id": _clip(), "continue_at": 48, "style": "heavy metal"}


class TestSunoCoverMusic(_ToolIntegration):
    tool_class = suno.SunoCoverMusic

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"clip_id": _clip(), "style": "rock, punk", "title": "Starry (Cover)"}


class TestSunoConcatMusic(_ToolIntegration):
    tool_class = suno.SunoConcatMusic

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"clip_id": _clip()}


class TestSunoUploadAudio(_ToolIntegration):
    tool_class = suno.SunoUploadAudio
    example: ClassVar[dict[str, Any]] = {"url": "https://example.com/song.mp3"}


class TestSunoGenerateLyrics(_ToolIntegration):
    tool_class = suno.SunoGenerateLyrics
    example: ClassVar[dict[str, Any]] = {"prompt": "a love song"}


class TestSunoGetClips(_ToolIntegration):
    tool_class = suno.SunoGetClips

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"task_id": _clip()}


class TestKlingGenerateImage(_ToolIntegration):
    tool_class = kling.KlingGenerateImage
    example: ClassVar[dict[str, Any]] = {"prompt": "A happy scene on the beach."}


class TestKlingTextToVideo(_ToolIntegration):
    tool_class = kling.KlingTextToVideo
    example: ClassVar[dict[str, Any]] = {"prompt": "a plane flies overhead", "duration": "10"}


class TestKlingImageToVideo(_ToolIntegration):
    tool_class = kling.KlingImageToVideo
    example: ClassVar[dict[str, Any]] = {"image": IMAGE, "prompt": "flow"}


class TestKlingGetTask(_ToolIntegration):
    tool_class = kling.KlingGetTask

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        made = _made(kling.KlingTextToVideo(poll_interval=0.01), {"prompt": "a setup video"})
        return {"task_id": made.id}


class TestFluxGenerateImage(_ToolIntegration):
    tool_class = flux.FluxGenerateImage
    example: ClassVar[dict[str, Any]] = {"prompt": "make it blue", "image": IMAGE}


class TestFluxGetTask(_ToolIntegration):
    tool_class = flux.FluxGetTask

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        made = _made(flux.FluxGenerateImage(poll_interval=0.01), {"prompt": "a setup image"})
        return {"task_id": made.id}


VIDEO = "https://example.com/performance.mp4"
MOTION = "5d0eee15-569c-4006-a1c7-46d1c42d9315"


class TestRunwayActTwo(_ToolIntegration):
    tool_class = runway.RunwayActTwo
    example: ClassVar[dict[str, Any]] = {"video": VIDEO, "image": IMAGE, "expression_intensity": 3}


class TestRunwayActOne(_ToolIntegration):
    tool_class = runway.RunwayActOne
    example: ClassVar[dict[str, Any]] = {"video": VIDEO, "image": IMAGE, "flip": True}


class TestRunwayGenerate(_ToolIntegration):
    tool_class = runway.RunwayGenerate
    example: ClassVar[dict[str, Any]] = {"prompt": "a kitten", "style": "cinematic"}


class TestRunwayVideoToVideo(_ToolIntegration):
    tool_class = runway.RunwayVideoToVideo
    example: ClassVar[dict[str, Any]] = {"video": VIDEO, "prompt": "pixel style"}


class TestRunwayImageToVideo(_ToolIntegration):
    tool_class = runway.RunwayImageToVideo
    example: ClassVar[dict[str, Any]] = {"image": IMAGE, "prompt": "cat dance"}


class TestRunwayGetTask(_ToolIntegration):
    tool_class = runway.RunwayGetTask

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        made = _made(runway.RunwayGenerate(poll_interval=0.01), {"prompt": "a setup video"})
        return {"task_id": made.id}


class TestHiggsfieldListMotions(_ToolIntegration):
    tool_class = higgsfield.HiggsfieldListMotions
    example: ClassVar[dict[str, Any]] = {"search": "dance"}


class TestHiggsfieldGenerateVideo(_ToolIntegration):
    tool_class = higgsfield.HiggsfieldGenerateVideo
    example: ClassVar[dict[str, Any]] = {"prompt": "a dance", "motion_id": MOTION, "image": IMAGE}


class TestHiggsfieldGetTask(_ToolIntegration):
    tool_class = higgsfield.HiggsfieldGetTask

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        setup = {"prompt": "a setup video", "motion_id": MOTION, "image": IMAGE}
        made = _made(higgsfield.HiggsfieldGenerateVideo(poll_interval=0.01), setup)
        return {"task_id": made.id}


class TestVeoGenerateVideo(_ToolIntegration):
    tool_class = veo.VeoGenerateVideo
    example: ClassVar[dict[str, Any]] = {"prompt": "a dancer", "first_frame": IMAGE}


class TestVeoGetTask(_ToolIntegration):
    tool_class = veo.VeoGetTask

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        made = _made(veo.VeoGenerateVideo(poll_interval=0.01), {"prompt": "a setup video"})
        return {"task_id": made.id}


class TestDoubaoSeedanceGenerateVideo(_ToolIntegration):
    tool_class = seedance.DoubaoSeedanceGenerateVideo
    example: ClassVar[dict[str, Any]] = {"prompt": "she turns", "first_frame": IMAGE}


class TestDoubaoSeedanceGetTask(_ToolIntegration):
    tool_class = seedance.DoubaoSeedanceGetTask

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        made = _made(
            seedance.DoubaoSeedanceGenerateVideo(poll_interval=0.01), {"prompt": "a setup video"}
        )
        return {"task_id": made.id}


class TestOpenaiGenerateImage(_ToolIntegration):
    tool_class = openai.OpenaiGenerateImage
    example: ClassVar[dict[str, Any]] = {"prompt": "oxen and horses", "size": "1024x1024"}


class TestOpenaiEditImage(_ToolIntegration):
    tool_class = openai.OpenaiEditImage
    example: ClassVar[dict[str, Any]] = {"image": str(DATA / "sample.png"), "prompt": "add a hat"}


class TestOpenaiTextToSpeech(_ToolIntegration):
    tool_class = openai.OpenaiTextToSpeech
    example: ClassVar[dict[str, Any]] = {"input": "Hi.", "response_format": "wav"}


class TestOpenaiTranscribeAudio(_ToolIntegration):
    tool_class = openai.OpenaiTranscribeAudio
    example: ClassVar[dict[str, Any]] = {"file": str(DATA / "sample.wav"), "response_format": "vtt"}

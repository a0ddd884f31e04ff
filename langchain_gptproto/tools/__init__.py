"""gptproto media tools for LangChain agents: one tool per operation, plus the toolkit."""

from langchain_gptproto.tools._base import PROGRESS_EVENT, GPTProtoGetTaskTool, GPTProtoTaskTool
from langchain_gptproto.tools.flux import FluxGenerateImage, FluxGetTask
from langchain_gptproto.tools.kling import (
    KlingGenerateImage,
    KlingGetTask,
    KlingImageToVideo,
    KlingTextToVideo,
)
from langchain_gptproto.tools.midjourney import (
    MidjourneyAction,
    MidjourneyBlend,
    MidjourneyChange,
    MidjourneyDescribe,
    MidjourneyGetTask,
    MidjourneyImagine,
    MidjourneyModal,
    MidjourneySwapFace,
)
from langchain_gptproto.tools.openai import (
    OpenaiEditImage,
    OpenaiGenerateImage,
    OpenaiTextToSpeech,
    OpenaiTranscribeAudio,
)
from langchain_gptproto.tools.suno import (
    SunoConcatMusic,
    SunoCoverMusic,
    SunoExtendMusic,
    SunoGenerateLyrics,
    SunoGenerateMusic,
    SunoGetClips,
    SunoUploadAudio,
)
from langchain_gptproto.tools.toolkit import GPTProtoToolkit

__all__ = [
    "PROGRESS_EVENT",
    "FluxGenerateImage",
    "FluxGetTask",
    "GPTProtoGetTaskTool",
    "GPTProtoTaskTool",
    "GPTProtoToolkit",
    "KlingGenerateImage",
    "KlingGetTask",
    "KlingImageToVideo",
    "KlingTextToVideo",
    "MidjourneyAction",
    "MidjourneyBlend",
    "MidjourneyChange",
    "MidjourneyDescribe",
    "MidjourneyGetTask",
    "MidjourneyImagine",
    "MidjourneyModal",
    "MidjourneySwapFace",
    "OpenaiEditImage",
    "OpenaiGenerateImage",
    "OpenaiTextToSpeech",
    "OpenaiTranscribeAudio",
    "SunoConcatMusic",
    "SunoCoverMusic",
    "SunoExtendMusic",
    "SunoGenerateLyrics",
    "SunoGenerateMusic",
    "SunoGetClips",
    "SunoUploadAudio",
]

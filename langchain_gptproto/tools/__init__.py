"""gptproto media tools for LangChain agents: one tool per operation, plus the toolkit."""

from langchain_gptproto.tools._base import PROGRESS_EVENT, GPTProtoGetTaskTool, GPTProtoTaskTool
from langchain_gptproto.tools.doubao import DoubaoSeededitEditImage, DoubaoSeedreamGenerateImage
from langchain_gptproto.tools.flux import FluxGenerateImage, FluxGetTask
from langchain_gptproto.tools.higgsfield import (
    HiggsfieldGenerateVideo,
    HiggsfieldGetTask,
    HiggsfieldListMotions,
)
from langchain_gptproto.tools.ideogram import (
    IdeogramEdit,
    IdeogramGenerate,
    IdeogramRemix,
    IdeogramReplaceBackground,
)
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
from langchain_gptproto.tools.runway import (
    RunwayActOne,
    RunwayActTwo,
    RunwayGenerate,
    RunwayGetTask,
    RunwayImageToVideo,
    RunwayVideoToVideo,
)
from langchain_gptproto.tools.seedance import DoubaoSeedanceGenerateVideo, DoubaoSeedanceGetTask
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
from langchain_gptproto.tools.veo import VeoGenerateVideo, VeoGetTask

__all__ = [
    "PROGRESS_EVENT",
    "DoubaoSeedanceGenerateVideo",
    "DoubaoSeedanceGetTask",
    "DoubaoSeededitEditImage",
    "DoubaoSeedreamGenerateImage",
    "FluxGenerateImage",
    "FluxGetTask",
    "GPTProtoGetTaskTool",
    "GPTProtoTaskTool",
    "GPTProtoToolkit",
    "HiggsfieldGenerateVideo",
    "HiggsfieldGetTask",
    "HiggsfieldListMotions",
    "IdeogramEdit",
    "IdeogramGenerate",
    "IdeogramRemix",
    "IdeogramReplaceBackground",
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
    "RunwayActOne",
    "RunwayActTwo",
    "RunwayGenerate",
    "RunwayGetTask",
    "RunwayImageToVideo",
    "RunwayVideoToVideo",
    "SunoConcatMusic",
    "SunoCoverMusic",
    "SunoExtendMusic",
    "SunoGenerateLyrics",
    "SunoGenerateMusic",
    "SunoGetClips",
    "SunoUploadAudio",
    "VeoGenerateVideo",
    "VeoGetTask",
]

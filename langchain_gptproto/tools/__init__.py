"""gptproto media tools for LangChain agents: one tool per operation, plus the toolkit."""

from langchain_gptproto.tools._base import PROGRESS_EVENT, GPTProtoGetTaskTool, GPTProtoTaskTool
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
from langchain_gptproto.tools.toolkit import GPTProtoToolkit

__all__ = [
    "PROGRESS_EVENT",
    "GPTProtoGetTaskTool",
    "GPTProtoTaskTool",
    "GPTProtoToolkit",
    "MidjourneyAction",
    "MidjourneyBlend",
    "MidjourneyChange",
    "MidjourneyDescribe",
    "MidjourneyGetTask",
    "MidjourneyImagine",
    "MidjourneyModal",
    "MidjourneySwapFace",
]

"""What the numbers were measured on: cores, CPU, Python, package versions."""

from __future__ import annotations

import datetime as dt
import os
import platform
import sys
from importlib import metadata

PACKAGES = (
    "gptproto-integrations",
    "httpx",
    "httpcore",
    "aiohttp",
    "httpx-aiohttp",
    "pydantic",
    "langchain-core",
    "langchain-openai",
    "openai",
    "llama-index-core",
    "llama-index-llms-openai-like",
    "uvicorn",
    "starlette",
    "h11",
)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions() -> dict[str, str]:
    found: dict[str, str] = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = "not installed"
    return found


def describe() -> dict[str, object]:
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": usable,
        "cpu": cpu_model(),
        "platform": platform.platform(),
        "cpu_count": os.cpu_count(),
        "python": f"{platform.python_implementation()} {sys.version.split()[0]}",
        "executable": sys.executable,
        "packages": versions(),
    }

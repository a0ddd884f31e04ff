"""Peak RSS of a one-call process: import, build the client, ONE chat to the emulator, exit.

Each run is a fresh interpreter; runs of the clients are interleaved and the median is kept.
The child reports the peak RSS of its own image: ``VmHWM`` from /proc/self/status on Linux.
``getrusage(RUSAGE_SELF).ru_maxrss`` is kept too but not used there: Linux carries the parent's
RSS over fork/vfork + exec into it, so a child started by this (large) benchmark process would
report the benchmark's size. Where /proc is missing, ru_maxrss is all there is.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from bench.payloads import EXPECTED_ECHO, MODEL, USER_TEXT
from bench.stats import median
from bench.subprocesses import run_python

CHATGPTPROTO = "ChatGPTProto"
CHATOPENAI = "ChatOpenAI"
LANGCHAIN_FLOOR = "BaseChatModel imported, no call"
"""What every LangChain chat model costs before it does anything: the floor for ChatGPTProto."""

_SETUP = {
    "httpx (post + .json())": """
import httpx
body = {"model": MODEL, "messages": [{"role": "user", "content": TEXT}]}
r = httpx.post(URL + "/v1/chat/completions", json=body, headers={"Authorization": "Bearer " + KEY})
answer = r.json()["choices"][0]["message"]["content"]
""",
    "GPTProtoClient (core)": """
from gptproto_core import GPTProtoClient
body = {"model": MODEL, "messages": [{"role": "user", "content": TEXT}]}
with GPTProtoClient(api_key=KEY, base_url=URL, max_retries=0) as client:
    reply = client.request_json("POST", "/v1/chat/completions", json=body)
answer = reply["choices"][0]["message"]["content"]
""",
    CHATGPTPROTO: """
from langchain_gptproto import ChatGPTProto
answer = ChatGPTProto(model=MODEL, api_key=KEY, base_url=URL, max_retries=0).invoke(TEXT).text
""",
    CHATOPENAI: """
from langchain_openai import ChatOpenAI
llm = ChatOpenAI(model=MODEL, base_url=URL + "/v1", api_key=KEY, max_retries=0)
answer = llm.invoke(TEXT).text
""",
    LANGCHAIN_FLOOR: """
from langchain_core.language_models.chat_models import BaseChatModel
answer = EXPECTED
""",
    "OpenAILike (LlamaIndex)": """
from llama_index.core.llms import ChatMessage
from llama_index.llms.openai_like import OpenAILike
llm = OpenAILike(model=MODEL, api_base=URL + "/v1", api_key=KEY, is_chat_model=True, max_retries=0)
answer = llm.chat([ChatMessage(role="user", content=TEXT)]).message.content
""",
}

_CHILD = """
import resource, sys
URL, KEY, MODEL, TEXT, EXPECTED, SETUP = sys.argv[1:7]
exec(SETUP)
if EXPECTED not in answer:
    raise SystemExit("unexpected answer: " + repr(answer[:200]))
hwm = -1
try:
    with open("/proc/self/status") as status:
        hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except (OSError, StopIteration):
    pass
print(hwm, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


@dataclass
class MemoryRow:
    name: str
    runs: int
    median_mib: float
    min_mib: float
    max_mib: float
    ru_maxrss_median_mib: float


@dataclass
class MemoryReport:
    rows: list[MemoryRow]
    runs: int
    skipped: dict[str, str] = field(default_factory=dict)

    def row(self, name: str) -> MemoryRow | None:
        return next((r for r in self.rows if r.name == name), None)


def _peak_mib(url: str, key: str, setup: str) -> tuple[float, float]:
    """(peak RSS of the child's own image, its ru_maxrss), in MiB."""
    hwm_kib, maxrss = (
        float(x)
        for x in run_python(_CHILD, url, key, MODEL, USER_TEXT, EXPECTED_ECHO, setup).split()
    )
    # ru_maxrss is in KiB on Linux, in bytes on macOS
    maxrss_mib = maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024
    return (hwm_kib / 1024 if hwm_kib >= 0 else maxrss_mib), maxrss_mib


def run(url: str, key: str, runs: int) -> MemoryReport:
    names: list[str] = []
    skipped: dict[str, str] = {}
    samples: dict[str, list[float]] = {}
    maxrss: dict[str, list[float]] = {}
    for name, setup in _SETUP.items():  # the first run checks the answer, and is kept
        try:
            peak, rusage = _peak_mib(url, key, setup)
        except Exception as exc:
            skipped[name] = str(exc)[:300]
            continue
        samples[name], maxrss[name] = [peak], [rusage]
        names.append(name)
    for i in range(1, runs):
        for j in range(len(names)):
            name = names[(i + j) % len(names)]
            peak, rusage = _peak_mib(url, key, _SETUP[name])
            samples[name].append(peak)
            maxrss[name].append(rusage)
    rows = [
        MemoryRow(
            n,
            len(samples[n]),
            median(samples[n]),
            min(samples[n]),
            max(samples[n]),
            median(maxrss[n]),
        )
        for n in names
    ]
    return MemoryReport(rows, runs, skipped)

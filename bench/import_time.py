"""Cold import time: each statement in a fresh interpreter, runs interleaved, median.

Timed inside the child (``perf_counter`` around the statement), so interpreter start-up is not
counted; the wall time of the whole child process is reported too. One untimed round first
writes the ``.pyc`` files, so every timed run reads the same warm page cache.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from bench.stats import median
from bench.subprocesses import run_python

LANGCHAIN_OPENAI = "import langchain_openai"
PACKAGE = "import langchain_gptproto"
CHAT_MODEL = "from langchain_gptproto import ChatGPTProto"
LANGCHAIN_FLOOR = "from langchain_core.language_models.chat_models import BaseChatModel"
"""What every LangChain chat model imports: the floor for CHAT_MODEL."""
STATEMENTS = [
    LANGCHAIN_OPENAI,
    PACKAGE,
    CHAT_MODEL,
    LANGCHAIN_FLOOR,
    "import gptproto_core",
    "import httpx",
]
_CHILD = """
import sys, time
start = time.perf_counter()
exec(sys.argv[1])
print(time.perf_counter() - start)
"""


@dataclass
class ImportRow:
    statement: str
    runs: int
    median_s: float
    process_median_s: float


@dataclass
class ImportReport:
    rows: list[ImportRow]
    runs: int
    skipped: dict[str, str] = field(default_factory=dict)

    def row(self, statement: str) -> ImportRow | None:
        return next((r for r in self.rows if r.statement == statement), None)


def run(runs: int) -> ImportReport:
    statements: list[str] = []
    skipped: dict[str, str] = {}
    for statement in STATEMENTS:  # the untimed round
        try:
            run_python(_CHILD, statement)
            statements.append(statement)
        except Exception as exc:
            skipped[statement] = str(exc)[:300]
    inner: dict[str, list[float]] = {s: [] for s in statements}
    outer: dict[str, list[float]] = {s: [] for s in statements}
    for i in range(runs):
        for j in range(len(statements)):
            statement = statements[(i + j) % len(statements)]
            start = time.perf_counter()
            inner[statement].append(float(run_python(_CHILD, statement)))
            outer[statement].append(time.perf_counter() - start)
    rows = [ImportRow(s, runs, median(inner[s]), median(outer[s])) for s in statements]
    return ImportReport(rows, runs, skipped)

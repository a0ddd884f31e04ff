"""The operation table: every media operation declared once, for both adapters and the docs.

    op = OPERATIONS["midjourney_imagine"]
    op.summary, op.request, op.route           # what the model reads, the schema, the endpoint
    answer = drive(operation_flow(op, {"prompt": "a red fox"}, schedule, clock), client)
    answer.text, answer.task

A row names the tool, the one summary the model reads, its request model (the only schema:
fields, descriptions, constraints, defaults), the pure builder of its submit call, the vendor's
tracker, the API.md section and route it implements, the tool to call next, an optional
multi-step preparation and any alternative wire formats. A vendor's lookup tool (`*_get_task`)
is a row too, built from its tracker. The LangChain tools, the LlamaIndex spec, the docs' tool
table and the parity test are all derived from these rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, create_model

from gptproto_core.errors import ConfigurationError
from gptproto_core.tasks import Clock, Flow, Job, PollSchedule, Tracker

__all__ = [
    "Operation",
    "Preparation",
    "TaskIdRequest",
    "lookup",
    "table",
    "tool_schema",
]

Preparation = Callable[[Any, PollSchedule, Clock], Flow[Any]]
"""A step before submitting (e.g. Suno: wait for the lyrics a `lyrics_id` names, then sing
them): a flow that returns the request to submit."""


@dataclass(frozen=True, eq=False)  # identity: rows are singletons, and cached on
class Operation:
    """One tool: a media operation (`job` set) or a vendor's lookup by task id (`job` None).

    `tracker` is None for a vendor with no task query (OpenAI's images and audio, Ideogram,
    Doubao images): every job answers at once, there is nothing to poll or look up, and the
    schema has no `wait`; `vendor` names the vendor (default: the tool name's first word).
    """

    name: str
    summary: str
    request: type[BaseModel]
    tracker: Tracker | None
    section: str
    route: str
    job: Callable[[Any], Job] | None = None
    follow_up: str | None = None
    prepare: Preparation | None = None
    formats: Mapping[str, Callable[[Any], Job]] = field(default_factory=dict)
    """Alternative wire formats by name; the first is the default (`job`)."""
    vendor: str = ""
    typical_seconds: float | None = None
    """How long such a job usually takes, for vendors that report only a status: progress events
    then carry an estimate (marked `estimated`) from it. None: no estimate."""

    def __post_init__(self) -> None:
        if not self.vendor:
            vendor = self.tracker.vendor if self.tracker else self.name.split("_", 1)[0]
            object.__setattr__(self, "vendor", vendor)

    @property
    def is_lookup(self) -> bool:
        return self.job is None

    @property
    def lookup_tool(self) -> str | None:
        return self.tracker.lookup_tool if self.tracker else None

    def job_for(self, wire_format: str | None) -> Callable[[Any], Job]:
        """The submit builder of a wire format (None: the default)."""
        if wire_format is None or (not self.formats and wire_format == "default"):
            assert self.job is not None, f"{self.name} submits nothing"
            return self.job
        if wire_format not in self.formats:
            known = ", ".join(self.formats) or "only the default"
            raise ConfigurationError(
                f"{self.name} has no wire format {wire_format!r}; choose from {known}"
            )
        return self.formats[wire_format]


class TaskIdRequest(BaseModel):
    """What a lookup tool takes: the id a submitting tool returned."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    task_id: str = Field(min_length=1, description="The task id a submitting tool returned")


def lookup(
    tracker: Tracker,
    *,
    summary: str,
    section: str,
    route: str,
    task_id_help: str | None = None,
    follow_up: str | None = None,
) -> Operation:
    """The row of a vendor's lookup tool; `task_id_help` describes its id's form."""
    request: type[BaseModel] = TaskIdRequest
    if task_id_help:
        request = create_model(
            f"{_camel(tracker.lookup_tool)}Request",
            __base__=TaskIdRequest,
            task_id=(str, Field(min_length=1, description=task_id_help)),
        )
    return Operation(
        name=tracker.lookup_tool,
        summary=summary,
        request=request,
        tracker=tracker,
        section=section,
        route=route,
        follow_up=follow_up,
    )


def table(*groups: Iterable[Operation]) -> dict[str, Operation]:
    """Rows by tool name, in the order given; a name declared twice is a bug."""
    rows: dict[str, Operation] = {}
    for group in groups:
        for op in group:
            if op.name in rows:
                raise ValueError(f"operation {op.name!r} is declared twice")
            rows[op.name] = op
    return rows


_WAIT_HELP = (
    "Wait for the result (default). False returns the task id at once; "
    "fetch the result later with {lookup}."
)
_LOOKUP_WAIT_HELP = "Wait until the task has finished (default); False looks it up once."


@cache
def tool_schema(op: Operation) -> type[BaseModel]:
    """The tool's argument schema: the request model plus `wait`, for both frameworks.

    A synchronous operation (no tracker) has nothing to wait for: its schema is the request's.
    """
    if op.tracker is None:
        return create_model(f"{_camel(op.name)}Input", __base__=op.request, __doc__=op.summary)
    help_text = _LOOKUP_WAIT_HELP if op.is_lookup else _WAIT_HELP.format(lookup=op.lookup_tool)
    schema: type[BaseModel] = create_model(
        f"{_camel(op.name)}Input",
        __base__=op.request,
        __doc__=op.summary,
        wait=(bool, Field(default=True, description=help_text)),
    )
    return schema


def _camel(name: str) -> str:
    return "".join(part.capitalize() for part in re.split(r"[_\W]+", name) if part)

"""The operation table is the one source of truth: both frameworks, the docs and the emulator
agree with it, tool by tool."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest
from langchain_core.utils.function_calling import convert_to_openai_tool

from gptproto_core.operations import Operation, tool_schema
from gptproto_core.tool_table import OPERATIONS, VENDORS, cost_table, refresh_docs, select
from gptproto_core.vendors import (
    doubao,
    flux,
    higgsfield,
    ideogram,
    kling,
    midjourney,
    openai_media,
    runway,
    seedance,
    suno,
    veo,
)
from gptproto_emulator import create_app
from langchain_gptproto import GPTProtoToolkit
from langchain_gptproto.tools.toolkit import TOOL_CLASSES
from llama_index_gptproto import GPTProtoToolSpec

ROOT = Path(__file__).resolve().parents[2]
KEY = "sk-test-parity"
ROWS = list(OPERATIONS.values())
IDS = [op.name for op in ROWS]


def _without_titles(schema: Any) -> Any:
    """JSON schema minus pydantic's auto titles (LangChain drops them, LlamaIndex keeps them)."""
    if isinstance(schema, dict):
        return {k: _without_titles(v) for k, v in schema.items() if k != "title"}
    if isinstance(schema, list):
        return [_without_titles(v) for v in schema]
    return schema


@pytest.fixture(scope="module")
def langchain_tools() -> dict[str, Any]:
    return {tool.name: tool for tool in GPTProtoToolkit(api_key=KEY).get_tools()}


@pytest.fixture(scope="module")
def llama_tools() -> dict[str, Any]:
    return {tool.metadata.name: tool for tool in GPTProtoToolSpec(api_key=KEY).to_tool_list()}


def test_both_frameworks_offer_every_row_in_table_order(langchain_tools, llama_tools):
    assert list(langchain_tools) == list(llama_tools) == IDS
    assert len(IDS) == 44


@pytest.mark.parametrize("op", ROWS, ids=IDS)
def test_the_model_sees_the_same_schema_in_both_frameworks(op, langchain_tools, llama_tools):
    lc = convert_to_openai_tool(langchain_tools[op.name])["function"]
    li = llama_tools[op.name].metadata.to_openai_tool()["function"]
    assert lc["name"] == li["name"] == op.name
    assert lc["description"] == li["description"] == op.summary
    assert _without_titles(lc["parameters"]) == _without_titles(li["parameters"])
    # ...and it is the request model's schema plus `wait` (if there is a job to wait for).
    own = set(op.request.model_fields) | ({"wait"} if op.tracker else set())
    assert set(lc["parameters"]["properties"]) == own


@pytest.mark.parametrize("op", ROWS, ids=IDS)
def test_every_argument_is_described(op, langchain_tools, llama_tools):
    for parameters in (
        convert_to_openai_tool(langchain_tools[op.name])["function"]["parameters"],
        llama_tools[op.name].metadata.to_openai_tool()["function"]["parameters"],
    ):
        undescribed = [
            name for name, spec in parameters["properties"].items() if not spec.get("description")
        ]
        assert undescribed == [], f"{op.name}: {undescribed} have no description"


@pytest.mark.parametrize("op", ROWS, ids=IDS)
def test_names_are_snake_case_vendor_first_and_rows_are_consistent(op):
    assert re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)+", op.name)
    assert op.name.startswith(f"{op.vendor}_")
    # A vendor with no task query (OpenAI media, Ideogram, Doubao images) has no lookup tool.
    assert op.lookup_tool is None or OPERATIONS[op.lookup_tool].is_lookup
    assert (op.tracker is None) == (op.lookup_tool is None)
    assert op.follow_up is None or op.follow_up in OPERATIONS
    assert re.fullmatch(r"§\d+(\.\d+)?.*", op.section)
    assert re.fullmatch(r"(GET|POST) /\S+", op.route)
    assert len(op.summary) <= 450, "a summary is read by the model on every call: keep it short"


@pytest.mark.parametrize("op", ROWS, ids=IDS)
def test_every_row_has_a_langchain_class_named_after_it(op):
    cls = next(c for c in TOOL_CLASSES[op.vendor] if c.operation is op)
    assert cls.__name__ == "".join(part.capitalize() for part in op.name.split("_"))
    assert cls.model_fields["args_schema"].default is tool_schema(op)


def _routes() -> list[Any]:
    return list(create_app().routes)


@pytest.mark.parametrize("op", ROWS, ids=IDS)
def test_every_row_has_an_emulator_route(op):
    from starlette.routing import Match

    method, path = op.route.split(" ", 1)
    concrete = re.sub(r"\{[^}]+\}", "x", path)
    scope = {"type": "http", "method": method, "path": concrete, "root_path": ""}
    matches = [route.matches(scope)[0] for route in _routes() if hasattr(route, "matches")]
    assert Match.FULL in matches, f"the emulator serves no {op.route}"


# The status words each vendor's docs list (API.md §5.3, §7.3, §8.2, §8.4, §9.4, §10.2, §12.4,
# §13.7, §14.3).
DOCUMENTED_STATUSES = {
    "midjourney": [
        "NOT_START",
        "SUBMITTED",
        "MODAL",
        "IN_PROGRESS",
        "FAILURE",
        "SUCCESS",
        "CANCEL",
    ],
    "suno": ["submitted", "queued", "streaming", "complete", "error"],
    "kling": ["submitted", "processing", "succeed", "failed"],
    "flux": [
        "Task not found",
        "Pending",
        "Request Moderated",
        "Content Moderated",
        "Ready",
        "Error",
    ],
    # §10.2: Runway's own (candidate A) and the new-api wrapper's (candidate B) words
    "runway": [
        *("PENDING", "THROTTLED", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"),
        *("NOT_START", "SUBMITTED", "QUEUED", "IN_PROGRESS", "SUCCESS", "FAILURE", "UNKNOWN"),
    ],
    # §14.3: Higgsfield's job words and a relay's
    "higgsfield": [
        *("queued", "in_progress", "completed", "failed", "nsfw", "canceled"),
        *("pending", "processing"),
    ],
    "veo": ["PROCESSING", "SUCCESS", "FAILED"],
    # Ark's words, and the docs site's example (pending, completed)
    "doubao": ["queued", "running", "cancelled", "succeeded", "failed", "pending", "completed"],
    "ideogram": [],  # §11: answered at once, no statuses
}


@pytest.mark.parametrize("vendor", [v for v in VENDORS if select([v])[0].tracker])
def test_every_documented_status_word_is_mapped(vendor):
    # A vendor name may span modules (Doubao: Seedance video, Seedream images), each with its
    # own tracker: the words of all its trackers count.
    trackers = {op.tracker for op in select([vendor]) if op.tracker is not None}
    mapped = {word for tracker in trackers for table in tracker.statuses for word in table.words}
    missing = [w for w in DOCUMENTED_STATUSES[vendor] if w.lower() not in mapped]
    assert missing == []


def test_every_vendor_module_declares_its_rows_and_one_tracker():
    for module in (midjourney, suno, kling, flux, runway, higgsfield, veo, seedance):
        trackers = {op.tracker for op in module.OPERATIONS}
        assert trackers == {module.TRACKER}
    for module in (ideogram, doubao, openai_media):  # no task query: rows without a tracker
        assert {op.tracker for op in module.OPERATIONS} == {None}
    assert [op.vendor for op in ROWS] == sorted((op.vendor for op in ROWS), key=list(VENDORS).index)


def test_docs_tool_tables_are_generated_from_the_table():
    text = (ROOT / "docs" / "tools.md").read_text(encoding="utf-8")
    assert refresh_docs(text) == text, "docs/tools.md is stale: run `make docs`"
    for vendor in VENDORS:  # every vendor's tools are in some generated table
        assert all(f"| `{op.name}` | `" in text for op in select([vendor]))
    for op in ROWS:  # the results-and-errors notes name exactly the table's tools
        assert text.count(f"| `{op.name}` |") == 2, op.name


def test_the_llamaindex_package_holds_no_per_operation_functions():
    names = set(OPERATIONS) | {f"a{name}" for name in OPERATIONS}
    for path in (ROOT / "llama_index_gptproto" / "tools").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined = {
            node.name
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        }
        assert defined.isdisjoint(names), path.name


def test_a_tool_class_is_a_few_lines_over_its_row():
    for path in (ROOT / "langchain_gptproto" / "tools").glob("*.py"):
        if path.name.startswith("_") or path.name == "toolkit.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.ClassDef):
                assert len(node.body) <= 6, f"{path.name}:{node.name} grew past its row"


def test_unknown_include_names_fail_with_the_known_ones():
    from gptproto_core.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="midjourney"):
        select(["midjurney"])
    assert [op.name for op in select(["flux", "kling_get_task"])] == [
        "kling_get_task",
        "flux_generate_image",
        "flux_get_task",
    ]
    assert [op.name for op in select(["doubao_seedance"])] == [
        "doubao_seedance_generate_video",
        "doubao_seedance_get_task",
    ]
    with pytest.raises(ConfigurationError, match="doubao_seed"):
        select(["doubao_seed"])  # a prefix ends at a word of the tool name


def test_a_wire_format_is_checked_when_the_tool_is_built():
    from gptproto_core.errors import ConfigurationError

    op: Operation = OPERATIONS["flux_generate_image"]
    assert op.job_for("images") is flux.generate_images
    with pytest.raises(ConfigurationError, match="official, images, chat"):
        op.job_for("carrier-pigeon")
    with pytest.raises(ConfigurationError, match="carrier-pigeon"):
        GPTProtoToolSpec(api_key=KEY, wire_formats={"flux_generate_image": "carrier-pigeon"})


def test_every_tool_has_its_own_description_and_the_costs_are_current():
    summaries = [op.summary for op in ROWS]
    assert len(set(summaries)) == len(summaries), "two tools read the same to a model"
    text = (ROOT / "docs" / "tools.md").read_text(encoding="utf-8")
    assert cost_table() in text

"""langchain-tests ToolsIntegrationTests for every gptproto media tool, replayed from cassettes.

Tools that act on an existing job (action, change, modal, get_task) first make that job with
midjourney_imagine inside the same cassette, so record and replay see the same ids.
"""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.tools import BaseTool
from langchain_tests.integration_tests import ToolsIntegrationTests

from gptproto_core.tasks import Task
from langchain_gptproto.tools import midjourney as mj
from tests.conftest import DATA

pytestmark = pytest.mark.vcr

# Midjourney's image fields take data URIs (the emulator refuses a plain URL there); a local
# file is read into one, so the recorded bodies do not depend on where the repository lives.
IMAGE = str(DATA / "sample.png")


def _grid() -> Task:
    tool = mj.MidjourneyImagine(poll_interval=0.01)
    task = tool.invoke(
        {"type": "tool_call", "id": "setup", "name": tool.name, "args": {"prompt": "a setup grid"}}
    ).artifact
    assert isinstance(task, Task)
    return task


def _zoom_waiting() -> Task:
    grid = _grid()
    action = mj.MidjourneyAction(poll_interval=0.01)
    u1 = next(a.id for a in grid.actions if a.label == "U1")
    upscaled = action.invoke(
        {
            "type": "tool_call",
            "id": "u1",
            "name": action.name,
            "args": {"task_id": grid.id, "custom_id": u1},
        }
    ).artifact
    zoom = next(a.id for a in upscaled.actions if "CustomZoom" in a.id)
    return action.invoke(
        {
            "type": "tool_call",
            "id": "z",
            "name": action.name,
            "args": {"task_id": upscaled.id, "custom_id": zoom},
        }
    ).artifact


class _ToolIntegration(ToolsIntegrationTests):
    tool_class: type[BaseTool]

    @property
    def tool_constructor(self) -> type[BaseTool]:
        return self.tool_class

    @property
    def tool_constructor_params(self) -> dict[str, Any]:
        return {"poll_interval": 0.01}  # key and base URL come from the environment


class TestMidjourneyImagine(_ToolIntegration):
    tool_class = mj.MidjourneyImagine

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"prompt": "a red fox in the snow --ar 16:9"}


class TestMidjourneyBlend(_ToolIntegration):
    tool_class = mj.MidjourneyBlend

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"images": [IMAGE, IMAGE], "dimensions": "SQUARE"}


class TestMidjourneyDescribe(_ToolIntegration):
    tool_class = mj.MidjourneyDescribe

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"image": IMAGE}


class TestMidjourneySwapFace(_ToolIntegration):
    tool_class = mj.MidjourneySwapFace

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"source_image": IMAGE, "target_image": IMAGE}


class TestMidjourneyAction(_ToolIntegration):
    tool_class = mj.MidjourneyAction

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        grid = _grid()
        return {
            "task_id": grid.id,
            "custom_id": next(a.id for a in grid.actions if a.label == "U1"),
        }


class TestMidjourneyChange(_ToolIntegration):
    tool_class = mj.MidjourneyChange

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"task_id": _grid().id, "action": "VARIATION", "index": 3}


class TestMidjourneyModal(_ToolIntegration):
    tool_class = mj.MidjourneyModal

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"task_id": _zoom_waiting().id, "prompt": "a wider view --zoom 2"}


class TestMidjourneyGetTask(_ToolIntegration):
    tool_class = mj.MidjourneyGetTask

    @property
    def tool_invoke_params_example(self) -> dict[str, Any]:
        return {"task_id": _grid().id}

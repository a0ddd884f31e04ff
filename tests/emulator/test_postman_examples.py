"""Every documented example body of the Postman export, for every route the emulator serves, is
accepted: gptproto's docs are the authority over our emulator.

The collection is read from shared/reference/ beside the repository. A body that names an earlier
job (a Midjourney `taskId`, a Suno clip id) names one of gptproto's own jobs; here it names a job
made first from the documented body of the step before (the scenario's order), and nothing else
in the body is changed. Accepted means a 2xx and, where the vendor answers errors with HTTP 200,
its success code (Midjourney 1/21/22, Kling 0).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from starlette.routing import Route

from gptproto_emulator import EmulatorServer, EmulatorState
from gptproto_emulator.chat.routes import chat_routes
from gptproto_emulator.media.routes import media_routes
from gptproto_emulator.responses.routes import responses_routes
from tests.conftest import REFERENCE
from tests.postman import Example, documented_examples

EXAMPLES = documented_examples(REFERENCE / "gptproto-postman-collection.json")
_STATE = EmulatorState()
SERVED = [
    route
    for route in (*chat_routes(_STATE), *responses_routes(_STATE), *media_routes(_STATE))
    if isinstance(route, Route) and "POST" in (route.methods or ())
]
# API.md §16: an Ark task body (`content`, no `messages`) posted to /v1/chat/completions. Its
# route is Seedance's (§13.6, /api/v3/contents/generations/tasks), which the emulator does not
# serve; chat completions rightly refuses a body without `messages`.
NOT_FOR_THIS_ROUTE = {
    "Doubao/seedance-1-0-lite-t2v-250428/Gptproto Format/Text to video",
    "Doubao/seedance-1-0-pro-250528/Gptproto Format/Text to video",
}


def served(path: str) -> bool:
    return any(route.path_regex.match(path) for route in SERVED)


COVERED = [
    e
    for e in EXAMPLES
    if e.method == "POST"
    and e.body is not None
    and served(e.path)
    and e.name not in NOT_FOR_THIS_ROUTE
]


def test_the_collection_covers_every_vendor_we_serve():
    prefixes = {"/v1/chat/completions", "/v1/responses", "/mj/", "/suno/", "/v1/suno/", "/kling/"}
    prefixes |= {"/flux/", "/v1/images/generations"}
    assert {p for p in prefixes if any(e.path.startswith(p) for e in COVERED)} == prefixes
    assert len(COVERED) > 150  # most documented bodies are chat completions


def test_the_left_out_bodies_are_the_documented_defect():
    left_out = [e for e in EXAMPLES if e.name in NOT_FOR_THIS_ROUTE]
    assert len(left_out) == len(NOT_FOR_THIS_ROUTE)
    for example in left_out:
        assert example.path == "/v1/chat/completions"
        assert "content" in example.body and "messages" not in example.body


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    gptproto_emulator.set_clock_speed(1e-6)
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=30) as client:
        yield client


def _documented(path: str, *, without: tuple[str, ...] = ()) -> Example:
    """The first documented body for `path` that names no earlier job."""
    return next(e for e in COVERED if e.path == path and not any(e.body.get(k) for k in without))


class EarlierJobs:
    """Jobs made from the documented bodies of the steps before, to stand for gptproto's ids."""

    def __init__(self, http: httpx.Client, emulator: EmulatorServer) -> None:
        self.http, self.emulator = http, emulator

    def post(self, example: Example) -> Any:
        response = self.http.post(example.path, json=example.body)
        assert response.is_success, response.text
        return response.json()

    def mj_grid(self) -> dict[str, Any]:
        """A finished Midjourney grid, from the documented Imagine body."""
        task_id = self.post(_documented("/mj/submit/imagine"))["result"]
        self.emulator.advance_clock(60)
        task: dict[str, Any] = self.http.get(f"/mj/task/{task_id}/fetch").json()
        return task

    def mj_waiting(self) -> str:
        """A Midjourney task waiting in MODAL: Custom Zoom on an upscale of the grid."""
        grid = self.mj_grid()
        u1 = next(b["customId"] for b in grid["buttons"] if b["label"] == "U1")
        upscale = self._action(grid["id"], u1)
        self.emulator.advance_clock(60)
        buttons = self.http.get(f"/mj/task/{upscale}/fetch").json()["buttons"]
        return self._action(
            upscale, next(b["customId"] for b in buttons if "CustomZoom" in b["customId"])
        )

    def _action(self, task_id: str, custom_id: str) -> str:
        response = self.http.post(
            "/mj/submit/action", json={"taskId": task_id, "customId": custom_id}
        )
        return str(response.json()["result"])

    def suno_clip(self, *, uploaded: bool) -> str:
        """A finished clip: uploaded (scenario 5 step a) or generated (scenario 1)."""
        if uploaded:
            return str(self.post(_documented("/v1/suno/uploads/audio-url"))["id"])
        clip = str(self.post(_documented("/suno/generate", without=_SUNO_IDS))["clips"][0]["id"])
        self.emulator.advance_clock(600)
        return clip


_SUNO_IDS = ("continue_clip_id", "cover_clip_id")


def with_earlier_jobs(example: Example, jobs: EarlierJobs) -> Any:
    """The documented body, its ids of gptproto's jobs replaced by ids of jobs made here."""
    body = dict(example.body)
    if example.path in ("/mj/submit/action", "/mj/submit/change"):
        grid = jobs.mj_grid()
        body["taskId"] = grid["id"]
        if "customId" in body:  # the same button of our grid (its message hash differs)
            prefix = str(body["customId"]).rsplit("::", 1)[0] + "::"
            body["customId"] = next(
                b["customId"] for b in grid["buttons"] if b["customId"].startswith(prefix)
            )
    elif example.path == "/mj/submit/modal":
        body["taskId"] = jobs.mj_waiting()
    elif example.path == "/suno/generate/concat/v2":
        body["clip_id"] = jobs.suno_clip(uploaded=False)
    for key in _SUNO_IDS:
        if body.get(key):
            body[key] = jobs.suno_clip(uploaded=str(body.get("mv", "")).endswith("-upload"))
    return body


def accepted(path: str, response: httpx.Response) -> bool:
    if not response.is_success:
        return False
    if path.startswith("/mj/submit/") or path == "/mj/insight-face/swap":
        return response.json().get("code") in (1, 21, 22)
    if path.startswith("/kling/"):
        return response.json().get("code") == 0
    return True


@pytest.mark.parametrize("example", COVERED, ids=[re.sub(r"\s+", "_", e.name) for e in COVERED])
def test_the_documented_body_is_accepted(
    http: httpx.Client, gptproto_emulator: EmulatorServer, example: Example
) -> None:
    body = with_earlier_jobs(example, EarlierJobs(http, gptproto_emulator))
    if "veo" in str(body.get("model", "")) and example.path.endswith("/chat/completions"):
        # Veo's chat format streams its progress on the emulator's clock: let it run.
        gptproto_emulator.set_clock_speed(100_000)
    response = http.post(example.path, json=body)
    assert accepted(example.path, response), (
        f"{example.path}: {response.status_code} {response.text[:300]}"
    )

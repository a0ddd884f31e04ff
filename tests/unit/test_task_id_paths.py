"""A task id can only name a task: it goes into the lookup URL as one escaped path segment."""

from __future__ import annotations

import pytest

from gptproto_core.errors import InvalidInputError
from gptproto_core.task_types import path_segment
from gptproto_core.vendors import higgsfield, midjourney, runway, seedance, suno, veo

TRACKERS = {
    "veo": (veo.TRACKER, "/v1/veo/tasks/"),
    "runway": (runway.TRACKER, "/runway/v1/tasks/"),
    "higgsfield": (higgsfield.TRACKER, "/v1/higgsfield/"),
    "midjourney": (midjourney.TRACKER, "/mj/task/"),
    "seedance": (seedance.TRACKER, "/api/v3/contents/generations/tasks/"),
}
MADE_UP = ["../../v1/models", "bogus/../x", "?x=1", "a#b", "two words"]


@pytest.mark.parametrize("made_up", MADE_UP)
@pytest.mark.parametrize("vendor", list(TRACKERS))
def test_a_made_up_id_stays_inside_the_task_route(vendor, made_up):
    tracker, prefix = TRACKERS[vendor]
    try:
        task = tracker.start(made_up)
    except InvalidInputError:
        return  # refused by the vendor's id check: nothing is sent at all
    path = tracker.fetch(task).path
    assert path.startswith(prefix)
    segment = path[len(prefix) :].removesuffix("/fetch")
    assert not any(c in segment for c in "/?# "), path


def test_ordinary_ids_are_sent_as_they_are():
    assert path_segment("cgt-20250101-abc") == "cgt-20250101-abc"
    assert path_segment("1748592342000123") == "1748592342000123"
    assert path_segment("a1b2:c3") == "a1b2:c3"


def test_suno_lyrics_ids_are_escaped_too():
    task = suno.TRACKER.start("lyrics/a?b")
    assert suno.TRACKER.fetch(task).path == "/v1/suno/generate/lyrics/a%3Fb"

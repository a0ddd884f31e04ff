"""higgsfield routes of the emulator (API.md §14): the motion list, generate bodies refused by
field, the timeline, the three task shapes, scripted fates and nsfw."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

MOTION = "5d0eee15-569c-4006-a1c7-46d1c42d9315"
BODY = {
    "prompt": "Generate a dance scene",
    "model": "higgsfield-standard",
    "motion_id": MOTION,
    "enhance_prompt": True,
    "image": ["https://heyoo.oss-ap-southeast-1.aliyuncs.com/ai-draw/java/test/022cc0f0.png"],
    "seed": 1000,
    "height": 1080,
    "width": 720,
}


def generate(http: httpx.Client, **change: Any) -> dict[str, Any]:
    response = http.post("/v1/higgsfield/generate", json={**BODY, **change})
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def task(http: httpx.Client, task_id: str) -> dict[str, Any]:
    response = http.get(f"/v1/higgsfield/{task_id}")
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def test_motions_are_listed_by_search_and_size(http):
    everything = http.get("/v1/higgsfield/tpl/motions", params={"size": 20, "search": ""}).json()
    assert len(everything) >= 5 and {"id", "name", "media"} <= set(everything[0])
    assert everything[0]["name"] == "Eyes In" and everything[0]["media"]["type"] == "animated"
    dance = http.get("/v1/higgsfield/tpl/motions", params={"search": "DANCE"}).json()
    assert [(m["name"], m["id"]) for m in dance] == [("Dance Party", MOTION)]
    preview = http.get(dance[0]["media"]["url"])  # the emulator's own previews download
    assert preview.headers["content-type"] == "image/webp" and preview.content[8:12] == b"WEBP"
    assert len(http.get("/v1/higgsfield/tpl/motions", params={"size": 2}).json()) == 2
    bad = http.get("/v1/higgsfield/tpl/motions", params={"size": "many"})
    assert bad.status_code == 400 and "'size'" in bad.json()["error"]["message"]


def test_the_postman_body_runs_to_a_video(http, emulator):
    task_id = generate(http)["id"]
    assert task(http, task_id) == {"id": task_id, "status": "queued"}
    emulator.advance_clock(3)
    assert task(http, task_id)["status"] == "in_progress"
    emulator.advance_clock(10)
    done = task(http, task_id)
    assert done["status"] == "completed" and done["results"]["raw"]["url"].endswith(".mp4")
    assert emulator.counters()["submissions"] == {"POST /v1/higgsfield/generate": 1}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"prompt": None}, "'prompt'"),
        ({"model": "higgsfield-pro"}, "'model'"),
        ({"motion_id": "00000000-0000-0000-0000-000000000000"}, "'motion_id'"),
        ({"image": []}, "'image'"),
        ({"image": ["a", "b", "c"]}, "'image'"),
        ({"image": ["a cat"]}, "'image'"),
        ({"seed": 0}, "'seed'"),
        ({"width": "wide"}, "'width'"),
        ({"height": 5000}, "'height'"),
        ({"enhance_prompt": "yes"}, "'enhance_prompt'"),
    ],
)
def test_a_broken_body_is_refused_naming_the_field(http, emulator, change, field):
    response = http.post("/v1/higgsfield/generate", json={**BODY, **change})
    assert response.status_code == 400 and field in response.json()["error"]["message"]
    assert emulator.counters()["submissions"] == {}


def test_scripted_fates_and_a_banned_prompt(http, emulator):
    emulator.script_next_job("higgsfield", "fail", "out of credits")
    failed = generate(http)["id"]
    emulator.script_next_job("higgsfield", "moderated")
    flagged = generate(http)["id"]
    banned = generate(http, prompt="a nude dancer")["id"]
    emulator.script_next_job("higgsfield", "queued")
    queued = generate(http)["id"]
    emulator.advance_clock(5)
    assert task(http, queued)["status"] == "queued"
    emulator.advance_clock(30)
    assert task(http, failed) == {"id": failed, "status": "failed", "error": "out of credits"}
    assert task(http, flagged)["status"] == task(http, banned)["status"] == "nsfw"


def test_the_wrapped_shape_uses_the_relay_words(http, emulator):
    emulator.set_response_shape("higgsfield", "wrapped")
    listed = http.get("/v1/higgsfield/tpl/motions", params={"search": "eyes"}).json()
    assert listed["code"] == 200 and listed["data"][0]["name"] == "Eyes In"
    receipt = generate(http)
    task_id = receipt["data"]["task_id"]
    assert task(http, task_id)["data"]["status"] == "pending"
    emulator.script_next_job("higgsfield", "moderated")
    flagged = generate(http)["data"]["task_id"]
    emulator.advance_clock(30)
    done = task(http, task_id)
    assert done["code"] == 200 and done["data"]["status"] == "completed"
    assert done["data"]["output"]["video_url"].endswith(".mp4")
    assert task(http, flagged)["data"]["status"] == "failed"
    assert "NSFW" in task(http, flagged)["data"]["error"]["message"]


def test_the_jobset_shape_lists_the_jobs(http, emulator):
    emulator.set_response_shape("higgsfield", "jobset")
    task_id = generate(http)["id"]
    emulator.advance_clock(30)
    (one,) = task(http, task_id)["jobs"]
    assert one["status"] == "completed" and one["results"]["raw"]["type"] == "video"


def test_an_unknown_task_is_404(http):
    assert http.get("/v1/higgsfield/no-such-task").status_code == 404

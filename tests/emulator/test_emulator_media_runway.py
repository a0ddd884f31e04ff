"""Runway routes of the emulator (API.md §10): bodies refused by field, the timeline, the three
candidate task shapes, scripted fates and moderation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

VIDEO = "http://source.wike.cc/attachments/video/runway/20241015/82bc.mp4"
IMAGE = "http://source.wike.cc/1.jpeg"
BODIES = {
    "/runway/v1/pro/act_two": {
        "video": VIDEO,
        "image": IMAGE,
        "options": {"expression_intensity": 3, "flip": True},
    },
    "/runway/v1/pro/act_one": {
        "video": VIDEO,
        "image": IMAGE,
        "options": {"motion_multiplier": 3, "flip": True},
    },
    "/runway/v1/pro/generate": {
        "ratio": "16:9",
        "prompt": "一只小猫",
        "style": "cinematic",
        "model": "runwayml-gen3a_turbo-5",
        "options": {
            "seconds": 10,
            "motion_vector": {"x": 0, "y": 0.4, "z": 0, "r": -6, "bg_x_pan": 0, "bg_y_pan": 0},
        },
    },
    "/runway/v1/pro/video2video": {
        "video": VIDEO,
        "model": "runwayml-gen3a_turbo-5",
        "prompt": "pixel style",
        "options": {"structure_transformation": 0.5, "flip": True},
    },
    "/runwayml/v1/image_to_video": {
        "promptImage": "https://xxx.com/logo.png",
        "seed": 4294967295,
        "model": "runwayml-gen3a_turbo-5",
        "promptText": "cat dance",
        "watermark": False,
        "duration": 5,
        "ratio": "1280:768",
    },
}


def submit(http: httpx.Client, path: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    response = http.post(path, json=body if body is not None else BODIES[path])
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


def task(http: httpx.Client, task_id: str, path: str = "/runway/v1/tasks") -> dict[str, Any]:
    response = http.get(f"{path}/{task_id}")
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


@pytest.mark.parametrize("path", list(BODIES))
def test_every_postman_body_is_taken_and_runs_to_success(http, emulator, path):
    task_id = submit(http, path)["id"]
    assert task(http, task_id)["status"] == "PENDING"
    emulator.advance_clock(6)
    running = task(http, task_id)
    assert running["status"] == "RUNNING" and 0 < running["progress"] < 1
    emulator.advance_clock(10)
    done = task(http, task_id)
    assert done["status"] == "SUCCEEDED" and done["output"][0].endswith(f"{task_id}.mp4")
    assert emulator.counters()["submissions"] == {f"POST {path}": 1}


@pytest.mark.parametrize(
    ("path", "change", "field"),
    [
        ("/runway/v1/pro/act_two", {"video": "clip.mp4"}, "'video'"),
        (
            "/runway/v1/pro/act_two",
            {"options": {"expression_intensity": 9}},
            "expression_intensity",
        ),
        ("/runway/v1/pro/act_one", {"image": "a face"}, "'image'"),
        ("/runway/v1/pro/act_one", {"options": {"flip": "yes"}}, "options.flip"),
        ("/runway/v1/pro/generate", {"prompt": ""}, "'prompt'"),
        ("/runway/v1/pro/generate", {"options": {"seconds": 7}}, "options.seconds"),
        ("/runway/v1/pro/generate", {"ratio": "1:1"}, "'ratio'"),
        ("/runway/v1/pro/video2video", {"options": {"structure_transformation": 3}}, "structure"),
        ("/runwayml/v1/image_to_video", {"promptImage": None}, "'promptImage'"),
        ("/runwayml/v1/image_to_video", {"ratio": "16:9"}, "'ratio'"),
        ("/runwayml/v1/image_to_video", {"seed": -1}, "'seed'"),
        ("/runwayml/v1/image_to_video", {"duration": 7}, "'duration'"),
    ],
)
def test_a_broken_body_is_refused_naming_the_field(http, emulator, path, change, field):
    response = http.post(path, json={**BODIES[path], **change})
    assert response.status_code == 400 and field in response.json()["error"]["message"]
    assert emulator.counters()["submissions"] == {}


def test_queued_fate_throttles_and_fail_fate_reports_the_reason(http, emulator):
    emulator.script_next_job("runway", "queued")
    throttled = submit(http, "/runway/v1/pro/generate")["id"]
    emulator.advance_clock(3)
    assert task(http, throttled)["status"] == "THROTTLED"
    emulator.script_next_job("runway", "fail", "GPU on fire")
    failed = submit(http, "/runway/v1/pro/generate")["id"]
    emulator.advance_clock(30)
    assert task(http, failed) == {
        **task(http, failed),
        "status": "FAILED",
        "failure": "GPU on fire",
    }
    assert "failureCode" not in task(http, failed)


def test_moderation_fails_with_a_safety_code(http, emulator):
    banned = submit(http, "/runway/v1/pro/generate", {"prompt": "a nude statue"})["id"]
    emulator.script_next_job("runway", "moderated")
    flagged = submit(http, "/runwayml/v1/image_to_video")["id"]
    emulator.advance_clock(30)
    assert task(http, banned)["failureCode"] == "SAFETY.INPUT.TEXT"
    assert task(http, flagged)["failureCode"] == "SAFETY.OUTPUT.VIDEO"


def test_the_wrapped_shape_holds_the_official_task(http, emulator):
    emulator.set_response_shape("runway", "wrapped")
    receipt = submit(http, "/runway/v1/pro/act_two")
    assert receipt["code"] == "success"
    task_id = receipt["data"]["task_id"]
    emulator.advance_clock(6)
    running = task(http, task_id)["data"]
    assert running["status"] == "IN_PROGRESS" and running["progress"].endswith("%")
    assert running["data"]["status"] == "RUNNING" and running["action"] == "ACT_TWO"
    emulator.advance_clock(10)
    done = task(http, task_id)["data"]
    assert done["status"] == "SUCCESS" and done["data"]["output"][0].endswith(".mp4")


def test_the_feed_shape_names_its_state_and_video_url(http, emulator):
    emulator.set_response_shape("runway", "feed")
    task_id = submit(http, "/runwayml/v1/image_to_video")["data"]["task_id"]
    assert task(http, task_id)["data"] == {"task_id": task_id, "state": "queued", "status": "0"}
    emulator.script_next_job("runway", "fail", "no credits")
    failed = submit(http, "/runway/v1/pro/generate")["data"]["task_id"]
    emulator.advance_clock(30)
    done = task(http, task_id)
    assert done["code"] == 200 and done["data"]["state"] == "succeeded"
    assert done["data"]["status"] == "3" and done["data"]["video_url"].endswith(".mp4")
    assert task(http, failed)["data"]["fail_reason"] == "no credits"


def test_the_mcp_aliases_answer_and_unknown_tasks_are_404(http):
    task_id = submit(http, "/runway/v1/pro/generate")["id"]
    for path in ("/v1/runway/tasks", "/runway/tasks"):
        assert task(http, task_id, path)["id"] == task_id
    assert http.get("/runway/v1/tasks/no-such-task").status_code == 404


def test_shapes_are_set_through_the_admin_api_and_reset(http, emulator):
    shapes = http.get("/__emulator__/jobs/shapes").json()
    assert (shapes["runway"], shapes["higgsfield"]) == ("official", "job")
    changed = http.post("/__emulator__/jobs/shapes", json={"runway": "feed"})
    assert changed.json()["runway"] == "feed"
    bad = http.post("/__emulator__/jobs/shapes", json={"runway": "xml"})
    assert bad.status_code == 400 and "xml" in bad.json()["error"]["message"]
    emulator.reset()
    assert http.get("/__emulator__/jobs/shapes").json()["runway"] == "official"

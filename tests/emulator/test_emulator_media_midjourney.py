"""Midjourney routes of the emulator (API.md §7): submit codes, task timeline, buttons, follow-up
actions, modal, validation, scripted fates and the faults interplay.

The clock is frozen (speed 1e-6) and moved with ``advance_clock``, so every status is exact.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from gptproto_emulator import EmulatorServer
from gptproto_emulator.media.png import make_png

IMAGINE = "/mj/submit/imagine"
DATA_URI = "data:image/png;base64," + base64.b64encode(make_png(64, 48, b"describe")).decode()
URL = "https://x.test/b.png"


@pytest.fixture
def http(gptproto_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    gptproto_emulator.set_clock_speed(1e-6)
    headers = {"Authorization": f"Bearer {gptproto_emulator.api_key}"}
    with httpx.Client(base_url=gptproto_emulator.url, headers=headers, timeout=10) as client:
        yield client


def submit(http: httpx.Client, path: str = IMAGINE, **body: Any) -> dict[str, Any]:
    response = http.post(path, json=body or {"prompt": "Cat"})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def fetch(http: httpx.Client, task_id: str) -> dict[str, Any]:
    response = http.get(f"/mj/task/{task_id}/fetch")
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def finished(http: httpx.Client, server: EmulatorServer, path: str = IMAGINE, **body: Any) -> str:
    task_id = str(submit(http, path, **body)["result"])
    server.advance_clock(30)
    assert fetch(http, task_id)["status"] == "SUCCESS"
    return task_id


def test_imagine_walks_every_status_with_progress(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    answer = submit(http, prompt="Cat", state="s1", botType="NIJI_JOURNEY")
    assert answer["code"] == 1
    assert answer["description"] == "成功"
    assert answer["properties"] == {"discordInstanceId": "1000000000000000001"}
    task_id = answer["result"]
    assert task_id.isdigit()
    seen = []
    for step in (0.0, 1.5, 1.0, 2.5, 4.0):  # t = 0, 1.5, 2.5, 5, 9
        gptproto_emulator.advance_clock(step)
        task = fetch(http, task_id)
        seen.append((task["status"], task["progress"]))
        if task["status"] == "IN_PROGRESS" and task["progress"] != "0%":
            assert task["imageUrl"].endswith("-preview.webp")
            assert task["buttons"] == []
    assert seen == [
        ("NOT_START", "0%"),
        ("SUBMITTED", "0%"),
        ("IN_PROGRESS", "8%"),
        ("IN_PROGRESS", "50%"),
        ("SUCCESS", "100%"),
    ]
    assert task["id"] == task_id
    assert task["action"] == "IMAGINE"
    assert task["prompt"] == task["promptEn"] == "Cat"
    assert task["description"] == "/imagine Cat"
    assert task["state"] == "s1"
    assert task["botType"] == "NIJI_JOURNEY"
    assert task["imageUrl"] == f"{http.base_url}/__emulator__/files/mj/{task_id}.png"
    assert task["failReason"] is None
    assert task["properties"]["finalPrompt"] == "Cat"
    assert task["submitTime"] + 1000 == task["startTime"]
    assert task["finishTime"] == task["submitTime"] + 8000
    labels = [b["label"] or b["emoji"] for b in task["buttons"]]
    assert labels == ["U1", "U2", "U3", "U4", "🔄", "V1", "V2", "V3", "V4"]
    assert all(set(b) == {"customId", "emoji", "label", "type", "style"} for b in task["buttons"])
    assert task["buttons"][0]["customId"].startswith("MJ::JOB::upsample::1::")
    assert gptproto_emulator.counters()["submissions"] == {"POST /mj/submit/imagine": 1}


def test_polling_never_changes_a_task(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    task_id = submit(http)["result"]
    gptproto_emulator.advance_clock(4)
    first, second = fetch(http, task_id), fetch(http, task_id)
    assert first == second
    assert first["status"] == "IN_PROGRESS"


def test_upscale_buttons_and_repeated_upscale_answers_21(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    grid = finished(http, gptproto_emulator)
    u1 = fetch(http, grid)["buttons"][0]["customId"]
    first = submit(http, "/mj/submit/action", taskId=grid, customId=u1, state="x")
    assert first["code"] == 1
    again = submit(http, "/mj/submit/action", taskId=grid, customId=u1)
    assert again["code"] == 21
    assert again["result"] == first["result"]
    assert again["properties"] == {"status": "NOT_START", "imageUrl": None}
    legacy = submit(http, "/mj/submit/change", taskId=grid, action="UPSCALE", index=1)
    assert (legacy["code"], legacy["result"]) == (21, first["result"])
    gptproto_emulator.advance_clock(3)
    assert fetch(http, first["result"])["progress"] == "50%"
    gptproto_emulator.advance_clock(2)
    upscale = fetch(http, first["result"])
    assert upscale["status"] == "SUCCESS"
    assert upscale["action"] == "UPSCALE"
    assert upscale["customId"] == u1
    assert upscale["state"] == "x"
    labels = [b["label"] or b["emoji"] for b in upscale["buttons"]]
    assert labels == [
        "Vary (Strong)",
        "Vary (Subtle)",
        "Zoom Out 2x",
        "Zoom Out 1.5x",
        "Custom Zoom",
        "⬅️",
        "➡️",
        "⬆️",
        "⬇️",
    ]
    counted = gptproto_emulator.counters()["submissions"]
    assert counted == {"POST /mj/submit/imagine": 1, "POST /mj/submit/action": 1}


@pytest.mark.parametrize(
    ("button", "action"),
    [(5, "VARIATION"), (4, "REROLL")],
)
def test_grid_actions_make_new_grids(
    http: httpx.Client, gptproto_emulator: EmulatorServer, button: int, action: str
) -> None:
    grid = finished(http, gptproto_emulator)
    custom_id = fetch(http, grid)["buttons"][button]["customId"]
    child = submit(http, "/mj/submit/action", taskId=grid, customId=custom_id)["result"]
    gptproto_emulator.advance_clock(10)
    task = fetch(http, child)
    assert (task["action"], task["status"], len(task["buttons"])) == (action, "SUCCESS", 9)
    assert task["prompt"] == "Cat"


def test_change_maps_to_the_same_buttons(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    grid = finished(http, gptproto_emulator)
    variation = submit(http, "/mj/submit/change", taskId=grid, action="VARIATION", index=2)
    reroll = submit(http, "/mj/submit/change", taskId=grid, action="REROLL")
    gptproto_emulator.advance_clock(10)
    assert fetch(http, variation["result"])["customId"].startswith("MJ::JOB::variation::2::")
    assert fetch(http, reroll["result"])["action"] == "REROLL"
    upscale = submit(http, "/mj/submit/change", taskId=grid, action="UPSCALE", index=3)
    gptproto_emulator.advance_clock(10)
    not_a_grid = submit(
        http, "/mj/submit/change", taskId=upscale["result"], action="UPSCALE", index=1
    )
    assert not_a_grid == {"code": 4, "description": "关联任务不允许执行变化", "properties": {}}


def test_custom_zoom_waits_in_modal_until_confirmed(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    grid = finished(http, gptproto_emulator)
    u2 = fetch(http, grid)["buttons"][1]["customId"]
    upscale = submit(http, "/mj/submit/action", taskId=grid, customId=u2)["result"]
    gptproto_emulator.advance_clock(10)
    zoom_id = next(
        b["customId"] for b in fetch(http, upscale)["buttons"] if b["label"] == "Custom Zoom"
    )
    waiting = submit(http, "/mj/submit/action", taskId=upscale, customId=zoom_id)
    assert waiting["code"] == 21
    assert waiting["description"] == "Waiting for window confirm"
    assert waiting["properties"] == {"finalPrompt": "Cat", "remix": True}
    gptproto_emulator.advance_clock(60)
    modal_task = fetch(http, waiting["result"])
    assert (modal_task["status"], modal_task["progress"], modal_task["action"]) == (
        "MODAL",
        "0%",
        "ZOOM",
    )
    assert modal_task["startTime"] is None
    confirmed = submit(http, "/mj/submit/modal", taskId=waiting["result"], prompt="Cat --zoom 2")
    assert (confirmed["code"], confirmed["result"]) == (1, waiting["result"])
    assert fetch(http, waiting["result"])["status"] == "NOT_START"
    again = submit(http, "/mj/submit/modal", taskId=waiting["result"])
    assert again["code"] == 4
    gptproto_emulator.advance_clock(10)
    done = fetch(http, waiting["result"])
    assert (done["status"], done["prompt"]) == ("SUCCESS", "Cat --zoom 2")


def test_describe_blend_and_swap_face(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    describe = submit(http, "/mj/submit/describe", base64=DATA_URI)["result"]
    gptproto_emulator.advance_clock(2.5)
    pending = fetch(http, describe)
    assert pending["status"] == "IN_PROGRESS"
    assert pending["prompt"] == ""
    assert pending["imageUrl"] is None
    gptproto_emulator.advance_clock(2)
    task = fetch(http, describe)
    assert task["status"] == "SUCCESS"
    assert task["description"] == f"/describe {describe}.png"
    prompts = task["properties"]["finalPrompt"].split("\n\n")
    assert [p[:2] for p in prompts] == ["1️", "2️", "3️", "4️"]
    assert all("64x48 PNG" in p and p.endswith("--ar 4:3") for p in prompts)
    assert task["prompt"] == task["promptEn"] == task["properties"]["finalPrompt"]
    picks = [b["customId"] for b in task["buttons"]]
    assert picks == [*(f"MJ::Job::PicReader::{i}" for i in range(1, 5)), "MJ::Picread::Retry"]
    chosen = submit(http, "/mj/submit/action", taskId=describe, customId=picks[1])["result"]
    retry = submit(http, "/mj/submit/action", taskId=describe, customId=picks[4])["result"]
    blend = submit(
        http,
        "/mj/submit/blend",
        base64Array=[DATA_URI, DATA_URI],
        dimensions="SQUARE",
    )["result"]
    swap = submit(http, "/mj/insight-face/swap", sourceBase64=DATA_URI, targetBase64=DATA_URI)[
        "result"
    ]
    gptproto_emulator.advance_clock(10)
    imagined = fetch(http, chosen)
    assert imagined["action"] == "IMAGINE"
    assert imagined["prompt"] == prompts[1].split(" ", 1)[1]
    assert fetch(http, retry)["action"] == "DESCRIBE"
    blended = fetch(http, blend)
    assert (blended["action"], blended["description"]) == ("BLEND", f"/blend {blend} 2")
    assert len(blended["buttons"]) == 9
    swapped = fetch(http, swap)
    assert (swapped["action"], swapped["status"], swapped["buttons"]) == (
        "SWAP_FACE",
        "SUCCESS",
        [],
    )
    assert swapped["botType"] == "INSIGHT_FACE"


def test_banned_prompt_answers_code_24_and_makes_no_job(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    answer = submit(http, prompt="a NSFW cat")
    assert answer == {
        "code": 24,
        "description": "可能包含敏感词",
        "properties": {"promptEn": "a NSFW cat", "bannedWord": "nsfw"},
    }
    assert gptproto_emulator.counters()["submissions"] == {}
    assert http.get("/__emulator__/jobs").json()["jobs"] == []


def test_scripted_failure_ends_in_failure_with_reason(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.script_next_job("midjourney", "fail", "Job action restricted")
    task_id = submit(http)["result"]
    gptproto_emulator.advance_clock(3.5)
    assert fetch(http, task_id)["progress"] == "25%"
    gptproto_emulator.advance_clock(5)
    task = fetch(http, task_id)
    assert (task["status"], task["failReason"], task["progress"]) == (
        "FAILURE",
        "Job action restricted",
        "50%",
    )
    assert task["buttons"] == []
    assert task["finishTime"] == task["submitTime"] + 5000
    assert fetch(http, submit(http)["result"])["status"] == "NOT_START"  # fate used up


def test_scripted_queue_answers_22_and_starts_later(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    response = http.post("/__emulator__/jobs/next", json={"vendor": "midjourney", "fate": "queued"})
    assert response.json()["scripted"]["midjourney"] == [
        {"fate": "queued", "reason": None, "code": None}
    ]
    answer = submit(http)
    assert answer["code"] == 22
    assert answer["description"] == "排队中，前面还有1个任务"
    assert answer["properties"] == {"numberOfQueues": 1}
    gptproto_emulator.advance_clock(5.5)
    assert fetch(http, answer["result"])["status"] == "NOT_START"
    gptproto_emulator.advance_clock(1)
    assert fetch(http, answer["result"])["status"] == "SUBMITTED"
    gptproto_emulator.advance_clock(10)
    assert fetch(http, answer["result"])["status"] == "SUCCESS"


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        ({"fate": "reject"}, {"code": 23, "description": "队列已满，请稍后尝试", "properties": {}}),
        ({"fate": "reject", "code": 9}, {"code": 9, "description": "系统异常", "properties": {}}),
        (
            {"fate": "reject", "code": 4, "reason": "bad"},
            {"code": 4, "description": "bad", "properties": {}},
        ),
        (
            {"fate": "moderated", "reason": "gore"},
            {
                "code": 24,
                "description": "可能包含敏感词",
                "properties": {"promptEn": "Cat", "bannedWord": "gore"},
            },
        ),
    ],
)
def test_scripted_rejections(
    http: httpx.Client, gptproto_emulator: EmulatorServer, spec: dict[str, Any], expected: Any
) -> None:
    http.post("/__emulator__/jobs/next", json={"vendor": "midjourney", **spec})
    assert submit(http) == expected
    assert gptproto_emulator.counters()["submissions"] == {}
    assert submit(http)["code"] == 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (IMAGINE, {}, "'prompt'"),
        (IMAGINE, {"prompt": "  "}, "'prompt'"),
        (IMAGINE, {"prompt": 3}, "'prompt'"),
        (IMAGINE, {"prompt": "Cat", "botType": "DALLE"}, "'botType'"),
        (IMAGINE, {"prompt": "Cat", "base64Array": ["not-an-image"]}, "'base64Array[0]'"),
        (IMAGINE, {"prompt": "Cat", "accountFilter": []}, "'accountFilter'"),
        ("/mj/submit/blend", {"base64Array": [DATA_URI]}, "'base64Array'"),
        ("/mj/submit/blend", {"base64Array": [DATA_URI] * 6}, "'base64Array'"),
        ("/mj/submit/blend", {"base64Array": [DATA_URI, "x"]}, "'base64Array[1]'"),
        ("/mj/submit/blend", {"base64Array": [DATA_URI] * 2, "dimensions": "WIDE"}, "'dimensions'"),
        ("/mj/submit/describe", {}, "'base64'"),
        ("/mj/submit/describe", {"base64": "abc"}, "'base64'"),
        ("/mj/insight-face/swap", {"sourceBase64": DATA_URI}, "'targetBase64'"),
        # every documented image value is a data URI: a plain URL is refused, naming the field
        (IMAGINE, {"prompt": "Cat", "base64Array": [URL]}, "'base64Array[0]'"),
        ("/mj/submit/blend", {"base64Array": [DATA_URI, URL]}, "'base64Array[1]'"),
        ("/mj/submit/describe", {"base64": URL}, "'base64'"),
        (
            "/mj/insight-face/swap",
            {"sourceBase64": URL, "targetBase64": DATA_URI},
            "'sourceBase64'",
        ),
        (
            "/mj/insight-face/swap",
            {"sourceBase64": DATA_URI, "targetBase64": URL},
            "'targetBase64'",
        ),
        ("/mj/submit/modal", {"taskId": "1", "maskBase64": URL}, "'maskBase64'"),
        ("/mj/submit/modal", {"prompt": "x"}, "'taskId'"),
        ("/mj/submit/action", {"taskId": "1"}, "'customId'"),
        ("/mj/submit/action", {"customId": "MJ::JOB::upsample::1::h"}, "'taskId'"),
        ("/mj/submit/change", {"taskId": "1", "action": "ZOOM", "index": 1}, "'action'"),
        ("/mj/submit/change", {"taskId": "1", "action": "UPSCALE"}, "'index'"),
        ("/mj/submit/change", {"taskId": "1", "action": "VARIATION", "index": 5}, "'index'"),
        ("/mj/task/list-by-condition", {"ids": "1"}, "'ids'"),
    ],
)
def test_broken_bodies_get_400_naming_the_field(
    http: httpx.Client, gptproto_emulator: EmulatorServer, path: str, body: Any, field: str
) -> None:
    response = http.post(path, json=body)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["code"] == "invalid_parameters"
    assert field in error["message"]
    assert gptproto_emulator.counters()["submissions"] == {}


def test_not_json_is_a_400(http: httpx.Client) -> None:
    response = http.post(IMAGINE, content=b'{"prompt": "Cat", // comment\n}')
    assert response.status_code == 400
    assert "not valid JSON" in response.json()["error"]["message"]


def test_related_task_errors(http: httpx.Client, gptproto_emulator: EmulatorServer) -> None:
    missing = http.post("/mj/submit/action", json={"taskId": "404", "customId": "MJ::x"})
    assert missing.status_code == 404
    assert missing.json() == {"code": 3, "description": "关联任务不存在或已失效", "properties": {}}
    missing_modal = http.post("/mj/submit/modal", json={"taskId": "404"})
    assert (missing_modal.status_code, missing_modal.json()["code"]) == (404, 3)
    task_id = submit(http)["result"]
    early = submit(http, "/mj/submit/action", taskId=task_id, customId="MJ::JOB::reroll::0::h")
    assert early == {"code": 4, "description": "关联任务状态错误", "properties": {}}
    gptproto_emulator.advance_clock(10)
    stranger = http.post(
        "/mj/submit/action", json={"taskId": task_id, "customId": "MJ::JOB::upsample::1::other"}
    )
    assert stranger.status_code == 400
    assert "'customId'" in stranger.json()["error"]["message"]


def test_fetch_unknown_is_204_and_list_by_condition(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    unknown = http.get("/mj/task/123/fetch")
    assert (unknown.status_code, unknown.content) == (204, b"")
    first, second = submit(http)["result"], submit(http)["result"]
    listed = http.post("/mj/task/list-by-condition", json={"ids": [second, "nope", first, second]})
    assert [t["id"] for t in listed.json()] == [second, first]
    assert http.post("/mj/task/list-by-condition", json={"ids": []}).json() == []
    assert http.post("/mj/task/list-by-condition", json={}).json() == []


def test_admin_job_listing_and_bad_fate_specs(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    task_id = submit(http)["result"]
    jobs = http.get("/__emulator__/jobs").json()
    assert [(j["vendor"], j["id"], j["kind"], j["fate"]) for j in jobs["jobs"]] == [
        ("midjourney", task_id, "IMAGINE", "succeed")
    ]
    for spec, fragment in [
        ({"vendor": "dalle", "fate": "fail"}, "'vendor'"),
        ({"vendor": "midjourney", "fate": "explode"}, "'fate'"),
        ({"vendor": "suno", "fate": "reject"}, "'reject'"),
        ({"vendor": "kling", "fate": "cancel"}, "'cancel'"),
        ({"vendor": "midjourney", "fate": "reject", "code": 1}, "'code'"),
        ({"vendor": "midjourney", "fate": "fail", "code": 3}, "'code'"),
        ({"vendor": "midjourney", "fate": "fail", "reason": 3}, "'reason'"),
        ({"vendor": "midjourney", "fate": "fail", "when": 1}, "when"),
    ]:
        response = http.post("/__emulator__/jobs/next", json=spec)
        assert response.status_code == 400, spec
        assert fragment in response.json()["error"]["message"]
    with pytest.raises(ValueError, match="'vendor'"):
        gptproto_emulator.script_next_job("dalle", "fail")
    gptproto_emulator.script_next_job("midjourney", "fail")
    gptproto_emulator.reset()
    assert http.get("/__emulator__/jobs").json()["scripted"]["midjourney"] == []


# faults interplay
def test_faulted_submissions_create_no_job(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.add_fault(IMAGINE, status=500)
    gptproto_emulator.add_fault(IMAGINE, status=429, headers={"Retry-After": "2"})
    assert http.post(IMAGINE, json={"prompt": "Cat"}).status_code == 500
    limited = http.post(IMAGINE, json={"prompt": "Cat"})
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "2")
    assert http.get("/__emulator__/jobs").json()["jobs"] == []
    assert gptproto_emulator.counters()["submissions"] == {}
    assert gptproto_emulator.counters()["requests"] == {"POST /mj/submit/imagine": 2}


def test_scripted_body_faults_reach_codes_23_3_4_9(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.add_fault(IMAGINE, body={"code": 23, "description": "队列已满"})
    assert http.post(IMAGINE, json={"prompt": "Cat"}).json()["code"] == 23
    assert gptproto_emulator.counters()["submissions"] == {}


def test_poll_faults_then_normal_answers(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    task_id = submit(http)["result"]
    gptproto_emulator.add_fault("/mj/task/*/fetch", method="GET", status=503)
    gptproto_emulator.add_fault("/mj/task/*/fetch", method="GET", drop_connection=True)
    assert http.get(f"/mj/task/{task_id}/fetch").status_code == 503
    with pytest.raises(httpx.RemoteProtocolError):
        http.get(f"/mj/task/{task_id}/fetch")
    assert fetch(http, task_id)["status"] == "NOT_START"


def test_drop_after_handling_keeps_the_job(
    http: httpx.Client, gptproto_emulator: EmulatorServer
) -> None:
    gptproto_emulator.add_fault(IMAGINE, drop_after_handling=True)
    with pytest.raises(httpx.RemoteProtocolError):
        http.post(IMAGINE, json={"prompt": "Cat"})
    assert gptproto_emulator.counters()["submissions"] == {"POST /mj/submit/imagine": 1}
    jobs = http.get("/__emulator__/jobs").json()["jobs"]
    assert len(jobs) == 1
    gptproto_emulator.advance_clock(10)
    assert fetch(http, jobs[0]["id"])["status"] == "SUCCESS"
    listed = http.get("/__emulator__/faults").json()["faults"]
    assert listed == []


def test_drop_after_handling_is_listed_and_accepted_by_the_admin_route(
    http: httpx.Client,
) -> None:
    queued = http.post(
        "/__emulator__/faults", json={"path": IMAGINE, "drop_after_handling": True}
    ).json()
    assert queued["faults"][0]["drop_after_handling"] is True
    bad = http.post("/__emulator__/faults", json={"path": IMAGINE, "drop_after_handling": 1})
    assert bad.status_code == 400

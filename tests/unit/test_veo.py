"""Veo request bodies, the submit answer shapes and the task reader (API.md §5.2, §5.3)."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from gptproto_core.errors import (
    APIError,
    BadRequestError,
    ContentPolicyError,
    InvalidInputError,
    UnexpectedResponseError,
)
from gptproto_core.sse import ServerSentEvent
from gptproto_core.tasks import Report, Stream, Task
from gptproto_core.vendors import veo
from gptproto_core.vendors._inputs import validated
from tests.conftest import DATA

FRAMES = ["https://e.x/first.jpeg", "https://e.x/last.jpeg"]
PREVIOUS = Task("veo3-pro:03bd", "veo", "generate_video", "queued")


def test_every_documented_status_word_is_mapped():
    assert [veo.STATUS(w) for w in ("PROCESSING", "SUCCESS", "FAILED")] == [
        "running",
        "succeeded",
        "failed",
    ]


def test_the_first_and_last_frame_body_of_the_examples():
    request = validated(
        veo.VideoRequest,
        prompt="A beautiful woman is dancing",
        model="veo3.1-pro",
        upsample=True,
        reference=False,
        first_frame=FRAMES[0],
        last_frame=FRAMES[1],
    )
    job = veo.generate_video(request)
    assert (job.submit.method, job.submit.path) == ("POST", "/v1/veo/videos")
    assert job.submit.json == {
        "prompt": "A beautiful woman is dancing",
        "model": "veo3.1-pro",
        "aspect_ratio": "16:9",
        "images": FRAMES,
        "upsample": True,
        "reference": False,
    }


def test_text_only_leaves_images_and_unset_options_out_and_files_become_data_uris():
    plain = veo.generate_video(validated(veo.VideoRequest, prompt="a cow", aspect_ratio="9:16"))
    assert plain.submit.json == {"prompt": "a cow", "model": "veo3.1", "aspect_ratio": "9:16"}
    local = veo.generate_video(
        validated(veo.VideoRequest, prompt="p", first_frame=str(DATA / "sample.png"))
    )
    (image,) = local.submit.json["images"]
    data = image.split(",", 1)[1]
    assert base64.b64decode(data) == (DATA / "sample.png").read_bytes()


@pytest.mark.parametrize(
    ("fields", "name"),
    [
        ({"prompt": "p", "last_frame": FRAMES[1]}, "first_frame"),
        ({"prompt": "p", "aspect_ratio": "1:1"}, "aspect_ratio"),
        ({"prompt": "p", "model": "veo2"}, "model"),
        ({"prompt": "p", "first_frame": "a sunset"}, "first_frame: 'a sunset' is neither"),
        ({"prompt": "p", "images": FRAMES}, "images"),
        ({"prompt": ""}, "prompt"),
        ({"prompt": "p", "seconds": 8}, "seconds"),
        ({"prompt": "p", "model": "veo3", "first_frame": FRAMES[0]}, "veo3-pro-frames"),
        (
            {
                "prompt": "p",
                "model": "veo3-fast",
                "first_frame": FRAMES[0],
                "last_frame": FRAMES[1],
            },
            "takes no frames",
        ),
    ],
)
def test_bad_fields_are_refused_naming_them(fields: dict[str, Any], name: str):
    with pytest.raises(InvalidInputError, match=name):
        validated(veo.VideoRequest, **fields)


@pytest.mark.parametrize(
    "body",
    [
        {"code": "success", "data": "veo3-pro:03bd", "message": "ok"},
        {"code": "success", "data": {"id": "veo3-pro:03bd"}},
        {"id": "veo3-pro:03bd", "status": "PROCESSING"},
        {"task_id": "veo3-pro:03bd"},
    ],
)
def test_every_candidate_submit_shape_gives_the_task_id(body: dict[str, Any]):
    task = veo.read_submitted(body)
    assert (task.id, task.vendor, task.status) == ("veo3-pro:03bd", "veo", "queued")


def test_a_submit_answer_without_an_id_is_unexpected():
    with pytest.raises(UnexpectedResponseError, match="without a task id"):
        veo.read_submitted({"code": "success", "data": None})


def test_the_task_reader():
    running = veo.read_task({"taskId": "x", "status": "PROCESSING", "videoUrl": ""}, PREVIOUS)
    assert (running.id, running.status, running.outputs) == (PREVIOUS.id, "running", ())
    done = veo.read_task({"status": "SUCCESS", "videoUrl": "https://cdn/v.mp4"}, PREVIOUS)
    assert done.status == "succeeded" and done.outputs[0].url == "https://cdn/v.mp4"
    assert done.outputs[0].kind == "video" and done.progress == 1.0
    failed = veo.read_task({"status": "FAILED", "message": "No GPU"}, PREVIOUS)
    assert (failed.status, failed.error) == ("failed", "No GPU")
    silent = veo.read_task({"status": "FAILED", "error": {}}, PREVIOUS)
    assert silent.error == "Veo reported FAILED without a reason"
    nested = veo.read_task({"status": "FAILED", "error": {"message": "quota"}}, PREVIOUS)
    assert nested.error == "quota"


def test_a_refused_task_is_a_content_policy_error_naming_the_task():
    body = {"status": "FAILED", "message": "Input may not meet the guidelines."}
    with pytest.raises(ContentPolicyError, match=PREVIOUS.id):
        veo.read_task(body, PREVIOUS)


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({"status": "SUCCESS", "videoUrl": ""}, UnexpectedResponseError),
        ({"taskId": "x"}, UnexpectedResponseError),
        ("<html>", UnexpectedResponseError),
        ({"code": "error", "message": "Invalid task id"}, BadRequestError),
    ],
)
def test_unreadable_task_bodies(body: Any, error: type[Exception]):
    with pytest.raises(error):
        veo.read_task(body, PREVIOUS)


def test_resume_and_fetch_use_the_id_as_given():
    task = veo.TRACKER.start(" veo3-pro:03bd ")
    assert task.id == "veo3-pro:03bd" and task.operation == "generate_video"
    assert veo.TRACKER.fetch(task).path == "/v1/veo/tasks/veo3-pro:03bd"


# --- chat format (§5.1) --------------------------------------------------------------------------


def chat_chunk(content: str, chunk_id: str = "chatcmpl-1") -> ServerSentEvent:
    body = {"id": chunk_id, "choices": [{"index": 0, "delta": {"content": content}}]}
    return ServerSentEvent(json.dumps(body, ensure_ascii=False))


def run_stream(events: list[ServerSentEvent]) -> tuple[Task, list[Task]]:
    """Feed events to the chat flow as a driver would; the reports and the result."""
    job = veo.generate_chat(validated(veo.VideoRequest, prompt="p"))
    assert job.read_stream is not None
    flow = job.read_stream(Stream(job.submit))
    reports: list[Task] = []
    feed = iter([*events, None])
    step = next(flow)
    try:
        while True:
            if isinstance(step, Report):
                reports.append(step.task)
                step = flow.send(None)
            else:
                assert isinstance(step, Stream)
                step = flow.send(next(feed))
    except StopIteration as done:
        return done.value, reports


def test_the_chat_body_puts_the_options_in_the_prompt_and_the_frames_in_order():
    request = validated(
        veo.VideoRequest,
        prompt="A beautiful woman is dancing.",
        model="veo3.1-pro",
        upsample=True,
        first_frame=FRAMES[0],
        last_frame=FRAMES[1],
    )
    job = veo.generate_chat(request)
    assert (job.submit.path, job.tracker, job.read_stream) == (
        "/v1/chat/completions",
        None,
        veo.read_chat_stream,
    )
    assert job.submit.json == {
        "model": "veo3.1-pro",
        "stream": True,
        "messages": [
            {
                "role": "user",
                "content": [
                    {
                        "type": "text",
                        "text": "A beautiful woman is dancing. aspect_ratio 16:9 upsample",
                    },
                    {"type": "image_url", "image_url": {"url": FRAMES[0]}},
                    {"type": "image_url", "image_url": {"url": FRAMES[1]}},
                ],
            }
        ],
    }
    plain = veo.generate_chat(validated(veo.VideoRequest, prompt="cows", aspect_ratio="9:16"))
    assert plain.submit.json["messages"][0]["content"] == "cows aspect_ratio 9:16"


@pytest.mark.parametrize(
    ("model", "ratio", "text"),
    [("veo3", "16:9", "cows 横屏 16:9"), ("veo3-pro", "9:16", "cows 竖屏 9:16")],
)
def test_veo3_chat_prompts_name_the_orientation_as_its_examples_do(
    model: str, ratio: str, text: str
):
    request = validated(veo.VideoRequest, prompt="cows", model=model, aspect_ratio=ratio)
    assert veo.generate_chat(request).submit.json["messages"][0]["content"] == text


def test_frames_models_take_frames_in_both_families():
    for model in ("veo3-pro-frames", "veo3-fast-frames", "veo3.1", "veo3.1-pro-frames"):
        request = validated(veo.VideoRequest, prompt="p", model=model, first_frame=FRAMES[0])
        assert veo.generate_video(request).submit.json["images"] == FRAMES[:1]


def test_options_the_chat_format_cannot_send_are_refused():
    with pytest.raises(InvalidInputError, match="enhance_prompt"):
        veo.generate_chat(validated(veo.VideoRequest, prompt="p", enhance_prompt=True))


def test_the_stream_is_read_to_the_end_with_a_report_per_new_line_and_the_last_mp4():
    reply = [
        chat_chunk("\n\n> 视频生成任务已创建\n> 任务ID: `veo3-pro:03bd`\n\n> 🎬 开始生成视频"),
        chat_chunk("."),
        chat_chunk("."),
        chat_chunk("\n\n> 🎉 高质量视频已生成\n\n[▶️ 在线观看](https://cdn/v.mp4) | "),
        chat_chunk("[⏬ 下载视频](https://cdn/download/v.mp4)"),
        ServerSentEvent("[DONE]"),
    ]
    task, reports = run_stream(reply)
    assert (task.id, task.status, task.outputs[0].url) == (
        "veo3-pro:03bd",
        "succeeded",
        "https://cdn/download/v.mp4",
    )
    assert [r.text for r in reports][:3] == [
        "🎬 开始生成视频",
        "🎬 开始生成视频.",
        "🎬 开始生成视频..",
    ]
    assert {r.status for r in reports} == {"running"} and {r.id for r in reports} == {task.id}


def test_a_stream_that_ends_without_a_link_failed_naming_the_last_line():
    task, _ = run_stream([chat_chunk("> 任务ID: `v:1`\n> ❌ 视频生成失败: no quota")])
    assert task.status == "failed" and "no quota" in (task.error or "")
    empty, _ = run_stream([])
    assert empty.status == "failed" and "nothing" in (empty.error or "")


def test_an_error_event_or_a_broken_chunk_raises():
    error = ServerSentEvent(
        json.dumps({"error": {"message": "upstream cut", "type": "server_error"}})
    )
    with pytest.raises(APIError, match="upstream cut"):
        run_stream([chat_chunk("> 🎬"), error])
    with pytest.raises(UnexpectedResponseError):
        run_stream([ServerSentEvent("not json")])


def test_a_whole_chat_reply_is_read_the_same_way():
    job = veo.generate_chat(validated(veo.VideoRequest, prompt="p"))
    body = {"id": "c1", "choices": [{"message": {"content": "[▶️](https://cdn/x.mp4)"}}]}
    assert job.read_submitted(body).outputs[0].url == "https://cdn/x.mp4"

"""Ideogram 3.0 (API.md §11): request models, multipart builders and the answer's shapes."""

from __future__ import annotations

from typing import Any

import pytest

from gptproto_core.errors import ContentPolicyError, InvalidInputError, UnexpectedResponseError
from gptproto_core.files import FileRef
from gptproto_core.tool_table import OPERATIONS
from gptproto_core.vendors import ideogram
from gptproto_core.vendors._inputs import validated
from tests.conftest import DATA

PNG = str((DATA / "sample.png").resolve())


def job(tool: str, **fields: Any) -> Any:
    op = OPERATIONS[tool]
    assert op.job is not None
    return op.job(validated(op.request, **fields))


def test_every_route_is_multipart_even_without_a_file():
    submit = job("ideogram_generate", prompt="a poster", aspect_ratio="16:9", seed=3).submit
    assert submit.path == "/ideogram/v1/ideogram-v3/generate" and submit.json is None
    assert submit.files == {}  # empty, not None: the driver still sends multipart
    assert submit.data == {"prompt": "a poster", "seed": 3, "aspect_ratio": "16x9"}


def test_files_become_parts_with_their_checks_and_fields_stay_fields():
    submit = job(
        "ideogram_remix",
        prompt="p",
        image="https://cdn.example/a.png",
        image_weight=40,
        character_reference_images=[PNG],
        style_type="REALISTIC",
    ).submit
    limit = ideogram.MAX_FILE
    assert submit.files == {
        "image": FileRef("https://cdn.example/a.png", ideogram.IMAGE_TYPES, limit),
        "character_reference_images": [FileRef(PNG, ideogram.IMAGE_TYPES, limit)],
    }
    assert submit.data == {"prompt": "p", "image_weight": 40, "style_type": "REALISTIC"}


def test_each_action_posts_to_its_route_and_names_its_operation():
    made = {
        "ideogram_edit": job("ideogram_edit", prompt="p", image=PNG, mask=PNG),
        "ideogram_replace_background": job("ideogram_replace_background", prompt="p", image=PNG),
    }
    assert made["ideogram_edit"].submit.path.endswith("/edit")
    assert set(made["ideogram_edit"].submit.files) == {"image", "mask"}
    assert made["ideogram_replace_background"].submit.path.endswith("/replace-background")
    assert made["ideogram_replace_background"].operation == "replace_background"
    assert all(j.tracker is None for j in made.values())  # answered at once


@pytest.mark.parametrize(
    ("tool", "fields", "message"),
    [
        ("ideogram_generate", {"prompt": "p", "aspect_ratio": "5:7"}, "aspect_ratio"),
        ("ideogram_generate", {"prompt": "p", "rendering_speed": "FAST"}, "rendering_speed"),
        ("ideogram_generate", {"prompt": "p", "seed": -1}, "seed"),
        ("ideogram_edit", {"prompt": "p", "image": PNG}, "mask: Field required"),
        ("ideogram_edit", {"prompt": "p", "mask": PNG}, "image: Field required"),
        ("ideogram_remix", {"prompt": "p", "image": PNG, "image_weight": 0}, "image_weight"),
        ("ideogram_replace_background", {"prompt": "p", "image": PNG, "mask": PNG}, "mask"),
        (
            "ideogram_generate",
            {"prompt": "p", "character_reference_images": [PNG], "style_type": "GENERAL"},
            "choose AUTO, REALISTIC, FICTION",
        ),
        (
            "ideogram_generate",
            {"prompt": "p", "character_reference_images": [PNG, PNG]},
            "character_reference_images",
        ),
        ("ideogram_remix", {"prompt": "p", "image": b"x" * (10 * 1024 * 1024 + 1)}, "10.0 MB"),
    ],
)
def test_bad_requests_are_refused_naming_the_field(tool, fields, message):
    with pytest.raises(InvalidInputError, match=message):
        validated(OPERATIONS[tool].request, **fields)


def test_the_upstream_answer_is_read_with_each_image():
    body = {
        "created": "2025-01-01T00:00:00Z",
        "data": [
            {
                "url": "https://ideogram.ai/a.png",
                "resolution": "1024x1024",
                "seed": 1,
                "is_image_safe": True,
            },
            {"url": "https://ideogram.ai/b.png", "seed": 2},  # fields may be missing
        ],
    }
    task = ideogram.read_images(body, "generate")
    assert task.status == "succeeded" and task.vendor == "ideogram"
    assert [(o.url, o.label) for o in task.outputs] == [
        ("https://ideogram.ai/a.png", "1024x1024"),
        ("https://ideogram.ai/b.png", None),
    ]


def test_unsafe_images_are_named_and_raise_when_none_is_left():
    mixed = {
        "data": [
            {"url": "https://i/a.png", "seed": 1},
            {"url": "", "seed": 9, "is_image_safe": False},
        ]
    }
    task = ideogram.read_images(mixed, "remix")
    assert len(task.outputs) == 1 and "image 2 of 2 (seed 9)" in task.notes[0]
    with pytest.raises(ContentPolicyError, match=r"image 1 of 1 \(seed 4\)"):
        ideogram.read_images({"data": [{"seed": 4, "is_image_safe": False}]}, "edit")


@pytest.mark.parametrize("body", [{}, {"data": "nope"}, [], "oops"])
def test_a_body_we_cannot_read_is_unexpected(body):
    with pytest.raises(UnexpectedResponseError):
        ideogram.read_images(body, "generate")


def test_a_row_without_a_task_query_offers_no_lookup_and_no_wait():
    from gptproto_core.errors import TaskTimeoutError
    from gptproto_core.operations import tool_schema
    from gptproto_core.task_text import describe_error

    op = OPERATIONS["ideogram_generate"]
    assert op.tracker is None and op.lookup_tool is None and op.vendor == "ideogram"
    assert "wait" not in tool_schema(op).model_json_schema()["properties"]  # nothing to wait for
    text = describe_error(TaskTimeoutError("t1", "running", 5), lookup_tool=None)
    assert "None" not in text and "ask for it again with task_id='t1'" in text

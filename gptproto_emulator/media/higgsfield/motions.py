"""The emulator's motion templates (API.md §14.1), in the THIRD-PARTY list shape.

"Eyes In" is the example of §14.1 field for field; ``5d0eee15-…`` is the motion id of the
Postman generate examples (its name is the emulator's); the rest are the emulator's own.

    >>> [m["name"] for m in search_motions("dance", 20)]
    ['Dance Party']
"""

from __future__ import annotations

from typing import Any

from gptproto_emulator.http.origin import files_url

JSONObject = dict[str, Any]
_EYES_IN_PREVIEW = "https://d1xarpci4ikg0w.cloudfront.net/a8caa3db-bcf2-4e30-b5fe-37fafdd59140.webp"


def _motion(motion_id: str, name: str, categories: list[str], url: str | None = None) -> JSONObject:
    # url None: the emulator's own preview, served by its stand-in CDN (set when answering).
    media = {"width": 320, "height": 202, "url": url}
    return {
        "id": motion_id,
        "name": name,
        "media": {**media, "type": "animated"},
        "priority": -1,
        "tags": [],
        "params": None,
        "categories": categories,
    }


MOTIONS: tuple[JSONObject, ...] = (
    _motion(
        "f226ac67-43d3-4726-ad9c-132608bda8b3",
        "Eyes In",
        ["vfx", "epic_camera_control"],
        _EYES_IN_PREVIEW,
    ),
    _motion("5d0eee15-569c-4006-a1c7-46d1c42d9315", "Dance Party", ["dance"]),
    _motion("0b1c2d3e-4f50-4617-8a9b-0c1d2e3f4a5b", "Crash Zoom In", ["epic_camera_control"]),
    _motion("1c2d3e4f-5061-4728-9bac-1d2e3f4a5b6c", "Dolly Out", ["camera_control"]),
    _motion("2d3e4f50-6172-4839-acbd-2e3f4a5b6c7d", "360 Orbit", ["camera_control"]),
    _motion("3e4f5061-7283-494a-bdce-3f4a5b6c7d8e", "Levitation", ["vfx"]),
)
MOTION_IDS = frozenset(m["id"] for m in MOTIONS)


def search_motions(search: str, size: int) -> list[JSONObject]:
    """The motions whose name contains ``search`` (any case), at most ``size`` of them."""
    word = search.strip().lower()
    return [_with_preview(m) for m in MOTIONS if word in m["name"].lower()][:size]


def _with_preview(motion: JSONObject) -> JSONObject:
    """The motion with a preview a client can fetch from the answering server (media/cdn.py)."""
    url = motion["media"]["url"] or files_url(f"higgsfield/motions/{motion['id']}.webp")
    return {**motion, "media": {**motion["media"], "url": url}}

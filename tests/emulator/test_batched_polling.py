"""`AsyncTaskRunner.run_many`: many Midjourney jobs followed with one list-by-condition request per
round (API.md §7.3), counted by the emulator itself."""

from __future__ import annotations

import pytest

from gptproto_core import AsyncGPTProtoClient
from gptproto_core.errors import ConfigurationError
from gptproto_core.tasks import AsyncTaskRunner, PollSchedule
from gptproto_core.vendors import kling
from gptproto_core.vendors import midjourney as mj
from gptproto_core.vendors._inputs import validated

LIST = "POST /mj/task/list-by-condition"
SCHEDULE = PollSchedule(first_wait=0.01, interval=0.01, growth=1, timeout=20)


def imagine(prompt: str) -> mj.Job:
    return mj.imagine(validated(mj.ImagineRequest, prompt=prompt))


async def test_many_jobs_are_polled_with_one_list_request_per_round(gptproto_emulator):
    gptproto_emulator.set_clock_speed(200)
    gptproto_emulator.script_next_job("midjourney", "fail", "Job action restricted")
    jobs = [imagine(f"fox {i}") for i in range(12)]
    async with AsyncGPTProtoClient(
        api_key=gptproto_emulator.api_key, base_url=gptproto_emulator.url
    ) as client:
        tasks = await AsyncTaskRunner(client, SCHEDULE).run_many(jobs)
    requests = gptproto_emulator.counters()["requests"]
    assert requests["POST /mj/submit/imagine"] == 12
    assert not [name for name in requests if name.endswith("/fetch")]
    assert 1 <= requests[LIST] < 12  # rounds, not jobs: 12 jobs take fewer list requests
    # one scripted failure is told, not raised; the other eleven made their grids
    assert sorted(t.status for t in tasks).count("succeeded") == 11
    (failed,) = [t for t in tasks if t.status == "failed"]
    assert failed.error == "Job action restricted"


async def test_run_many_refuses_jobs_it_cannot_list_together(gptproto_emulator):
    video = kling.text_to_video(validated(kling.TextToVideoRequest, prompt="a plane"))
    async with AsyncGPTProtoClient(
        api_key=gptproto_emulator.api_key, base_url=gptproto_emulator.url
    ) as client:
        with pytest.raises(ConfigurationError, match="one vendor that lists tasks"):
            await AsyncTaskRunner(client, SCHEDULE).run_many([imagine("fox"), video])
    assert gptproto_emulator.counters()["submissions"] == {}

"""The progress estimate for vendors that report only a status: from the poll plan's expected
finish, marked as an estimate, monotonic per task, never 100% before the job has ended, and the
Task itself untouched."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gptproto_core.polling import CEILING, PollPlan, PollSchedule, ProgressMeter, estimate
from gptproto_core.task_types import Task
from gptproto_core.tool_runs import progress_meter
from gptproto_core.tool_table import OPERATIONS


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def running(task_id: str = "t1", progress: float | None = None, status: str = "running") -> Task:
    return Task(
        id=task_id, vendor="kling", operation="text_to_video", status=status, progress=progress
    )  # type: ignore[arg-type]


def test_the_estimate_follows_the_expected_finish_and_is_marked():
    clock = Clock()
    meter = ProgressMeter(100, clock=clock)
    task = running()
    first = meter.read(task)
    clock.now += 50
    half = meter.read(task)
    clock.now += 50
    at_finish = meter.read(task)
    assert first.estimated and first.progress == 0.0
    assert half.estimated and half.progress == 0.45
    assert at_finish.progress == 0.9
    assert task.progress is None  # the Task is never given our guess


def test_a_late_job_still_moves_but_never_reaches_one():
    clock = Clock()
    meter = ProgressMeter(10, clock=clock)
    meter.read(running())
    values = []
    for _ in range(50):
        clock.now += 60
        values.append(meter.read(running()).progress)
    assert values == sorted(values) and values[-1] < CEILING < 1


def test_the_end_reports_the_vendor_figure_not_an_estimate():
    clock = Clock()
    meter = ProgressMeter(10, clock=clock)
    meter.read(running())
    clock.now += 5
    done = meter.read(running(progress=1.0, status="succeeded"))
    assert done.progress == 1.0 and not done.estimated


def test_a_real_figure_behind_the_estimate_never_pulls_the_bar_back():
    clock = Clock()
    meter = ProgressMeter(10, clock=clock)
    meter.read(running())
    clock.now += 8
    ahead = meter.read(running())  # 0.72 estimated
    behind = meter.read(running(progress=0.5))  # Suno: one clip of two is done
    past = meter.read(running(progress=0.95))
    assert behind.progress == ahead.progress and behind.estimated
    assert past.progress == 0.95 and not past.estimated


def test_a_new_task_starts_its_own_bar():
    clock = Clock()
    meter = ProgressMeter(10, clock=clock)
    meter.read(running("lyrics/1"))
    clock.now += 9
    assert meter.read(running("lyrics/1")).progress == pytest.approx(0.81)
    assert meter.read(running("a,b")).progress == 0.0


def test_no_typical_duration_means_no_estimate():
    meter = ProgressMeter(None)
    assert meter.read(running()).progress is None
    assert meter.read(running(progress=0.3)).progress == 0.3
    assert not meter.read(running(progress=0.3)).estimated


def test_status_only_vendors_have_durations_and_lookups_get_no_estimate():
    schedule = PollSchedule()
    for name in ("suno_generate_music", "kling_text_to_video", "doubao_seedance_generate_video"):
        assert OPERATIONS[name].typical_seconds
        assert progress_meter(OPERATIONS[name], schedule).expected
    assert OPERATIONS["midjourney_imagine"].typical_seconds is None  # it reports its progress
    assert progress_meter(OPERATIONS["kling_get_task"], schedule).expected is None


def test_the_plan_expects_the_typical_finish_until_progress_shows_a_rate():
    plan = PollPlan(PollSchedule(), started=0.0, expected=60)
    assert plan.expected_finish() == 60
    plan.observe(running(progress=0.2), 10)
    plan.observe(running(progress=0.4), 20)
    assert plan.expected_finish() == 50  # the vendor's own rate wins


@given(
    expected=st.floats(min_value=0.5, max_value=1e4),
    steps=st.lists(
        st.tuples(
            st.floats(min_value=0, max_value=1e4),
            st.one_of(st.none(), st.floats(min_value=0, max_value=0.999)),
        ),
        max_size=30,
    ),
)
def test_monotonic_and_below_one_until_done(expected, steps):
    clock = Clock()
    meter = ProgressMeter(expected, clock=clock)
    shown = []
    for wait, real in steps:
        clock.now += wait
        reading = meter.read(running(progress=real))
        assert reading.progress is not None and reading.progress < 1
        shown.append(reading.progress)
    assert shown == sorted(shown)


@given(st.floats(min_value=0, max_value=1e6), st.floats(min_value=0.01, max_value=1e5))
def test_the_curve_stays_in_range(elapsed, expected):
    assert 0 <= estimate(elapsed, expected) < CEILING

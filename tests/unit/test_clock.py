"""The clocks time-dependent parts are given: fixed, manual, and moved forward from another."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from scheduler.clock import (
    BELIEVE_STEP_AFTER,
    ManualClock,
    OffsetClock,
    Repeating,
    SteadyClock,
)

START = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


def test_offset_clock_adds_what_it_was_moved_to_its_base() -> None:
    """Moves add up, and the clock keeps running with its base between them."""
    base = ManualClock(START)
    clock = OffsetClock(base)
    assert clock.now() == START
    clock.advance(timedelta(days=1))
    clock.advance(timedelta(hours=3))
    base.advance(timedelta(seconds=5))
    assert clock.offset == timedelta(days=1, hours=3)
    assert clock.now() == START + timedelta(days=1, hours=3, seconds=5)
    assert clock.now().tzinfo is UTC


def test_offset_clock_never_goes_back() -> None:
    """A negative move is refused and changes nothing."""
    clock = OffsetClock(ManualClock(START))
    with pytest.raises(ValueError, match="forward"):
        clock.advance(timedelta(minutes=-1))
    assert clock.now() == START


def test_a_step_of_the_manual_clock_moves_the_wall_clock_only() -> None:
    """step() sets the wall clock either way; monotonic time moves only with advance()."""
    clock = ManualClock(START)
    before = clock.monotonic()
    clock.step(timedelta(hours=-2))
    assert clock.now() == START - timedelta(hours=2)
    assert clock.monotonic() == before
    clock.advance(timedelta(seconds=5))
    assert clock.monotonic() == before + 5


def test_steady_clock_follows_a_wall_clock_that_runs_as_time_does() -> None:
    """Without steps, the steady view is the wall clock, small drift included."""
    base = ManualClock(START)
    steady = SteadyClock(base)
    assert steady.now() == START
    base.advance(timedelta(hours=1))
    base.step(timedelta(seconds=2))
    assert steady.now() == START + timedelta(hours=1, seconds=2)


def test_steady_clock_believes_a_step_back_at_once() -> None:
    """Going back can make nothing late, so it is believed on the first reading."""
    base = ManualClock(START)
    steady = SteadyClock(base)
    steady.now()
    base.step(timedelta(hours=-2))
    assert steady.now() == START - timedelta(hours=2)


def test_a_forward_step_corrected_within_five_minutes_is_never_believed() -> None:
    """A day ahead for 25 s, then back: the steady view ran on at the pace of time meanwhile."""
    base = ManualClock(START)
    steady = SteadyClock(base)
    steady.now()
    base.step(timedelta(days=1))
    base.advance(timedelta(seconds=5))
    assert steady.now() == START + timedelta(seconds=5)
    base.advance(timedelta(seconds=20))
    assert steady.now() == START + timedelta(seconds=25)
    base.step(timedelta(days=-1))
    base.advance(timedelta(seconds=5))
    assert steady.now() == START + timedelta(seconds=30)


def test_a_forward_step_that_lasts_five_minutes_is_believed() -> None:
    """A virtual machine resumed hours later: its clock is right, and believed after 5 min."""
    base = ManualClock(START)
    steady = SteadyClock(base)
    steady.now()
    base.step(timedelta(hours=3))
    assert steady.now() == START
    base.advance(BELIEVE_STEP_AFTER - timedelta(seconds=1))
    assert steady.now() == START + BELIEVE_STEP_AFTER - timedelta(seconds=1)
    base.advance(timedelta(seconds=1))
    assert steady.now() == START + timedelta(hours=3) + BELIEVE_STEP_AFTER


class Pauses:
    """Stands in for asyncio.sleep: each pause lasts until the test lets it end."""

    def __init__(self) -> None:
        self.asked: list[float] = []
        self.gate = asyncio.Queue[None]()

    async def __call__(self, seconds: float) -> None:
        self.asked.append(seconds)
        await self.gate.get()


async def settle() -> None:
    """Let every task that can run, run (no time passes)."""
    for _ in range(20):
        await asyncio.sleep(0)


async def test_repeating_runs_after_each_pause_until_stopped() -> None:
    """First pause, action, pause, action...; stop() ends a pause at once, mid-wait.

    The pauses are the only clock it has: no wall-clock instant is planned, so a step of the
    wall clock either way cannot delay a run.
    """
    pauses = Pauses()
    runs: list[int] = []

    async def action() -> None:
        runs.append(len(runs))

    repeating = Repeating(action, seconds=5, first=1, wait=pauses)
    task = asyncio.create_task(repeating.run())
    await settle()
    assert (pauses.asked, runs) == ([1], [])
    for _ in range(3):
        await pauses.gate.put(None)
        await settle()
    repeating.stop()
    await task
    assert runs == [0, 1, 2]
    assert pauses.asked == [1, 5, 5, 5]

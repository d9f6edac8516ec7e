"""The clocks time-dependent parts are given: fixed, manual, and moved forward from another."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from scheduler.clock import ManualClock, OffsetClock

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

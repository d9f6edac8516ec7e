"""Which days plan no sessions: paused days, hold days, and both together."""

from __future__ import annotations

from datetime import UTC, date, datetime

from coach.days_off import days_off, days_paused
from rehab.progress_rules import HoldSpan
from storage.history import PauseRecord

ZONE = "America/New_York"


def at(day: int, hour: int) -> datetime:
    """An instant in December 2026, UTC (New York is five hours behind)."""
    return datetime(2026, 12, day, hour, tzinfo=UTC)


def dec(*days: int) -> frozenset[date]:
    return frozenset(date(2026, 12, day) for day in days)


def test_a_pause_covers_every_day_it_touches() -> None:
    pause = PauseRecord(started_at=at(3, 15), ends_at=at(6, 15))
    assert days_paused([pause], zone=ZONE, until=date(2026, 12, 31)) == dec(3, 4, 5, 6)


def test_a_pause_ending_at_midnight_leaves_that_day_alone() -> None:
    pause = PauseRecord(started_at=at(3, 15), ends_at=at(6, 5))  # 00:00 in New York
    assert days_paused([pause], zone=ZONE, until=date(2026, 12, 31)) == dec(3, 4, 5)


def test_days_are_the_persons_local_days() -> None:
    """03:00 UTC on the 4th is still the 3rd in New York."""
    pause = PauseRecord(started_at=at(4, 3), ends_at=at(4, 4))
    assert days_paused([pause], zone=ZONE, until=date(2026, 12, 31)) == dec(3)


def test_a_pause_begun_and_ended_on_one_day_covers_it() -> None:
    pause = PauseRecord(started_at=at(3, 14), ends_at=at(3, 20))
    assert days_paused([pause], zone=ZONE, until=date(2026, 12, 31)) == dec(3)


def test_an_open_pause_runs_up_to_today() -> None:
    pause = PauseRecord(started_at=at(3, 15), ends_at=None)
    assert days_paused([pause], zone=ZONE, until=date(2026, 12, 5)) == dec(3, 4, 5)


def test_days_off_joins_holds_and_pauses() -> None:
    pauses = [PauseRecord(started_at=at(10, 15), ends_at=at(12, 15))]
    holds = [HoldSpan(date(2026, 12, 3), date(2026, 12, 6))]
    assert days_off(holds, pauses, zone=ZONE, until=date(2026, 12, 31)) == dec(4, 5, 10, 11, 12)

"""The pure rehab rules: injury answers, default pain limits, session length."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rehab.injury import AnswerError, Onset, check_injury_date
from rehab.pain import DEFAULT_PAIN_LIMIT
from rehab.protocol import Phase
from rehab.routine import routine_for
from tests.unit.protocol_samples import SAMPLE_TRACK

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("day", "accepted"),
    [
        (TODAY, True),
        (TODAY - timedelta(days=1), True),
        (TODAY - timedelta(days=365), True),
        (TODAY - timedelta(days=366), False),
        (TODAY + timedelta(days=1), False),
    ],
)
def test_injury_dates_from_the_last_year_are_accepted(day: date, accepted: bool) -> None:
    """An injury date is taken from up to a year back to today, and nothing else."""
    if accepted:
        assert check_injury_date(day, today=TODAY) == day
    else:
        with pytest.raises(AnswerError):
            check_injury_date(day, today=TODAY)


def test_default_limits_follow_the_tracks() -> None:
    """A fresh strain works to just before pain; an overuse problem tolerates up to 5/10."""
    assert DEFAULT_PAIN_LIMIT == {Onset.SUDDEN: 3, Onset.GRADUAL: 5}


@pytest.mark.parametrize("phase", SAMPLE_TRACK.phases, ids=lambda p: p.key)
def test_a_second_daily_session_is_shorter(phase: Phase) -> None:
    """Session 2 of a day asks for no more exercises than session 1, and never for none."""
    first, second = (
        routine_for(phase, day_in_phase=0, session=n, sessions_per_day=2, done_days=())
        for n in (1, 2)
    )
    assert 0 < len(second.prescriptions) <= len(first.prescriptions)
    assert second.shorter
    assert not first.shorter

"""The weekly summary's numbers: sessions done against planned, and the pain trend.

Weeks run Monday to Sunday in the person's local time. The trend compares average session pain
week on week (silbernagel2007: pain should not rise from week to week); rising two weeks in a
row is a reason to talk to the provider. Feedback on sessions done each week follows the
semi-interactive SMS programme of Bennell 2020 (reinforce three or more sessions a week).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from statistics import fmean

from rehab.adherence import Adherence, DaySession, Praise, adherence, praise
from rehab.injury import SessionOutcome
from rehab.pain import STOP_PAIN

# Average pain must move by more than this to count as rising or falling, not steady.
STEADY_BAND = 0.5


class Trend(StrEnum):
    """Which way average session pain went compared with the week before."""

    RISING = "rising"
    STEADY = "steady"
    FALLING = "falling"
    UNKNOWN = "unknown"  # no pain reported in one of the two weeks


@dataclass(frozen=True)
class Logged:
    """One logged session, as the summary needs it."""

    day: date
    outcome: SessionOutcome
    pain: int | None


@dataclass(frozen=True)
class WeekSummary:
    """What one week looked like."""

    week_start: date
    sessions: Adherence
    average_pain: float | None
    previous_average_pain: float | None
    trend: Trend
    rising_two_weeks: bool
    # Sessions whose pain went above the person's limit, and those at 7/10 or more.
    above_limit: int = 0
    stops: int = 0

    @property
    def done(self) -> int:
        """Sessions done or partly done."""
        return self.sessions.done

    @property
    def planned(self) -> int:
        """Sessions planned, as everywhere (rehab.adherence)."""
        return self.sessions.planned

    @property
    def praise(self) -> Praise:
        """What the week's numbers deserve."""
        return praise(self.sessions)


def week_start(day: date) -> date:
    """The Monday of the week a day belongs to."""
    return day - timedelta(days=day.weekday())


def summarize(
    logged: Sequence[Logged],
    *,
    week_of: date,
    sessions_per_day: int,
    started_on: date,
    limit: int | None = None,
    off_days: Collection[date] = (),
) -> WeekSummary:
    """Summarise the week containing ``week_of`` from the sessions logged in it and before,
    as seen on its Sunday (the day it is sent); ``off_days`` are days on a hold or paused."""
    if sessions_per_day not in (1, 2):
        raise ValueError("sessions per day are 1 or 2")
    monday = week_start(week_of)
    sunday = monday + timedelta(days=6)
    # The week's pain is read from the sessions its adherence counts: none before the start.
    in_week = [entry for entry in logged if max(monday, started_on) <= entry.day <= sunday]
    this = _average_pain(in_week, monday)
    last, before = (_average_pain(logged, monday - timedelta(weeks=back)) for back in (1, 2))
    pains = [entry.pain for entry in in_week if entry.pain is not None]
    return WeekSummary(
        week_start=monday,
        sessions=adherence(
            (DaySession(entry.day, entry.outcome) for entry in in_week),
            first=max(monday, started_on),
            today=sunday,
            sessions_per_day=sessions_per_day,
            off_days=off_days,
        ),
        above_limit=0 if limit is None else sum(pain > limit for pain in pains),
        stops=sum(pain >= STOP_PAIN for pain in pains),
        average_pain=this,
        previous_average_pain=last,
        trend=_trend(last, this),
        rising_two_weeks=_trend(before, last) is Trend.RISING
        and _trend(last, this) is Trend.RISING,
    )


def _average_pain(logged: Sequence[Logged], monday: date) -> float | None:
    pains = [
        entry.pain
        for entry in logged
        if entry.pain is not None and monday <= entry.day < monday + timedelta(days=7)
    ]
    return round(fmean(pains), 1) if pains else None


def _trend(earlier: float | None, later: float | None) -> Trend:
    if earlier is None or later is None:
        return Trend.UNKNOWN
    if later - earlier > STEADY_BAND:
        return Trend.RISING
    if earlier - later > STEADY_BAND:
        return Trend.FALLING
    return Trend.STEADY

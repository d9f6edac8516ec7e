"""Adherence, defined once: sessions done or partly done against sessions planned.

Every day from the first of the window up to yesterday plans ``sessions_per_day`` sessions;
today plans as many as are logged already (a session still to come is not missed yet). Days
off - a safety hold, when nothing may be loaded, or a pause the person asked for - plan none,
unless a session was logged on them anyway. The weekly summary, /progress and /report all
count this way, so they agree.

Praise follows the numbers (Bennell 2020 reinforced three or more sessions a week; the
thresholds below are the project's): a week is praised for its consistency only when most of
what was planned was done.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rehab.injury import SessionOutcome

DONE_OUTCOMES = (SessionOutcome.DONE, SessionOutcome.PARTLY)
# Shares of the planned sessions done that earn each word.
GREAT_SHARE = 0.8
STEADY_SHARE = 0.5


@dataclass(frozen=True)
class Adherence:
    """Sessions done (or partly) out of those planned in a window."""

    done: int
    planned: int

    @property
    def ratio(self) -> float | None:
        """Done over planned, or None when nothing was planned yet."""
        return None if self.planned == 0 else self.done / self.planned


@dataclass(frozen=True)
class DaySession:
    """One logged session: its local day and how it went."""

    day: date
    outcome: SessionOutcome


class Praise(StrEnum):
    """What the numbers deserve."""

    GREAT = "great"  # most of the plan done
    STEADY = "steady"  # about half or more
    THIN = "thin"  # less than half
    NOTHING_PLANNED = "nothing_planned"


def adherence(
    sessions: Iterable[DaySession],
    *,
    first: date,
    today: date,
    sessions_per_day: int,
    off_days: Collection[date] = (),
) -> Adherence:
    """Count the sessions done against those planned from ``first`` to ``today``."""
    if first > today:
        return Adherence(done=0, planned=0)
    logged: defaultdict[date, int] = defaultdict(int)
    done: defaultdict[date, int] = defaultdict(int)
    for entry in sessions:
        if first <= entry.day <= today:
            logged[entry.day] += 1
            done[entry.day] += entry.outcome in DONE_OUTCOMES
    planned = 0
    day = first
    while day <= today:
        if day == today:
            planned += min(logged[day], sessions_per_day)
        elif day not in off_days or logged[day]:
            planned += sessions_per_day
        day += timedelta(days=1)
    return Adherence(
        done=sum(min(count, sessions_per_day) for count in done.values()), planned=planned
    )


def praise(numbers: Adherence) -> Praise:
    """The word the numbers deserve, by the thresholds above."""
    ratio = numbers.ratio
    if ratio is None:
        return Praise.NOTHING_PLANNED
    if ratio >= GREAT_SHARE:
        return Praise.GREAT
    if ratio >= STEADY_SHARE:
        return Praise.STEADY
    return Praise.THIN

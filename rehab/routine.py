"""Which of a phase's prescriptions are due in one session.

Exercises done less often than daily (askling2013: the Diver every other day, the Glider every
third day; the Nordic weekly) are due by when they were last actually done, not by the calendar:
replaying the phase from its first day means a skipped day makes the exercise due the next day
instead of pushing it back by a further interval. A second daily session is a short one
(askling2013: the Extender twice a day), since adherence falls as more is prescribed.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from rehab.protocol import Frequency, Phase, Prescription

SESSIONS_PER_DAY = (1, 2)


@dataclass(frozen=True)
class Routine:
    """What to do in one session of one day, in the phase's order."""

    phase: Phase
    session: int
    prescriptions: tuple[Prescription, ...]
    shorter: bool  # a reduced second session of the day


def routine_for(
    phase: Phase,
    *,
    day_in_phase: int,
    session: int,
    sessions_per_day: int,
    done_days: Collection[int],
) -> Routine:
    """Build the routine for one session of day ``day_in_phase`` (0 on the phase's first day).

    ``done_days`` are the earlier days of the phase on which the first session was done or
    partly done; other entries are ignored.
    """
    if sessions_per_day not in SESSIONS_PER_DAY:
        raise ValueError(f"sessions per day are 1 or 2, not {sessions_per_day}")
    if not 1 <= session <= sessions_per_day:
        raise ValueError(f"session {session} of {sessions_per_day} a day does not exist")
    if day_in_phase < 0:
        raise ValueError(f"day {day_in_phase} is before the phase started")
    if not phase.prescriptions:
        raise ValueError(f"phase {phase.key} prescribes nothing")
    if session == 2:
        return Routine(phase=phase, session=2, prescriptions=_second_session(phase), shorter=True)
    last_done: dict[int, int] = {}  # prescription index -> day it was last done
    # The routine of a day changes nothing unless that day was done, so only done days replay.
    for day in sorted({d for d in done_days if 0 <= d < day_in_phase}):
        for index in _due(phase, day=day, last_done=last_done):
            last_done[index] = day
    due = _due(phase, day=day_in_phase, last_done=last_done)
    return Routine(
        phase=phase,
        session=1,
        prescriptions=tuple(phase.prescriptions[i] for i in due),
        shorter=False,
    )


def _due(phase: Phase, *, day: int, last_done: dict[int, int]) -> list[int]:
    """Indexes of the prescriptions due on ``day``; the first one if none is (never empty)."""
    due = [
        index
        for index, prescription in enumerate(phase.prescriptions)
        if index not in last_done or day - last_done[index] >= prescription.frequency.interval_days
    ]
    return due or [0]


def _second_session(phase: Phase) -> tuple[Prescription, ...]:
    """The twice-daily prescriptions; else the daily ones; else the first (never empty)."""
    for frequency in (Frequency.TWICE_DAILY, Frequency.DAILY):
        chosen = tuple(p for p in phase.prescriptions if p.frequency is frequency)
        if chosen:
            return chosen
    return phase.prescriptions[:1]

"""Which of a phase's prescriptions are due in one session.

Exercises done less often than daily (askling2013: the Diver every other day, the Glider every
third day; the Nordic weekly) are due by when they were last actually done, not by the calendar:
replaying the phase from its first day means a skipped day makes the exercise due the next day
instead of pushing it back by a further interval. A second daily session is a short one
(askling2013: the Extender twice a day), since adherence falls as more is prescribed.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from rehab.protocol import Frequency, Phase, Prescription

SESSIONS_PER_DAY = (1, 2)
DAYS_A_WEEK = 7


@dataclass(frozen=True)
class Routine:
    """What to do in one session of one day, in the phase's order.

    Doses are the ones for this day: a build-up's week, eased after pain above the limit.
    """

    phase: Phase
    session: int
    prescriptions: tuple[Prescription, ...]
    shorter: bool  # a reduced second session of the day
    of: int = 1  # sessions planned that day: with one, it needs no number
    eased: bool = False
    # Exercises of the phase waiting for a condition (``Prescription.needs``) not met yet.
    waiting: tuple[Prescription, ...] = ()
    # The build-up week (1-based) of each build-up exercise in the routine, by exercise key.
    build_up_weeks: tuple[tuple[str, int], ...] = ()
    # The keys of the exercises that came in after the phase's first day and are not done yet
    # (their steps are shown).
    new: frozenset[str] = frozenset()


def routine_for(
    phase: Phase,
    *,
    day_in_phase: int,
    session: int,
    sessions_per_day: int,
    done_days: Collection[int],
    needs_met_from: Mapping[str, int] | None = None,
    build_up_from: int = 0,
    eased: bool = False,
) -> Routine:
    """Build the routine for one session of day ``day_in_phase`` (0 on the phase's first day).

    ``done_days`` are the earlier days of the phase on which the first session was done or
    partly done; other entries are ignored. ``needs_met_from`` gives, per condition met, the
    first day of the phase it held (negative if before the phase). ``build_up_from`` is the day
    the phase's build-ups began counting: 0 when they begin in this phase, negative when an
    earlier phase began them. ``eased`` gives every dose its lighter form.
    """
    if sessions_per_day not in SESSIONS_PER_DAY:
        raise ValueError(f"sessions per day are 1 or 2, not {sessions_per_day}")
    if not 1 <= session <= sessions_per_day:
        raise ValueError(f"session {session} of {sessions_per_day} a day does not exist")
    if day_in_phase < 0:
        raise ValueError(f"day {day_in_phase} is before the phase started")
    if not phase.prescriptions:
        raise ValueError(f"phase {phase.key} prescribes nothing")
    if build_up_from > day_in_phase:
        raise ValueError("a build-up cannot begin after the day it is asked for")
    met = needs_met_from or {}
    waiting = tuple(p for p in phase.prescriptions if _waits(p, day_in_phase, met))
    new: frozenset[str] = frozenset()
    if session == 2:
        chosen = _second_session(phase, waiting)
    else:
        done: dict[int, list[int]] = {}  # prescription index -> days it was done, in order
        # The routine of a day changes nothing unless that day was done, so only done days replay.
        for day in sorted({d for d in done_days if 0 <= d < day_in_phase}):
            for index in _due(phase, day=day, done=done, met=met, build_up_from=build_up_from):
                done.setdefault(index, []).append(day)
        due = _due(phase, day=day_in_phase, done=done, met=met, build_up_from=build_up_from)
        chosen = tuple(phase.prescriptions[i] for i in due)
        # Every step is shown on the phase's first day; an exercise that waited for a
        # condition is new until it is first done.
        new = frozenset(
            phase.prescriptions[i].exercise.key
            for i in due
            if i not in done and phase.prescriptions[i].needs is not None
        )
    weeks = {
        p.exercise.key: _build_up_week(day_in_phase, build_up_from)
        for p in chosen
        if p.build_up is not None
    }
    doses = tuple(_for_the_day(p, weeks, eased=eased) for p in chosen)
    return Routine(
        phase=phase,
        session=session,
        prescriptions=doses,
        shorter=session == 2,
        of=sessions_per_day,
        eased=eased,
        waiting=waiting,
        build_up_weeks=tuple(weeks.items()),
        new=new,
    )


def _for_the_day(
    prescription: Prescription, weeks: Mapping[str, int], *, eased: bool
) -> Prescription:
    """The prescription with the dose and frequency of its build-up week, eased if asked."""
    if prescription.build_up is not None:
        step = prescription.build_up.step_in(weeks[prescription.exercise.key])
        prescription = replace(
            prescription, dose=step.dose, frequency=Frequency.per_week(step.per_week)
        )
    if eased:
        prescription = replace(prescription, dose=prescription.dose.eased())
    return prescription


def _build_up_week(day: int, build_up_from: int) -> int:
    return (day - build_up_from) // DAYS_A_WEEK + 1


def _due(
    phase: Phase,
    *,
    day: int,
    done: Mapping[int, list[int]],
    met: Mapping[str, int],
    build_up_from: int,
) -> list[int]:
    """Indexes of the prescriptions due on ``day``; the first one if none is (never empty)."""
    due = []
    for index, prescription in enumerate(phase.prescriptions):
        if _waits(prescription, day, met):
            continue
        days = done.get(index, [])
        if prescription.build_up is None:
            interval = prescription.frequency.interval_days
            if not days or day - days[-1] >= interval:
                due.append(index)
            continue
        # A build-up counts its sessions week by week, each at least a few days apart.
        per_week = prescription.build_up.step_in(_build_up_week(day, build_up_from)).per_week
        week_began = day - (day - build_up_from) % DAYS_A_WEEK
        this_week = [d for d in days if d >= week_began]
        spaced = not days or day - days[-1] >= DAYS_A_WEEK // per_week
        if len(this_week) < per_week and spaced:
            due.append(index)
    return due or [_first_free(phase, day=day, met=met)]


def _waits(prescription: Prescription, day: int, met: Mapping[str, int]) -> bool:
    """Whether the prescription waits, on ``day``, for a condition not met yet."""
    needs = prescription.needs
    return needs is not None and met.get(needs, day + 1) > day


def _first_free(phase: Phase, *, day: int, met: Mapping[str, int]) -> int:
    """The first prescription that waits for nothing on ``day``."""
    return next(i for i, p in enumerate(phase.prescriptions) if not _waits(p, day, met))


def _second_session(phase: Phase, waiting: tuple[Prescription, ...]) -> tuple[Prescription, ...]:
    """The twice-daily prescriptions; else the daily ones; else the first (never empty)."""
    ready = [p for p in phase.prescriptions if p not in waiting]
    for frequency in (Frequency.TWICE_DAILY, Frequency.DAILY):
        chosen = tuple(p for p in ready if p.frequency is frequency)
        if chosen:
            return chosen
    return tuple(ready[:1])

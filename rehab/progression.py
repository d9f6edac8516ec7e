"""Moving through a track's phases: forward by criteria, back after repeated pain.

heiderscheit2010: a phase is left only when all its criteria are met, one phase at a time.
silbernagel2007, thomee1997: pain above the limit twice in a row, or next-morning pain worse
twice in a week, holds progression and steps back one phase's load.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rehab.pain import Verdict
from rehab.protocol import Criterion, Track

# After a "not yet" on the criteria, ask again this much later: soon enough to keep momentum,
# late enough for something to change.
RETRY_AFTER_MISSING = timedelta(days=3)
# heiderscheit2010: progress on criteria met in the rehab itself, so a check needs most of the
# phase's sessions done (about two thirds) and no session above the pain limit in the last days.
SHARE_DONE = (2, 3)
PAIN_FREE_DAYS = 3


class Outcome(StrEnum):
    """The result of asking to leave a phase."""

    ADVANCED = "advanced"
    TOO_EARLY = "too_early"
    CRITERIA_MISSING = "criteria_missing"
    # The final phase's criteria are met: the programme is finished, the person stays in it.
    COMPLETED = "completed"


@dataclass(frozen=True)
class Decision:
    """What happened to a request to leave a phase, and when to ask again if it was refused."""

    outcome: Outcome
    phase: int  # the phase the person is in after the decision
    missing: tuple[Criterion, ...]  # unmet or unanswered criteria, in the phase's order
    retry_on: date | None


class NotReady(StrEnum):
    """Why a criteria check cannot start yet."""

    TOO_EARLY = "too_early"  # before the phase's minimum days
    AFTER_FAILED_CHECK = "after_failed_check"  # before the retry day of the last check
    TOO_FEW_SESSIONS = "too_few_sessions"
    RECENT_PAIN = "recent_pain"  # a session above the limit in the last few days
    BUILD_UP_UNFINISHED = "build_up_unfinished"  # a build-up that ends with this phase runs on


@dataclass(frozen=True)
class PhaseSoFar:
    """What the person did in the phase up to today, as the check needs it."""

    started_on: date
    sessions_per_day: int
    # Sessions done or partly done on the phase's days before today.
    sessions_done: int
    # The latest day a session's pain was above the limit, if any.
    last_day_above_limit: date | None
    # The first day a failed check may be tried again, if one failed in this phase.
    retry_from: date | None
    # The day the phase's build-ups began (``build_up_ends_on`` says when they end).
    build_up_began: date | None = None


@dataclass(frozen=True)
class CheckRefused:
    """A check refused for now: why, and the first day it may be tried again (if known)."""

    reason: NotReady
    retry_on: date | None


def not_ready(track: Track, *, phase: int, so_far: PhaseSoFar, today: date) -> CheckRefused | None:
    """Why the criteria check of ``phase`` cannot start today, or None when it can."""
    current = track.phase(phase)
    days = days_in_phase(so_far.started_on, today=max(today, so_far.started_on))
    if days < current.min_days:
        ready_on = so_far.started_on + timedelta(days=current.min_days)
        return CheckRefused(NotReady.TOO_EARLY, ready_on)
    if so_far.retry_from is not None and today < so_far.retry_from:
        return CheckRefused(NotReady.AFTER_FAILED_CHECK, so_far.retry_from)
    above = so_far.last_day_above_limit
    if above is not None and (today - above).days < PAIN_FREE_DAYS:
        return CheckRefused(NotReady.RECENT_PAIN, above + timedelta(days=PAIN_FREE_DAYS))
    ends = build_up_ends_on(track, phase=phase, began=so_far.build_up_began)
    if ends is not None and today < ends:
        return CheckRefused(NotReady.BUILD_UP_UNFINISHED, ends)
    planned = days * so_far.sessions_per_day
    share, whole = SHARE_DONE
    if so_far.sessions_done * whole < planned * share:
        return CheckRefused(NotReady.TOO_FEW_SESSIONS, None)
    return None


def build_up_ends_on(track: Track, *, phase: int, began: date | None) -> date | None:
    """The day the build-ups that end with ``phase`` are done, if it has any: those the next
    phase does not go on with (all of them in the last phase). petersen2011: the Nordic
    protects after its whole build-up, so the phase lasts until then."""
    if began is None:
        return None
    here = {p.build_up for p in track.phase(phase).prescriptions if p.build_up is not None}
    if phase < track.last_phase:
        here -= {p.build_up for p in track.phase(phase + 1).prescriptions}
    if not here:
        return None
    return began + timedelta(weeks=max(build_up.weeks for build_up in here))


def days_in_phase(started_on: date, *, today: date) -> int:
    """Count whole days since the phase started (0 on its first day)."""
    if today < started_on:
        raise ValueError(f"today ({today}) is before the phase started ({started_on})")
    return (today - started_on).days


def try_advance(
    track: Track, *, phase: int, started_on: date, today: date, answers: Mapping[str, bool]
) -> Decision:
    """Decide whether the person leaves ``phase``, given their yes/no answers by criterion key."""
    current = track.phase(phase)
    # The content sets each phase's minimum days from its source: criteria come after them.
    if days_in_phase(started_on, today=today) < current.min_days:
        return Decision(
            outcome=Outcome.TOO_EARLY,
            phase=phase,
            missing=(),
            retry_on=started_on + timedelta(days=current.min_days),
        )
    # heiderscheit2010: every criterion must be met; an unanswered one is not met.
    missing = tuple(c for c in current.criteria if answers.get(c.key) is not True)
    if missing:
        return Decision(
            outcome=Outcome.CRITERIA_MISSING,
            phase=phase,
            missing=missing,
            retry_on=today + RETRY_AFTER_MISSING,
        )
    if phase == track.last_phase:
        return Decision(outcome=Outcome.COMPLETED, phase=phase, missing=(), retry_on=None)
    return Decision(outcome=Outcome.ADVANCED, phase=phase + 1, missing=(), retry_on=None)


def step_back(track: Track, *, phase: int) -> int:
    """Return the phase one back from ``phase``, never before the first."""
    track.phase(phase)
    return max(1, phase - 1)


def phase_after(verdict: Verdict, track: Track, phase: int) -> int:
    """Return the phase a pain verdict leaves the person in.

    Only STEP_BACK moves them; STOP keeps the phase, since they pause and see a professional.
    """
    track.phase(phase)
    if verdict is Verdict.STEP_BACK:
        return step_back(track, phase=phase)
    return phase

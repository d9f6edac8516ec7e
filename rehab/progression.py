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

"""Pain rules: what a session's pain, or the next morning's answer, means for the next session.

Sources, by the keys the protocol content cites: silbernagel2007 and thomee1997 (the
pain-monitoring model), heiderscheit2010 (when a strain needs a professional), askling2013
(work only to just before pain). The exact rules are in /work/shared/clinical/REFERENCES.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from rehab.injury import Onset

# Pain at or above this during exercise means stop and see a professional, whatever else is true
# (heiderscheit2010: red flags need a professional; pain >= 7 is the critical alert level).
STOP_PAIN = 7

# The limits a person may agree with their provider: 7 or more always means stop, so it is no limit.
PAIN_LIMIT_RANGE = range(STOP_PAIN)

# Default limits when no provider-agreed one is set: "to just before pain" for a fresh strain
# (askling2013), up to 5/10 for an overuse problem (silbernagel2007, thomee1997).
DEFAULT_PAIN_LIMIT = {Onset.SUDDEN: 3, Onset.GRADUAL: 5}

# Next-morning pain or stiffness worse twice within this many days ending today means step back
# (silbernagel2007, thomee1997: pain after exercise should settle by the next morning).
MORNING_WINDOW = timedelta(days=7)

_PAIN_SCALE = range(11)


class Verdict(StrEnum):
    """What a pain report means for the next session, from mildest to most serious."""

    WITHIN_LIMIT = "within_limit"
    # Back off next session: less range, fewer repetitions, slower.
    ABOVE_LIMIT = "above_limit"
    # Hold progression, step back one phase's load and suggest contacting the provider.
    STEP_BACK = "step_back"
    # Stop exercising and see a professional now.
    STOP = "stop"


class MorningResponse(StrEnum):
    """How pain or stiffness feels the morning after exercise, compared with before the session."""

    BETTER = "better"
    SAME = "same"
    WORSE = "worse"


@dataclass(frozen=True)
class MorningReport:
    """One next-morning answer, on the person's local date."""

    day: date
    response: MorningResponse


def judge_session(
    pain: int | None, *, limit: int, previous_pain: int | None, red_flag: bool = False
) -> Verdict:
    """Judge the pain reported for a session against the person's limit and their last report.

    ``previous_pain`` is the pain of the person's previous reported session (``None`` if there
    is none); ``pain`` is ``None`` when they did not report one.
    """
    _check_pain(pain)
    _check_pain(previous_pain)
    if limit not in PAIN_LIMIT_RANGE:
        raise ValueError(
            f"a pain limit is 0-{STOP_PAIN - 1}: {STOP_PAIN} or more always means stop"
        )
    # heiderscheit2010: a red flag or pain >= 7 needs a professional, whatever the limit.
    if red_flag or (pain is not None and pain >= STOP_PAIN):
        return Verdict.STOP
    if pain is None or pain <= limit:
        return Verdict.WITHIN_LIMIT
    # silbernagel2007, thomee1997: above the limit twice in a row -> hold and step back.
    if previous_pain is not None and previous_pain > limit:
        return Verdict.STEP_BACK
    # silbernagel2007, thomee1997: above the limit once -> reduce the load next session.
    return Verdict.ABOVE_LIMIT


def judge_morning(
    response: MorningResponse, *, today: date, earlier: Sequence[MorningReport]
) -> Verdict:
    """Judge today's next-morning answer, given the earlier ones.

    Earlier reports dated today are left out, so answering again does not count twice.
    """
    if response is not MorningResponse.WORSE:
        return Verdict.WITHIN_LIMIT
    # silbernagel2007, thomee1997: worse next morning twice in a week -> hold and step back.
    window_start = today - (MORNING_WINDOW - timedelta(days=1))
    if any(
        report.response is MorningResponse.WORSE and window_start <= report.day < today
        for report in earlier
    ):
        return Verdict.STEP_BACK
    # silbernagel2007, thomee1997: worse next morning -> reduce the load.
    return Verdict.ABOVE_LIMIT


def _check_pain(pain: int | None) -> None:
    if pain is not None and pain not in _PAIN_SCALE:
        raise ValueError("pain is on a 0-10 scale")

"""Pain rules applied to one check-in (Silbernagel 2007; Heiderscheit 2010; clinical REFERENCES)."""

from __future__ import annotations

from enum import StrEnum

from rehab.injury import Onset

# Pain at or above this during exercise means stop and see a professional, whatever else is true.
STOP_PAIN = 7

# Default limits when no provider-agreed one is set: "to just before pain" for a fresh strain,
# up to 5/10 for an overuse problem (pain-monitoring model).
DEFAULT_PAIN_LIMIT = {Onset.SUDDEN: 3, Onset.GRADUAL: 5}


class PainVerdict(StrEnum):
    """What a reported pain level means for the next session."""

    WITHIN_LIMIT = "within_limit"
    ABOVE_LIMIT = "above_limit"
    STOP = "stop"


def judge_pain(pain: int, *, limit: int) -> PainVerdict:
    """Judge pain during exercise against the person's limit."""
    if not 0 <= pain <= 10:
        raise ValueError("pain is on a 0-10 scale")
    if pain >= STOP_PAIN:
        return PainVerdict.STOP
    if pain > limit:
        return PainVerdict.ABOVE_LIMIT
    return PainVerdict.WITHIN_LIMIT
